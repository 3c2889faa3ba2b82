package claps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Mode is how an HTTPScorer gets label scores from the server.
type Mode string

const (
	// ModeEcho scores each label exactly: the completions endpoint echoes
	// input + " " + label with per-token log-probabilities (echo: true,
	// logprobs), and the label's score is the sum over its tokens. vLLM
	// serves this.
	ModeEcho Mode = "echo"
	// ModeTopK asks the completions endpoint for one token with its top-k
	// log-probabilities and reads the label words from them (llama.cpp
	// server, Ollama, vLLM). A label outside the top-k gets a floor value.
	// Only the next token is seen, so label words should be single tokens
	// of the model (" positive" and " negative" are, for most tokenizers).
	ModeTopK Mode = "topk"
	// ModeChat is ModeTopK on the chat completions endpoint (logprobs: true,
	// top_logprobs), for OpenAI's chat models and Ollama.
	ModeChat Mode = "chat"
)

// HTTPOptions configures an HTTPScorer. Zero fields take the defaults in
// brackets.
type HTTPOptions struct {
	// BaseURL is the server's OpenAI-compatible API root, e.g.
	// http://localhost:8000/v1; /completions or /chat/completions is added.
	BaseURL string
	Model   string
	Mode    Mode // [echo]
	// APIKey is sent as a bearer token. Empty means the YAK_LLM_API_KEY
	// environment variable, then OPENAI_API_KEY. It never appears in errors.
	APIKey string
	TopK   int // log-probabilities asked for in the topk and chat modes [5]
	// Floor is the log-probability given to a label missing from the top-k.
	// Zero means the lowest log-probability the server returned, an upper
	// bound of the missing label's. Floored labels are counted (Floored).
	Floor      float64
	Timeout    time.Duration // per request [60s]
	MaxRetries int           // retries on 429, 5xx and network errors [4]; negative means none (one attempt)
	Backoff    time.Duration // first retry delay, doubled each time [250ms]
	RateLimit  float64       // most requests per second; 0 means no limit
	Client     *http.Client  // [a new client]
}

// HTTPScorer scores label words with an OpenAI-compatible server. It is
// safe for concurrent use; the Evaluator's workers bound its concurrency.
type HTTPScorer struct {
	opts    HTTPOptions
	key     string
	floored atomic.Int64
	calls   atomic.Int64

	rateMu sync.Mutex
	next   time.Time
}

// NewHTTPScorer checks the options and returns a scorer. It does not
// contact the server.
func NewHTTPScorer(opts HTTPOptions) (*HTTPScorer, error) {
	if opts.BaseURL == "" {
		return nil, fmt.Errorf("claps: HTTPOptions.BaseURL is empty; give the server's API root, e.g. http://localhost:8000/v1")
	}
	u, err := url.Parse(opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("claps: %q is not an http(s) URL; give the server's API root, e.g. http://localhost:8000/v1", opts.BaseURL)
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	switch opts.Mode {
	case "":
		opts.Mode = ModeEcho
	case ModeEcho, ModeTopK, ModeChat:
	default:
		return nil, fmt.Errorf("claps: unknown scoring mode %q; use %q (vLLM), %q (llama.cpp, Ollama) or %q (chat models)", opts.Mode, ModeEcho, ModeTopK, ModeChat)
	}
	if opts.TopK <= 0 {
		opts.TopK = 5
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	switch {
	case opts.MaxRetries == 0:
		opts.MaxRetries = 4
	case opts.MaxRetries < 0:
		// One attempt, no retry: a negative count must never mean that
		// no request is sent at all.
		opts.MaxRetries = 0
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 250 * time.Millisecond
	}
	if opts.Client == nil {
		opts.Client = &http.Client{}
	}
	key := opts.APIKey
	if key == "" {
		key = os.Getenv(EnvKey)
	}
	if key == "" {
		key = os.Getenv(envOpenAI)
	}
	opts.APIKey = ""
	return &HTTPScorer{opts: opts, key: key}, nil
}

// String describes the scorer; it never contains the API key.
func (s *HTTPScorer) String() string {
	u, _ := url.Parse(s.opts.BaseURL)
	auth := "no API key"
	if s.key != "" {
		auth = "API key set"
	}
	return fmt.Sprintf("OpenAI-compatible server %s, model %q, mode %s, %s", u.Redacted(), s.opts.Model, s.opts.Mode, auth)
}

// Floored implements Floorer.
func (s *HTTPScorer) Floored() int64 { return s.floored.Load() }

// Requests is the number of HTTP requests sent, retries included.
func (s *HTTPScorer) Requests() int64 { return s.calls.Load() }

// Score implements Scorer.
func (s *HTTPScorer) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	var out []float64
	var err error
	switch s.opts.Mode {
	case ModeEcho:
		out, err = s.scoreEcho(ctx, input, labels)
	default:
		out, err = s.scoreTopK(ctx, input, labels)
	}
	if err != nil {
		return nil, s.redact(err)
	}
	return out, nil
}

type logprobs struct {
	Tokens        []string             `json:"tokens"`
	TokenLogprobs []*float64           `json:"token_logprobs"`
	TextOffset    []int                `json:"text_offset"`
	TopLogprobs   []map[string]float64 `json:"top_logprobs"`
	Content       []struct {
		Token       string  `json:"token"`
		Logprob     float64 `json:"logprob"`
		TopLogprobs []struct {
			Token   string  `json:"token"`
			Logprob float64 `json:"logprob"`
		} `json:"top_logprobs"`
	} `json:"content"`
}

type completion struct {
	Choices []struct {
		Index    int       `json:"index"`
		Logprobs *logprobs `json:"logprobs"`
	} `json:"choices"`
}

func (s *HTTPScorer) scoreEcho(ctx context.Context, input string, labels []string) ([]float64, error) {
	prompts := make([]string, len(labels))
	for i, l := range labels {
		prompts[i] = input + " " + l
	}
	body := map[string]any{"model": s.opts.Model, "prompt": prompts, "max_tokens": 1,
		"echo": true, "logprobs": 1, "temperature": 0}
	var resp completion
	if err := s.post(ctx, "/completions", body, &resp); err != nil {
		return nil, err
	}
	if len(resp.Choices) != len(labels) {
		return nil, fmt.Errorf("claps: the server answered %d choices for %d prompts; does it support a list of prompts with echo?", len(resp.Choices), len(labels))
	}
	out := make([]float64, len(labels))
	done := make([]bool, len(labels))
	for _, c := range resp.Choices {
		if c.Index < 0 || c.Index >= len(labels) || done[c.Index] {
			return nil, fmt.Errorf("claps: the server answered a choice with index %d for %d prompts", c.Index, len(labels))
		}
		if c.Logprobs == nil || len(c.Logprobs.Tokens) == 0 || len(c.Logprobs.TokenLogprobs) != len(c.Logprobs.Tokens) {
			return nil, fmt.Errorf("claps: the server's answer has no echoed token log-probabilities; use mode %q with this server (YAK_LLM_MODE=topk)", ModeTopK)
		}
		v, err := labelLogprob(c.Logprobs, utf8.RuneCountInString(input), utf8.RuneCountInString(prompts[c.Index]))
		if err != nil {
			return nil, err
		}
		out[c.Index], done[c.Index] = v, true
	}
	return out, nil
}

// labelLogprob sums the log-probabilities of the echoed tokens that overlap
// the label, characters [start, end) of the prompt.
func labelLogprob(lp *logprobs, start, end int) (float64, error) {
	offs := lp.TextOffset
	if len(offs) != len(lp.Tokens) {
		// Without offsets, rebuild them from the tokens' text.
		offs = make([]int, len(lp.Tokens))
		n := 0
		for i, t := range lp.Tokens {
			offs[i] = n
			n += utf8.RuneCountInString(t)
		}
	}
	var sum float64
	found := false
	for i := range lp.Tokens {
		lo := offs[i]
		hi := lo + utf8.RuneCountInString(lp.Tokens[i])
		if i+1 < len(offs) {
			hi = offs[i+1]
		}
		if hi <= start || lo >= end {
			continue
		}
		if lp.TokenLogprobs[i] == nil {
			return 0, fmt.Errorf("claps: the server gave no log-probability for echoed token %d (%q)", i, lp.Tokens[i])
		}
		sum += *lp.TokenLogprobs[i]
		found = true
	}
	if !found {
		return 0, fmt.Errorf("claps: no echoed token covers the label (characters %d-%d); the server's text offsets do not match the prompt", start, end)
	}
	return sum, nil
}

func (s *HTTPScorer) scoreTopK(ctx context.Context, input string, labels []string) ([]float64, error) {
	var body map[string]any
	path := "/completions"
	if s.opts.Mode == ModeChat {
		path = "/chat/completions"
		body = map[string]any{"model": s.opts.Model, "max_tokens": 1, "temperature": 0,
			"messages": []map[string]string{{"role": "user", "content": input}},
			"logprobs": true, "top_logprobs": s.opts.TopK}
	} else {
		body = map[string]any{"model": s.opts.Model, "prompt": input, "max_tokens": 1,
			"temperature": 0, "logprobs": s.opts.TopK}
	}
	var resp completion
	if err := s.post(ctx, path, body, &resp); err != nil {
		return nil, err
	}
	if len(resp.Choices) == 0 || resp.Choices[0].Logprobs == nil {
		return nil, fmt.Errorf("claps: the server's answer has no log-probabilities; does it support logprobs on %s?", path)
	}
	top := map[string]float64{}
	lp := resp.Choices[0].Logprobs
	switch {
	case len(lp.TopLogprobs) > 0:
		top = lp.TopLogprobs[0]
	case len(lp.Content) > 0:
		for _, t := range lp.Content[0].TopLogprobs {
			top[t.Token] = t.Logprob
		}
	}
	if len(top) == 0 {
		return nil, fmt.Errorf("claps: the server returned no top log-probabilities on %s", path)
	}
	return s.readLabels(top, labels), nil
}

// readLabels picks the label words out of a top-k table. Tokens match a
// label after trimming spaces and the tokenizers' word markers (Ġ, ▁) and
// ignoring case; several matches (" positive", "Positive") add up.
func (s *HTTPScorer) readLabels(top map[string]float64, labels []string) []float64 {
	lowest := math.Inf(1)
	for _, v := range top {
		lowest = math.Min(lowest, v)
	}
	out := make([]float64, len(labels))
	for i, l := range labels {
		want := strings.ToLower(strings.TrimSpace(l))
		sum := 0.0
		found := false
		for tok, v := range top {
			if normalizeToken(tok) == want {
				sum += math.Exp(v)
				found = true
			}
		}
		switch {
		case found:
			out[i] = math.Log(sum)
		case s.opts.Floor != 0:
			out[i] = s.opts.Floor
			s.floored.Add(1)
		default:
			out[i] = lowest
			s.floored.Add(1)
		}
	}
	return out
}

func normalizeToken(t string) string {
	t = strings.TrimLeft(t, " Ġ▁\t\n")
	return strings.ToLower(strings.TrimSpace(t))
}

// post sends body as JSON and decodes a 200 answer into out, retrying on
// 429, 5xx and network errors with exponential backoff.
func (s *HTTPScorer) post(ctx context.Context, path string, body, out any) error {
	payload, err := json.Marshal(body)
	if err != nil {
		return err
	}
	endpoint := s.opts.BaseURL + path
	var last error
	for attempt := 0; attempt <= s.opts.MaxRetries; attempt++ {
		if attempt > 0 {
			wait := s.opts.Backoff << (attempt - 1)
			var re *retryError
			if errors.As(last, &re) && re.after > wait {
				wait = min(re.after, 30*time.Second)
			}
			if err := sleep(ctx, wait); err != nil {
				return fmt.Errorf("claps: giving up after %d attempts (%v): %w", attempt, last, err)
			}
		}
		if err := s.wait(ctx); err != nil {
			return err
		}
		err := s.once(ctx, endpoint, payload, out)
		if err == nil {
			return nil
		}
		var re *retryError
		if !errors.As(err, &re) {
			return err
		}
		last = err
	}
	return fmt.Errorf("claps: giving up on %s after %d attempts: %v", s.redactURL(endpoint), s.opts.MaxRetries+1, last)
}

// retryError marks a failure worth retrying.
type retryError struct {
	msg   string
	after time.Duration // the server's Retry-After, if any
}

func (e *retryError) Error() string { return e.msg }

func (s *HTTPScorer) once(ctx context.Context, endpoint string, payload []byte, out any) error {
	rctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("claps: building the request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if s.key != "" {
		req.Header.Set("Authorization", "Bearer "+s.key)
	}
	s.calls.Add(1)
	resp, err := s.opts.Client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("claps: request to %s cancelled: %w", s.redactURL(endpoint), ctx.Err())
		}
		if rctx.Err() != nil {
			return &retryError{msg: fmt.Sprintf("no answer from %s within %v (set HTTPOptions.Timeout for slow servers)", s.redactURL(endpoint), s.opts.Timeout)}
		}
		return &retryError{msg: fmt.Sprintf("cannot reach the language model server at %s: is it running, and is %s right? (%v)", s.redactURL(s.opts.BaseURL), EnvURL, unwrapURLError(err))}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return &retryError{msg: fmt.Sprintf("reading the answer of %s: %v", s.redactURL(endpoint), err)}
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		after := time.Duration(0)
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
			after = time.Duration(secs) * time.Second
		}
		return &retryError{msg: fmt.Sprintf("%s answered %s: %s", s.redactURL(endpoint), resp.Status, snippet(data)), after: after}
	}
	if resp.StatusCode != http.StatusOK {
		hint := ""
		switch resp.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			hint = fmt.Sprintf(" (check the API key in %s or %s)", EnvKey, envOpenAI)
		case http.StatusNotFound:
			hint = fmt.Sprintf(" (is %s the API root, ending in /v1, and does the server serve this endpoint?)", EnvURL)
		}
		return fmt.Errorf("claps: %s answered %s%s: %s", s.redactURL(endpoint), resp.Status, hint, snippet(data))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("claps: %s answered something that is not an OpenAI-style completion (%v): %s", s.redactURL(endpoint), err, snippet(data))
	}
	return nil
}

// wait applies the rate limit.
func (s *HTTPScorer) wait(ctx context.Context) error {
	if s.opts.RateLimit <= 0 {
		return nil
	}
	gap := time.Duration(float64(time.Second) / s.opts.RateLimit)
	s.rateMu.Lock()
	now := time.Now()
	at := s.next
	if at.Before(now) {
		at = now
	}
	s.next = at.Add(gap)
	s.rateMu.Unlock()
	return sleep(ctx, time.Until(at))
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (s *HTTPScorer) redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the server"
	}
	return u.Redacted()
}

// redact removes the API key from an error, in case a server echoes the
// request's headers back.
func (s *HTTPScorer) redact(err error) error {
	if s.key == "" || !strings.Contains(err.Error(), s.key) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), s.key, "[redacted]"))
}
