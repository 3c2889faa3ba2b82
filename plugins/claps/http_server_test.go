package claps

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yaknb/yak/runtime/lm"
	"github.com/yaknb/yak/runtime/lm/store"
)

// The tests in this file talk to a real llama-cpp-python server (pinned in
// requirements-llm.txt, built into the test venv by make venv) serving the
// SmolLM2 GGUF that make models fetches. tests/test_claps_server.py runs them
// in make test with YAK_TEST_LLAMA_PYTHON set to the venv's python.
const envLlamaPython = "YAK_TEST_LLAMA_PYTHON"

const smolLM2 = "smollm2-135m-instruct"

// Agreement of the server's ModeBias scores with the in-process GGUF scorer
// over the inputs of TestLlamaServerAgreement. Both run the same Q8_0 GGUF;
// llama.cpp also quantizes the activations to 8 bits for its matmuls and
// runtime/lm does not. Measured on 40 inputs (5 prompts x 8 sentences): mean
// |difference| 0.154 nats, largest 0.596, largest difference of the label
// margin (positive - negative) 0.244; the tolerances leave headroom.
const (
	agreeMean   = 0.25 // nats, mean |server - in-process| over labels and inputs
	agreeMax    = 1.0  // nats, largest difference of a label's score
	agreeMargin = 0.5  // nats, largest difference of the margin between the labels
)

// serverProcAttr sets up the server's process before it starts (Linux:
// http_server_linux_test.go).
var serverProcAttr = func(*exec.Cmd) {}

type llamaServer struct {
	t      *testing.T
	python string
	model  string
	port   string
	cmd    *exec.Cmd
	logs   *bytes.Buffer
	exited chan struct{}
}

// startLlama starts the server on a free port of 127.0.0.1, or skips the
// test when YAK_TEST_LLAMA_PYTHON is not set.
func startLlama(t *testing.T) *llamaServer {
	t.Helper()
	py := os.Getenv(envLlamaPython)
	if py == "" {
		t.Skipf("%s is not set: tests/test_claps_server.py sets it to the test venv's python (make test), which has llama-cpp-python[server]", envLlamaPython)
	}
	dir, _, err := store.Dir(smolLM2)
	if err != nil {
		t.Fatalf("the real-server tests need SmolLM2: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	s := &llamaServer{t: t, python: py, model: filepath.Join(dir, "model.gguf"), port: port}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *llamaServer) url() string { return "http://127.0.0.1:" + s.port + "/v1" }

// start runs the server and waits until it answers /v1/models.
func (s *llamaServer) start() {
	s.t.Helper()
	s.logs = &bytes.Buffer{}
	s.cmd = exec.Command(s.python, "-m", "llama_cpp.server", "--model", s.model,
		"--host", "127.0.0.1", "--port", s.port, "--n_ctx", "512", "--verbose", "false")
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	serverProcAttr(s.cmd)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("starting the llama-cpp-python server: %v", err)
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { cmd.Wait(); close(done) }(s.cmd, s.exited)
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			s.t.Fatalf("the llama-cpp-python server exited while starting:\n%s", s.logs)
		case <-time.After(200 * time.Millisecond):
		}
		resp, err := http.Get(s.url() + "/models")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	s.kill()
	s.t.Fatalf("the llama-cpp-python server did not answer within 3 minutes:\n%s", s.logs)
}

// kill ends the server at once (SIGKILL), as a crash would.
func (s *llamaServer) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// sentenceSet returns n sentences of each class from the shipped yelp set.
func sentenceSet(t *testing.T, n int) []Example {
	t.Helper()
	all, err := LoadExamples("../../notebooks/data/yelp.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []Example
	count := map[int]int{}
	for _, ex := range all {
		if count[ex.Label] < n && len(ex.Text) < 200 {
			out = append(out, ex)
			count[ex.Label]++
		}
	}
	return out
}

// The server's scores agree with the in-process GGUF scorer on the same
// inputs, and ModeAuto picks the exact logit_bias mode on this server.
func TestLlamaServerAgreement(t *testing.T) {
	srv := startLlama(t)
	m, err := lm.LoadCausal(smolLM2)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	task := SentimentTask()
	var inputs []string
	for _, p := range []string{"", "Classify the sentiment", "great terrible"} {
		for _, ex := range sentenceSet(t, 3) {
			inputs = append(inputs, task.Input(p, ex.Text))
		}
	}
	ctx := context.Background()
	want, err := CausalScorer(m).ScoreBatch(ctx, inputs, task.Labels)
	if err != nil {
		t.Fatal(err)
	}

	s, err := NewHTTPScorer(HTTPOptions{BaseURL: srv.url()})
	if err != nil {
		t.Fatal(err)
	}
	got := scoreAll(t, s, inputs, task.Labels)
	if mode, note := s.Mode(); mode != ModeBias {
		t.Fatalf("ModeAuto chose %s (%s), want %s on llama-cpp-python", mode, note, ModeBias)
	}
	var sum, worst, marginWorst float64
	n, agree, decided := 0, 0, 0
	for i := range inputs {
		for j := range task.Labels {
			d := math.Abs(got[i][j] - want[i][j])
			sum += d
			worst = math.Max(worst, d)
			n++
		}
		mg, mw := got[i][1]-got[i][0], want[i][1]-want[i][0]
		marginWorst = math.Max(marginWorst, math.Abs(mg-mw))
		if math.Abs(mw) > 2*agreeMargin {
			decided++
			if (mg > 0) == (mw > 0) {
				agree++
			}
		}
	}
	mean := sum / float64(n)
	t.Logf("MEASURED bias mode vs in-process GGUF over %d inputs x %d labels: mean |diff| %.4f nats, max %.4f, max margin diff %.4f; predictions agree on %d of %d inputs with |margin| > %.1f",
		len(inputs), len(task.Labels), mean, worst, marginWorst, agree, decided, 2*agreeMargin)
	if mean > agreeMean || worst > agreeMax || marginWorst > agreeMargin {
		t.Errorf("server and in-process scores differ by %.4f nats on average (tolerance %.2f), %.4f at most (tolerance %.2f), margins by %.4f (tolerance %.2f)",
			mean, agreeMean, worst, agreeMax, marginWorst, agreeMargin)
	}
	if agree != decided {
		t.Errorf("predictions differ on %d inputs whose in-process margin exceeds %.1f nats", decided-agree, 2*agreeMargin)
	}

	// What the other modes give on this server (the reasons ModeAuto skips them).
	echo, _ := NewHTTPScorer(HTTPOptions{BaseURL: srv.url(), Mode: ModeEcho})
	top, _ := NewHTTPScorer(HTTPOptions{BaseURL: srv.url(), Mode: ModeTopK, TopK: 20})
	few := inputs[:2]
	ge := scoreAll(t, echo, few, task.Labels)
	scoreAll(t, top, few, task.Labels)
	var de float64
	for i := range few {
		for j := range task.Labels {
			de += math.Abs(ge[i][j]-want[i][j]) / float64(len(few)*len(task.Labels))
		}
	}
	t.Logf("MEASURED echo mode vs in-process over %d inputs: mean |diff| %.2f nats (llama-cpp-python echoes each token's log-probability one position late); top-k 20 floored %d of %d label scores",
		len(few), de, top.Floored(), len(few)*len(task.Labels))

	// A top-k large enough to hold both labels gives the bias mode's values
	// (the top-k mode adds case variants of a label, so compare the exact
	// tokens), and llama.cpp's native /completion is not served here.
	wide, _ := NewHTTPScorer(HTTPOptions{BaseURL: srv.url(), Mode: ModeTopK, TopK: 1000})
	table, err := wide.topK(ctx, inputs[0], false)
	if err != nil {
		t.Fatal(err)
	}
	for j, l := range task.Labels {
		v, ok := table[" "+l]
		if !ok || math.Abs(v-got[0][j]) > 1e-4 {
			t.Errorf("top-1000 gives %q %v (listed: %v), bias mode %v", " "+l, v, ok, got[0][j])
		}
	}
	resp, err := http.Post(strings.TrimSuffix(srv.url(), "/v1")+"/completion", "application/json",
		strings.NewReader(`{"prompt": "Sentiment:", "n_probs": 10, "n_predict": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("native /completion answered %s; doc.go says llama-cpp-python does not serve it", resp.Status)
	}
}

// scoreAll scores inputs with two requests in flight, as an Evaluator with
// two workers would.
func scoreAll(t *testing.T, s Scorer, inputs, labels []string) [][]float64 {
	t.Helper()
	out := make([][]float64, len(inputs))
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = s.Score(context.Background(), in, labels)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return out
}

// faultProxy stands in front of the real server and misbehaves as told.
type faultProxy struct {
	*httptest.Server
	n     atomic.Int64
	mu    sync.Mutex
	times []time.Time
	// fault answers request n (from 1) itself and returns true, or returns
	// false to pass it to the server.
	fault func(n int64, w http.ResponseWriter, r *http.Request) bool
}

func newFaultProxy(t *testing.T, backend string, fault func(int64, http.ResponseWriter, *http.Request) bool) *faultProxy {
	u, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = ""
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &faultProxy{fault: fault}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := p.n.Add(1)
		p.mu.Lock()
		p.times = append(p.times, time.Now())
		p.mu.Unlock()
		if p.fault != nil && p.fault(n, w, r) {
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func TestLlamaServerFaults(t *testing.T) {
	srv := startLlama(t)
	task := SentimentTask()
	input := task.Input("Review", "The food was cold and the waiter rude.")
	direct, _ := NewHTTPScorer(HTTPOptions{BaseURL: srv.url()})
	want, err := direct.Score(context.Background(), input, task.Labels)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("slow answers time out", func(t *testing.T) {
		p := newFaultProxy(t, srv.url(), func(n int64, w http.ResponseWriter, r *http.Request) bool {
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
			}
			return true
		})
		s, _ := NewHTTPScorer(HTTPOptions{BaseURL: p.URL + "/v1", Timeout: 200 * time.Millisecond, MaxRetries: 1, Backoff: time.Millisecond})
		_, err := s.Score(context.Background(), input, task.Labels)
		if err == nil || !strings.Contains(err.Error(), "no answer from") || !strings.Contains(err.Error(), "Timeout") {
			t.Fatalf("err = %v, want a timeout that says how to raise it", err)
		}
		if p.n.Load() != 2 {
			t.Errorf("%d requests, want 2 (one retry)", p.n.Load())
		}
	})

	t.Run("429 honours Retry-After", func(t *testing.T) {
		p := newFaultProxy(t, srv.url(), func(n int64, w http.ResponseWriter, r *http.Request) bool {
			if n > 2 {
				return false
			}
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":"slow down"}`, http.StatusTooManyRequests)
			return true
		})
		s, _ := NewHTTPScorer(HTTPOptions{BaseURL: p.URL + "/v1", Backoff: time.Millisecond})
		got, err := s.Score(context.Background(), input, task.Labels)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, got, want, 1e-4)
		// Two 429s, then one request per label.
		if p.n.Load() != 2+int64(len(task.Labels)) {
			t.Errorf("%d requests, want %d", p.n.Load(), 2+len(task.Labels))
		}
		for i := 1; i < 3; i++ {
			if gap := p.times[i].Sub(p.times[i-1]); gap < 990*time.Millisecond {
				t.Errorf("retry %d came %v after a Retry-After of 1 s", i, gap)
			}
		}
	})

	t.Run("5xx retried then given up", func(t *testing.T) {
		once := newFaultProxy(t, srv.url(), func(n int64, w http.ResponseWriter, r *http.Request) bool {
			if n > 1 {
				return false
			}
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return true
		})
		s, _ := NewHTTPScorer(HTTPOptions{BaseURL: once.URL + "/v1", Backoff: time.Millisecond})
		got, err := s.Score(context.Background(), input, task.Labels)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, got, want, 1e-4)

		always := newFaultProxy(t, srv.url(), func(n int64, w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return true
		})
		s, _ = NewHTTPScorer(HTTPOptions{BaseURL: always.URL + "/v1", MaxRetries: 2, Backoff: time.Millisecond})
		_, err = s.Score(context.Background(), input, task.Labels)
		if err == nil || !strings.Contains(err.Error(), "giving up") || !strings.Contains(err.Error(), "500") {
			t.Fatalf("err = %v, want giving up after 500s", err)
		}
		if always.n.Load() != 3 {
			t.Errorf("%d requests, want 3", always.n.Load())
		}
	})
}

// assertClose compares two score rows.
func assertClose(t *testing.T, got, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("scores %v, want %v", got, want)
			return
		}
	}
}

// countingScorer records which inputs the wrapped scorer answered, and
// calls onCall before each call.
type countingScorer struct {
	inner    Scorer
	calls    atomic.Int64
	onCall   func(n int64)
	mu       sync.Mutex
	answered map[string]int
}

func (c *countingScorer) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	if n := c.calls.Add(1); c.onCall != nil {
		c.onCall(n)
	}
	out, err := c.inner.Score(ctx, input, labels)
	if err == nil {
		c.mu.Lock()
		c.answered[input]++
		c.mu.Unlock()
	}
	return out, err
}

// A greedy search stopped by a killed server, and one stopped by an
// interrupt, resume on the same Evaluator and lose no query and count none
// twice: Queries equals the number of distinct inputs answered, and no input
// was answered twice.
func TestLlamaServerResume(t *testing.T) {
	srv := startLlama(t)
	task := SentimentTask()
	train := sentenceSet(t, 1)
	tokens := []string{"great", "movie", "terrible", "food"}
	opts := SearchOptions{Length: 2, Seed: 1}

	for _, stop := range []string{"server killed", "interrupted"} {
		t.Run(stop, func(t *testing.T) {
			hs, _ := NewHTTPScorer(HTTPOptions{BaseURL: srv.url(), MaxRetries: 2, Backoff: 50 * time.Millisecond})
			cs := &countingScorer{inner: hs, answered: map[string]int{}}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			cs.onCall = func(n int64) {
				if n == 6 {
					once.Do(func() {
						if stop == "server killed" {
							srv.kill()
						} else {
							cancel()
						}
					})
				}
			}
			ev, err := NewEvaluator(cs, task, EvalOptions{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			_, err = Greedy(ctx, ev, tokens, train, opts)
			want := "cannot reach the language model server"
			if stop == "interrupted" {
				want = "interrupted"
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want one that says %q", err, want)
			}
			before := ev.Queries()
			if before == 0 || before != int64(len(ev.snapshot())) {
				t.Errorf("after the failure: %d queries, %d cached answers", before, len(ev.snapshot()))
			}
			t.Logf("%s after %d answered queries: %v", stop, before, err)

			if stop == "server killed" {
				srv.start()
			}
			cs.onCall = nil
			res, err := Greedy(context.Background(), ev, tokens, train, opts)
			if err != nil {
				t.Fatalf("resumed search: %v", err)
			}
			// Greedy scores len(tokens) prompts per round on every training example.
			distinct := map[string]bool{}
			for x := range ev.snapshot() {
				distinct[x] = true
			}
			if ev.Queries() != int64(len(distinct)) || len(cs.answered) != len(distinct) {
				t.Errorf("%d queries, %d inputs answered, %d distinct inputs cached", ev.Queries(), len(cs.answered), len(distinct))
			}
			for in, k := range cs.answered {
				if k != 1 {
					t.Errorf("input %q answered %d times", in, k)
				}
			}
			if max := int64(opts.Length * len(tokens) * len(train)); ev.Queries() > max || ev.Queries() <= before {
				t.Errorf("%d queries in all (%d before the failure), at most %d expected", ev.Queries(), before, max)
			}
			t.Logf("%s: resumed to %q with %d queries in all (%d before), %d distinct inputs", stop, strings.Join(res.Best.Tokens, " "), ev.Queries(), before, len(distinct))
		})
	}
}
