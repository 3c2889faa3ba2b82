package claps

import (
	"context"
	"encoding/json"
	"flag"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeLLM speaks enough of the OpenAI completions API for HTTPScorer: echo
// with per-token log-probabilities (as vLLM), and next-token top-k in the
// completions and chat shapes (as llama.cpp server, Ollama and OpenAI).
type fakeLLM struct {
	labelLogprob map[string]float64 // echo: log-probability of each label word
	top          map[string]float64 // top-k answer
	fail         int32              // answer this many requests with failStatus first
	failStatus   int
	delay        time.Duration
	noBias       bool // answer a logit_bias with HTTP 400, as OpenAI does for keys that are not token ids
	requests     atomic.Int32
	lastBody     atomic.Value
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.requests.Add(1)
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	if n <= f.fail {
		http.Error(w, `{"error":"busy"}`, f.failStatus)
		return
	}
	var req map[string]any
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	f.lastBody.Store(req)
	switch r.URL.Path {
	case "/v1/completions":
		if req["echo"] == true {
			f.echo(w, req)
			return
		}
		if bias, ok := req["logit_bias"].(map[string]any); ok {
			f.bias(w, bias)
			return
		}
		f.writeTop(w, false)
	case "/v1/chat/completions":
		f.writeTop(w, true)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeLLM) echo(w http.ResponseWriter, req map[string]any) {
	type lp struct {
		Tokens        []string   `json:"tokens"`
		TokenLogprobs []*float64 `json:"token_logprobs"`
		TextOffset    []int      `json:"text_offset"`
	}
	type choice struct {
		Index    int `json:"index"`
		Logprobs lp  `json:"logprobs"`
	}
	var out struct {
		Choices []choice `json:"choices"`
	}
	p, ok := req["prompt"].(string)
	if !ok {
		// As llama-cpp-python's server does with a list of prompts.
		http.Error(w, `{"error":{"message":""}}`, http.StatusInternalServerError)
		return
	}
	{
		var c choice
		off := 0
		for j, word := range strings.Split(p+" the", " ") {
			tok := word
			if j > 0 {
				tok = " " + word
			}
			c.Logprobs.Tokens = append(c.Logprobs.Tokens, tok)
			c.Logprobs.TextOffset = append(c.Logprobs.TextOffset, off)
			off += len([]rune(tok))
			v := -1.0
			if l, ok := f.labelLogprob[word]; ok && j > 0 {
				v = l
			}
			if j == 0 {
				c.Logprobs.TokenLogprobs = append(c.Logprobs.TokenLogprobs, nil)
			} else {
				c.Logprobs.TokenLogprobs = append(c.Logprobs.TokenLogprobs, &v)
			}
		}
		out.Choices = append(out.Choices, c)
	}
	json.NewEncoder(w).Encode(out)
}

// bias answers as llama-cpp-python does: the biased token is generated,
// with its log-probability before the bias.
func (f *fakeLLM) bias(w http.ResponseWriter, bias map[string]any) {
	if f.noBias || len(bias) != 1 {
		http.Error(w, `{"error":"logit_bias keys must be token ids"}`, http.StatusBadRequest)
		return
	}
	for tok := range bias {
		v := f.labelLogprob[strings.TrimSpace(tok)]
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"index": 0, "text": tok,
			"logprobs": map[string]any{"tokens": []string{tok}, "token_logprobs": []float64{v}, "text_offset": []int{0}}}}})
	}
}

func (f *fakeLLM) writeTop(w http.ResponseWriter, chat bool) {
	if chat {
		type alt struct {
			Token   string  `json:"token"`
			Logprob float64 `json:"logprob"`
		}
		var alts []alt
		for t, v := range f.top {
			alts = append(alts, alt{t, v})
		}
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"index": 0,
			"logprobs": map[string]any{"content": []any{map[string]any{"token": "x", "logprob": -1, "top_logprobs": alts}}}}}})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"index": 0,
		"logprobs": map[string]any{"tokens": []string{"x"}, "top_logprobs": []any{f.top}}}}})
}

func startFake(t *testing.T, f *fakeLLM) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

var labels = []string{"negative", "positive"}

func TestHTTPModes(t *testing.T) {
	f := &fakeLLM{
		labelLogprob: map[string]float64{"negative": -2, "positive": -0.5},
		top:          map[string]float64{" positive": -0.4, "Positive": -2.0, " neutral": -1.5, "the": -3},
	}
	url := startFake(t, f)
	cases := []struct {
		mode    Mode
		want    []float64
		floored int64
	}{
		{ModeBias, []float64{-2, -0.5}, 0},
		{ModeEcho, []float64{-2, -0.5}, 0},
		{ModeTopK, []float64{-3, logAdd(-0.4, -2.0)}, 1},
		{ModeChat, []float64{-3, logAdd(-0.4, -2.0)}, 1},
	}
	for _, c := range cases {
		t.Run(string(c.mode), func(t *testing.T) {
			s, err := NewHTTPScorer(HTTPOptions{BaseURL: url, Model: "m", Mode: c.mode})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Score(context.Background(), "Sentence: fine, Sentiment:", labels)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if d := got[i] - c.want[i]; d > 1e-9 || d < -1e-9 {
					t.Errorf("scores %v, want %v", got, c.want)
					break
				}
			}
			if s.Floored() != c.floored {
				t.Errorf("Floored() = %d, want %d", s.Floored(), c.floored)
			}
			golden(t, "testdata/request_"+string(c.mode)+".json", f.lastBody.Load())
		})
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares v, as indented JSON with sorted keys, with a file.
func golden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("request body differs from %s:\n%s\nwant:\n%s", path, got, want)
	}
}

// ModeAuto settles on the exact mode the server offers, and says why.
func TestHTTPAuto(t *testing.T) {
	exact := map[string]float64{"negative": -2, "positive": -0.5}
	cases := []struct {
		name     string
		f        *fakeLLM
		mode     Mode
		note     string
		want     []float64
		requests int32 // for the first Score
	}{
		{"bias", &fakeLLM{labelLogprob: exact}, ModeBias, "logit_bias", []float64{-2, -0.5}, 2},
		{"echo checked", &fakeLLM{noBias: true, labelLogprob: exact, top: map[string]float64{" positive": -0.5, " the": -1}},
			ModeEcho, "echo agrees with the top-k", []float64{-2, -0.5}, 1 + 2 + 1},
		{"echo unchecked", &fakeLLM{noBias: true, labelLogprob: exact, top: map[string]float64{" the": -0.1}},
			ModeEcho, "echo unchecked", []float64{-2, -0.5}, 1 + 2 + 1},
		// Echo one token late, as llama-cpp-python's for models without BOS.
		{"echo wrong", &fakeLLM{noBias: true, labelLogprob: exact, top: map[string]float64{" positive": -0.7, " negative": -2.5}},
			ModeTopK, "echo wrong", []float64{-2.5, -0.7}, 1 + 2 + 1 + 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := NewHTTPScorer(HTTPOptions{BaseURL: startFake(t, c.f)})
			if err != nil {
				t.Fatal(err)
			}
			if m, _ := s.Mode(); m != ModeAuto {
				t.Fatalf("mode before the first call: %s", m)
			}
			got, err := s.Score(context.Background(), "Sentence: fine, Sentiment:", labels)
			if err != nil {
				t.Fatal(err)
			}
			m, note := s.Mode()
			if m != c.mode || !strings.Contains(note, c.note) || !strings.Contains(s.String(), note) {
				t.Errorf("mode %s, note %q (String %q); want %s, %q", m, note, s, c.mode, c.note)
			}
			for i := range got {
				if math.Abs(got[i]-c.want[i]) > 1e-9 {
					t.Errorf("scores %v, want %v", got, c.want)
					break
				}
			}
			if n := c.f.requests.Load(); n != c.requests {
				t.Errorf("%d requests for the first input, want %d", n, c.requests)
			}
		})
	}

	// A server that cannot be reached settles nothing: the next call tries again.
	down := httptest.NewServer(http.NotFoundHandler())
	url := down.URL + "/v1"
	down.Close()
	s, _ := NewHTTPScorer(HTTPOptions{BaseURL: url, MaxRetries: -1})
	if _, err := s.Score(context.Background(), "x", labels); err == nil || !strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("err = %v", err)
	}
	if m, _ := s.Mode(); m != ModeAuto {
		t.Errorf("mode %s after a network failure, want still auto", m)
	}
}

func TestHTTPRateLimit(t *testing.T) {
	f := &fakeLLM{top: map[string]float64{"positive": -1}}
	s, _ := NewHTTPScorer(HTTPOptions{BaseURL: startFake(t, f), Mode: ModeTopK, RateLimit: 100})
	start := time.Now()
	for i := 0; i < 5; i++ {
		if _, err := s.Score(context.Background(), "x", labels); err != nil {
			t.Fatal(err)
		}
	}
	// Five requests at 100 per second are spread over at least 40 ms.
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("5 requests in %v despite a limit of 100 per second", d)
	}
}

func logAdd(a, b float64) float64 { return math.Log(math.Exp(a) + math.Exp(b)) }

func TestHTTPFixedFloor(t *testing.T) {
	url := startFake(t, &fakeLLM{top: map[string]float64{"positive": -0.1}})
	s, _ := NewHTTPScorer(HTTPOptions{BaseURL: url, Mode: ModeTopK, Floor: -20})
	got, err := s.Score(context.Background(), "x", labels)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != -20 || math.Abs(got[1]+0.1) > 1e-12 || s.Floored() != 1 {
		t.Errorf("scores %v floored %d", got, s.Floored())
	}
}

func TestHTTPRetries(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusBadGateway} {
		f := &fakeLLM{top: map[string]float64{"positive": -1, "negative": -2}, fail: 2, failStatus: status}
		s, _ := NewHTTPScorer(HTTPOptions{BaseURL: startFake(t, f), Mode: ModeTopK, Backoff: time.Millisecond})
		if _, err := s.Score(context.Background(), "x", labels); err != nil {
			t.Fatalf("status %d: %v", status, err)
		}
		if f.requests.Load() != 3 || s.Requests() != 3 {
			t.Errorf("status %d: %d requests, want 3 (two retries)", status, f.requests.Load())
		}
	}
}

func TestHTTPErrors(t *testing.T) {
	const key = "sk-test-SECRET-1234567890"
	echoAuth := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "invalid credentials: "+r.Header.Get("Authorization"), http.StatusUnauthorized)
	})
	badJSON := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>proxy error</html>"))
	})
	noLogprobs := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"choices":[{"index":0,"text":"x"}]}`))
	})
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL + "/v1"
	down.Close()
	cases := []struct {
		name     string
		handler  http.Handler
		url      string
		mode     Mode
		want     string
		requests int32 // 0: not checked
	}{
		{"unauthorized", echoAuth, "", ModeEcho, "401", 1},
		{"always busy", &fakeLLM{fail: 100, failStatus: 503}, "", ModeTopK, "503", 3},
		{"bad request", &fakeLLM{fail: 100, failStatus: 400}, "", ModeTopK, "400", 1},
		{"not json", badJSON, "", ModeTopK, "not an OpenAI-style completion", 0},
		{"no logprobs", noLogprobs, "", ModeEcho, "topk", 0},
		{"no top-k", noLogprobs, "", ModeTopK, "no log-probabilities", 0},
		{"wrong path", http.NotFoundHandler(), "", ModeTopK, "API root", 0},
		{"down", nil, downURL, ModeTopK, "cannot reach", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := c.url
			var count atomic.Int32
			if c.handler != nil {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					count.Add(1)
					c.handler.ServeHTTP(w, r)
				}))
				defer srv.Close()
				url = srv.URL + "/v1"
			}
			s, err := NewHTTPScorer(HTTPOptions{BaseURL: url, Mode: c.mode, APIKey: key, MaxRetries: 2, Backoff: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Score(context.Background(), "x", labels)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
			if strings.Contains(err.Error(), key) || strings.Contains(s.String(), key) {
				t.Errorf("the API key leaks: %q / %q", err, s)
			}
			if c.requests > 0 && count.Load() != c.requests {
				t.Errorf("%d requests, want %d", count.Load(), c.requests)
			}
		})
	}
}

func TestHTTPTimeout(t *testing.T) {
	f := &fakeLLM{top: map[string]float64{"positive": -1}, delay: 300 * time.Millisecond}
	s, _ := NewHTTPScorer(HTTPOptions{BaseURL: startFake(t, f), Mode: ModeTopK, Timeout: 30 * time.Millisecond, MaxRetries: 1, Backoff: time.Millisecond})
	_, err := s.Score(context.Background(), "x", labels)
	if err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if f.requests.Load() != 2 {
		t.Errorf("%d requests, want 2 (one retry)", f.requests.Load())
	}

	// Cancelling the caller's context ends the call at once, without retries.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	s2, _ := NewHTTPScorer(HTTPOptions{BaseURL: startFake(t, f), Mode: ModeTopK, Backoff: time.Millisecond})
	if _, err := s2.Score(ctx, "x", labels); err == nil || !strings.Contains(err.Error(), "cancel") {
		t.Errorf("err = %v, want cancelled", err)
	}
}

func TestHTTPOptionsErrors(t *testing.T) {
	for _, o := range []HTTPOptions{{}, {BaseURL: "localhost:8000"}, {BaseURL: "http://x/v1", Mode: "beam"}} {
		if _, err := NewHTTPScorer(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestScorerFromEnv(t *testing.T) {
	const key = "sk-env-SECRET-42"
	emb := NewEmbeddings([]string{"good", "bad"}, []float32{1, 0, 0, 1}, 2)
	t.Setenv(EnvURL, "")
	s, desc, err := ScorerFromEnv(emb)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*EmbeddingScorer); !ok || !strings.Contains(desc, "offline") {
		t.Errorf("without %s: %T %q", EnvURL, s, desc)
	}
	t.Setenv(EnvURL, "http://127.0.0.1:1/v1")
	t.Setenv(EnvMode, "topk")
	t.Setenv(EnvKey, key)
	s, desc, err = ScorerFromEnv(emb)
	if err != nil {
		t.Fatal(err)
	}
	hs, ok := s.(*HTTPScorer)
	if !ok {
		t.Fatalf("with %s: %T", EnvURL, s)
	}
	hs.opts.Backoff = time.Millisecond
	if strings.Contains(desc, key) || !strings.Contains(desc, "API key set") {
		t.Errorf("description %q", desc)
	}
	_, err = s.Score(context.Background(), "x", labels)
	if err == nil || strings.Contains(err.Error(), key) {
		t.Errorf("err = %v", err)
	}
}

func TestRunCountsFloored(t *testing.T) {
	// The server never shows "negative": every input floors one label.
	url := startFake(t, &fakeLLM{top: map[string]float64{" positive": -0.2, " the": -2}})
	s, _ := NewHTTPScorer(HTTPOptions{BaseURL: url, Mode: ModeTopK})
	ex := []Example{{"a", 1}, {"b", 0}}
	out, err := Config{Scorer: s, Split: Split{Train: ex, Val: ex, Test: ex},
		Tokens: []string{"x", "y"}, Strategy: Greedy, Search: SearchOptions{Length: 1}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Search and validation see 2 prompts x 2 inputs, each with one floored label.
	if out.Floored != 4 || !strings.Contains(out.String(), "4 label scores floored") {
		t.Errorf("Floored = %d, %q", out.Floored, out)
	}
}
