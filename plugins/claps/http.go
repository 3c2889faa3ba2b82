package claps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is how an HTTPScorer gets label scores from the server.
type Mode string

const (
	// ModeAuto finds the exact mode the server offers on the first call:
	// ModeBias if the server forces the label token, else ModeEcho if its
	// echoed log-probabilities agree with its top-k, else ModeTopK. The
	// choice and why are in Note and String.
	ModeAuto Mode = "auto"
	// ModeBias scores each label exactly with one request per label: the
	// prompt is the input, one token is generated, and a logit bias of +100
	// on the label's token (logit_bias_type "tokens", llama-cpp-python's
	// server) makes that token the one generated; its log-probability, which
	// the server computes before the bias, is the score. Labels must be
	// single tokens of the model (after a space).
	ModeBias Mode = "bias"
	// ModeEcho scores each label exactly where the server echoes right: one
	// request per label echoes input + " " + label with per-token
	// log-probabilities (echo: true, logprobs), and the label's score is the
	// sum over its tokens. vLLM serves this. llama-cpp-python 0.3.36 echoes
	// each prompt token's log-probability one position late for models
	// without a BOS token (SmolLM2), so ModeAuto checks echo first.
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
	Mode    Mode // [auto]
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
	// Concurrency is the most requests in flight at once, over all the
	// scorer's callers [8]. The Evaluator's workers bound it too.
	Concurrency int
	Client      *http.Client // [a new client]
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
	slots  chan struct{}

	modeMu sync.Mutex
	mode   Mode   // the mode in use; ModeAuto until the first call settles it
	note   string // why the mode was chosen (ModeAuto)
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
		opts.Mode = ModeAuto
	case ModeAuto, ModeBias, ModeEcho, ModeTopK, ModeChat:
	default:
		return nil, fmt.Errorf("claps: unknown scoring mode %q; use %q (find the exact one), %q (llama-cpp-python), %q (vLLM), %q (llama.cpp, Ollama) or %q (chat models)", opts.Mode, ModeAuto, ModeBias, ModeEcho, ModeTopK, ModeChat)
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
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
	return &HTTPScorer{opts: opts, key: key, mode: opts.Mode, slots: make(chan struct{}, opts.Concurrency)}, nil
}

// String describes the scorer; it never contains the API key.
func (s *HTTPScorer) String() string {
	u, _ := url.Parse(s.opts.BaseURL)
	auth := "no API key"
	if s.key != "" {
		auth = "API key set"
	}
	mode, note := s.Mode()
	if note != "" {
		note = " (" + note + ")"
	}
	return fmt.Sprintf("OpenAI-compatible server %s, model %q, mode %s%s, %s", u.Redacted(), s.opts.Model, mode, note, auth)
}

// Mode returns the scoring mode in use and, when ModeAuto chose it, why.
// It is ModeAuto until the first Score call has settled the choice.
func (s *HTTPScorer) Mode() (Mode, string) {
	s.modeMu.Lock()
	defer s.modeMu.Unlock()
	return s.mode, s.note
}

// Floored implements Floorer.
func (s *HTTPScorer) Floored() int64 { return s.floored.Load() }

// Requests is the number of HTTP requests sent, retries included.
func (s *HTTPScorer) Requests() int64 { return s.calls.Load() }

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
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return fmt.Errorf("claps: request to %s cancelled: %w", s.redactURL(endpoint), ctx.Err())
		}
		err := s.once(ctx, endpoint, payload, out)
		<-s.slots
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

// statusError is an answer that retrying will not change (4xx but 429).
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if secs, err := strconv.Atoi(h); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

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
		after := retryAfter(resp.Header.Get("Retry-After"))
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
		return &statusError{resp.StatusCode, fmt.Sprintf("claps: %s answered %s%s: %s", s.redactURL(endpoint), resp.Status, hint, snippet(data))}
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
