package lm

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yaknb/yak/internal/proccpu"
	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/lm/internal/lmref"
	"github.com/yaknb/yak/runtime/lm/llama"
)

// contCases are (prompt, continuation) pairs covering what batching has to
// keep apart: prompts that share a long prefix, one that is a prefix of
// another, a repeated prompt with different continuations, prompts with
// nothing in common, the empty prompt, one- and many-token continuations,
// a continuation that starts with a space or is only one, and Unicode.
type contCase struct{ name, prompt, cont string }

var contCases = []contCase{
	{"shared prefix a", "Review: the food was cold and the waiter rude. The review is", " negative"},
	{"shared prefix b", "Review: the food was cold and the waiter rude. The review is", " clearly negative, and the reviewer will not return."},
	{"shared prefix c", "Review: loved every minute of it. The review is", " positive"},
	{"shared prefix d", "Review: loved every minute", " of it. The review is positive."},
	{"no shared prefix", "import numpy as np\nx = np.", "zeros((3, 4))"},
	{"short prompt", "Hi", "!"},
	{"empty prompt", "", "The capital of France is Paris."},
	{"empty prompt, one token", "", "The"},
	{"leading space, many tokens", "The capital of France is", " Paris, and the capital of Japan is Tokyo."},
	{"only a space", "The capital of France is", " "},
	{"unicode", "Ünïcödé and émojis 😀 are", " ça va très bien 😀 — ありがとう"},
	{"newline", "def f(x):\n", "    return x * 2\n"},
	{"repeat of a", "Review: the food was cold and the waiter rude. The review is", " negative"},
	{"two tokens after a", "Review: the food was cold and the waiter rude. The review is", " not bad"},
}

func contInputs() (prompts, conts []string) {
	for _, c := range contCases {
		prompts, conts = append(prompts, c.prompt), append(conts, c.cont)
	}
	return prompts, conts
}

// onWeightPaths runs f, as a subtest or sub-benchmark of tb, on SmolLM2's
// GGUF blocks ("blocks") and on its bfloat16 weights ("bf16") where
// runtime/gemm runs them on AMX tiles; elsewhere "bf16" is skipped with the
// reason.
func onWeightPaths[T interface {
	testing.TB
	Run(string, func(T)) bool
}](tb T, f func(T, *CausalLM)) {
	m := loadSmol(tb)
	defer m.Close()
	tb.Run("blocks", func(tb T) { f(tb, m) })
	tb.Run("bf16", func(tb T) {
		if p := gemm.BF16Path(); p != "amx" {
			tb.Skipf("bfloat16 weights not tested here: runtime/gemm's bfloat16 path is %q, not AMX tiles (needs AMX-BF16 enabled by the OS)", p)
		}
		bf, err := LoadCausalBF16(m.Path)
		if err != nil {
			tb.Fatal(err)
		}
		defer bf.Close()
		f(tb, bf)
	})
}

// TestContinuationLogProbsBatchedSameBits: ContinuationLogProbs in batched
// passes gives every pair the bits of the one-pair-at-a-time path
// (Unbatched), with passes small enough that texts and continuations span
// several of them, on the GGUF blocks and on bfloat16 weights (AMX).
func TestContinuationLogProbsBatchedSameBits(t *testing.T) {
	onWeightPaths(t, checkContSameBits)
}

func checkContSameBits(t *testing.T, m *CausalLM) {
	ctx := context.Background()
	prompts, conts := contInputs()
	m.Unbatched = true
	want, err := m.ContinuationLogProbs(ctx, prompts, conts)
	m.Unbatched = false
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range contCases {
		if !(want[i] < 0) || math.IsInf(want[i], 0) {
			t.Errorf("%s: log-probability %v, want finite and negative", c.name, want[i])
		}
	}
	a := slices.IndexFunc(contCases, func(c contCase) bool { return c.name == "shared prefix a" })
	r := slices.IndexFunc(contCases, func(c contCase) bool { return c.name == "repeat of a" })
	if want[a] != want[r] {
		t.Errorf("a repeated pair scores %v and %v", want[a], want[r])
	}
	for _, rows := range []int{0, 1, 5, 23} {
		m.BatchRows = rows
		got, err := m.ContinuationLogProbs(ctx, prompts, conts)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range contCases {
			if got[i] != want[i] {
				t.Errorf("BatchRows %d, %s: batched %v, one at a time %v", rows, c.name, got[i], want[i])
			}
		}
	}
	m.BatchRows = 0
	// Each pair alone, and the pairs in another order, give the same bits.
	for i, c := range contCases {
		alone, err := m.ContinuationLogProbs(ctx, []string{c.prompt}, []string{c.cont})
		if err != nil {
			t.Fatal(err)
		}
		if alone[0] != want[i] {
			t.Errorf("%s alone: %v, with the others %v", c.name, alone[0], want[i])
		}
	}
	slices.Reverse(prompts)
	slices.Reverse(conts)
	rev, err := m.ContinuationLogProbs(ctx, prompts, conts)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(rev)
	if !slices.Equal(rev, want) {
		t.Errorf("reversed order: %v, want %v", rev, want)
	}
}

// TestContinuationIsSumOfNextTokens: a continuation's log-probability is the
// sum of its tokens' next-token log-probabilities, each after the prompt
// and the tokens before it (NextTokens, a separate path through Eval).
func TestContinuationIsSumOfNextTokens(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	ctx := context.Background()
	prompt, cont := "The capital of France is", " Paris, and the capital of Japan is Tokyo."
	got, err := m.ContinuationLogProbs(ctx, []string{prompt}, []string{cont})
	if err != nil {
		t.Fatal(err)
	}
	ids := m.model.Tok.Encode(cont)
	if len(ids) < 5 {
		t.Fatalf("%q is %d tokens, want a longer continuation", cont, len(ids))
	}
	sum := 0.0
	for k, id := range ids {
		ctxt := prompt + m.Decode(ids[:k])
		if !slices.Equal(m.Encode(ctxt), append(m.Encode(prompt), ids[:k]...)) {
			t.Fatalf("%q does not tokenize as the prompt then the continuation's first %d tokens", ctxt, k)
		}
		top, err := m.NextTokens(ctx, []string{ctxt}, m.VocabSize())
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(top[0], func(p Prediction) bool { return p.ID == id })
		sum += top[0][i].LogProb
	}
	// NextTokens computes each prefix afresh in one forward pass: the same
	// rows, so the same values up to the float64 sum's order.
	if math.Abs(got[0]-sum) > 1e-9 {
		t.Errorf("ContinuationLogProbs %v, sum of next-token log-probs %v", got[0], sum)
	}
}

// TestContinuationMatchesLlamaCpp: one-token continuations, the tokens
// llama.cpp's reference lists after each of its 20 prompts (those whose
// text encodes back to the token and whose log-probability is above -10),
// in one call, against llama.cpp's log-probabilities, with the tolerances
// of the next-token test. The reference holds no multi-token
// continuations; a multi-token one is the sum of next-token terms
// (TestContinuationIsSumOfNextTokens), each of which this bounds.
func TestContinuationMatchesLlamaCpp(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	ref, err := lmref.Next("testdata/smollm2_next.json")
	if err != nil {
		t.Fatal(err)
	}
	var prompts, conts []string
	var want []float64
	for _, p := range ref {
		for k, id := range p.TokenIDs {
			w := m.Decode([]int{id})
			if p.LogProbs[k] < -10 || !slices.Equal(m.model.Tok.Encode(w), []int{id}) {
				continue
			}
			prompts, conts, want = append(prompts, p.Prompt), append(conts, w), append(want, p.LogProbs[k])
		}
	}
	got, err := m.ContinuationLogProbs(context.Background(), prompts, conts)
	if err != nil {
		t.Fatal(err)
	}
	worst, sum := 0.0, 0.0
	for i := range got {
		d := math.Abs(got[i] - want[i])
		worst, sum = max(worst, d), sum+d
		if d > lmref.LlamaCppMax {
			t.Errorf("%q then %q: %.4f, llama.cpp %.4f", prompts[i], conts[i], got[i], want[i])
		}
	}
	mean := sum / float64(len(got))
	t.Logf("%d continuations after %d prompts: mean |difference| from llama.cpp %.4f, largest %.4f", len(got), len(ref), mean, worst)
	if len(got) < 100 || mean > lmref.LlamaCppMean {
		t.Errorf("%d continuations compared, mean |difference| %.4f (want >= 100 within %.2f)", len(got), mean, lmref.LlamaCppMean)
	}
}

// cancelAfter cancels a context at the first progress report: the call is
// then between forward passes, with more to come.
type cancelAfter struct {
	cancel context.CancelFunc
	calls  int
}

func (c *cancelAfter) Set(int, ...any) { c.calls++; c.cancel() }

// TestContinuationCancelled: a context cancelled between passes ends the
// call with ctx.Err() and no scores, batched and one at a time.
func TestContinuationCancelled(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	prompts, conts := contInputs()
	for _, unbatched := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		c := &cancelAfter{cancel: cancel}
		m.Progress, m.Unbatched, m.BatchRows = c, unbatched, 8
		got, err := m.ContinuationLogProbs(ctx, prompts, conts)
		if !errors.Is(err, context.Canceled) || err != ctx.Err() || got != nil {
			t.Errorf("unbatched %v: cancelled after the first pass, got %v and error %v, want no scores and ctx.Err()", unbatched, got, err)
		}
		if c.calls != 1 {
			t.Errorf("unbatched %v: %d progress reports, want 1 (the pass before the cancel)", unbatched, c.calls)
		}
	}
	m.Progress, m.Unbatched, m.BatchRows = nil, false, 0
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if got, err := m.ContinuationLogProbs(ctx, prompts, conts); !errors.Is(err, context.DeadlineExceeded) || got != nil {
		t.Errorf("expired context: got %v and error %v", got, err)
	}
}

// TestContinuationConcurrent: calls on one model from several goroutines
// (each with its own sessions, FeedBatch's pooled buffers shared) give the
// bits of a call alone.
func TestContinuationConcurrent(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	ctx := context.Background()
	prompts, conts := contInputs()
	want, err := m.ContinuationLogProbs(ctx, prompts, conts)
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]float64, 3)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() { got[g], errs[g] = m.ContinuationLogProbs(ctx, prompts, conts) })
	}
	wg.Wait()
	for g := range got {
		if errs[g] != nil || !slices.Equal(got[g], want) {
			t.Errorf("goroutine %d: %v (error %v), alone %v", g, got[g], errs[g], want)
		}
	}
}

// progressLog records what a call reports.
type progressLog []int

func (p *progressLog) Set(n int, _ ...any) { *p = append(*p, n) }

// TestContinuationProgress: progress counts pairs, a repeated prompt's
// pairs included, rising to all of them, batched and one at a time.
func TestContinuationProgress(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	prompts, conts := contInputs()
	for _, unbatched := range []bool{false, true} {
		var p progressLog
		m.Progress, m.Unbatched, m.BatchRows = &p, unbatched, 16
		if _, err := m.ContinuationLogProbs(context.Background(), prompts, conts); err != nil {
			t.Fatal(err)
		}
		if len(p) < 2 || !slices.IsSorted(p) || p[len(p)-1] != len(prompts) {
			t.Errorf("unbatched %v: progress %v, want several reports rising to %d", unbatched, p, len(prompts))
		}
	}
}

func TestContinuationErrors(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	ctx := context.Background()
	long := strings.Repeat("word ", 9000)
	for _, c := range []struct {
		name           string
		prompts, conts []string
		want           string
	}{
		{"no inputs", nil, nil, "no prompts"},
		{"empty slices", []string{}, []string{}, "no prompts"},
		{"more prompts", []string{"a", "b"}, []string{" c"}, "2 prompts but 1 continuations"},
		{"more continuations", []string{"a"}, []string{" b", " c"}, "1 prompts but 2 continuations"},
		{"empty continuation", []string{"a", "b"}, []string{" c", ""}, "continuation 1 is empty"},
		{"over-long prompt", []string{long}, []string{" a"}, "context"},
		{"over-long continuation", []string{"a"}, []string{long}, "context"},
	} {
		for _, unbatched := range []bool{false, true} {
			m.Unbatched = unbatched
			got, err := m.ContinuationLogProbs(ctx, c.prompts, c.conts)
			if err == nil || !strings.Contains(err.Error(), c.want) || got != nil {
				t.Errorf("%s (unbatched %v): %v, error %v, want one that says %q", c.name, unbatched, got, err, c.want)
			}
		}
	}
}

// benchReviews are the texts the continuation benchmark scores.
var benchReviews = []string{
	"a wonderful, moving film with brilliant acting.",
	"a dull, boring mess and a waste of time.",
	"the plot made no sense and the acting was awful.",
	"I loved every minute of it and will watch it again.",
	"the soundtrack is the only good thing about it.",
	"funny, warm and far better than I expected.",
	"two hours of my life I will never get back.",
	"the best thing the director has made in years.",
	"slow in the middle, but the ending makes up for it.",
	"the food was cold and the waiter was rude.",
	"great value, friendly staff, we will be back.",
	"it broke after two days and support never answered.",
	"exactly as described and it arrived early.",
	"an instant classic that the whole family enjoyed.",
	"predictable, loud and much too long.",
	"charming actors stuck in a weak script.",
}

// freeTextPairs: each review after a shared instruction, followed by two
// sentences of 7 and 8 tokens (32 pairs).
func freeTextPairs() (prompts, conts []string) {
	for _, r := range benchReviews {
		p := "Read the review and say what the reviewer thought.\nReview: " + r + "\nThe reviewer thought it was"
		prompts = append(prompts, p, p)
		conts = append(conts, " good, and would recommend it.", " bad, and would not recommend it.")
	}
	return prompts, conts
}

// verbalizerPairs: what a prompt search with two-token verbalizers asks,
// 4 prompts x 16 reviews, each text followed by " great." and
// " terrible." (128 pairs).
func verbalizerPairs() (prompts, conts []string) {
	for _, pre := range []string{"", "film critic opinion", "rate this honestly", "good bad movie review"} {
		for _, r := range benchReviews {
			p := pre + " Sentence: " + r + " Sentiment:"
			prompts = append(prompts, p, p)
			conts = append(conts, " great.", " terrible.")
		}
	}
	return prompts, conts
}

// BenchmarkContinuationLogProbs scores freeTextPairs and verbalizerPairs one
// pair at a time (Unbatched) and batched, alternately in each iteration,
// and reports each path's pairs per CPU-second and per wall-second and the
// ratio of CPU costs; the two paths' scores must have the same bits.
// Sub-benchmarks: GGUF blocks, bfloat16 weights (AMX).
func BenchmarkContinuationLogProbs(b *testing.B) {
	onWeightPaths(b, func(b *testing.B, m *CausalLM) {
		b.Run("free-text", func(b *testing.B) { benchCont(b, m, freeTextPairs) })
		b.Run("verbalizers", func(b *testing.B) { benchCont(b, m, verbalizerPairs) })
	})
}

func benchCont(b *testing.B, m *CausalLM, pairs func() (prompts, conts []string)) {
	ctx := context.Background()
	prompts, conts := pairs()
	var cpu, wall [2]time.Duration // unbatched, batched
	var scores [2][]float64
	run := func(k int) {
		m.Unbatched = k == 0
		c0, w0 := proccpu.Time(), time.Now()
		var err error
		if scores[k], err = m.ContinuationLogProbs(ctx, prompts, conts); err != nil {
			b.Fatal(err)
		}
		cpu[k] += proccpu.Time() - c0
		wall[k] += time.Since(w0)
	}
	run(1) // warm the scratch buffers and the weight packing
	cpu, wall = [2]time.Duration{}, [2]time.Duration{}
	n := 0
	for b.Loop() {
		run(0)
		run(1)
		n++
	}
	if !slices.Equal(scores[0], scores[1]) {
		b.Fatalf("batched scores %v differ from one at a time %v", scores[1], scores[0])
	}
	q := float64(n * len(prompts))
	b.ReportMetric(q/cpu[0].Seconds(), "unbatched-pairs/cpu-s")
	b.ReportMetric(q/cpu[1].Seconds(), "batched-pairs/cpu-s")
	b.ReportMetric(q/wall[0].Seconds(), "unbatched-pairs/s")
	b.ReportMetric(q/wall[1].Seconds(), "batched-pairs/s")
	b.ReportMetric(cpu[0].Seconds()/cpu[1].Seconds(), "cpu-ratio")
}

// TestLogSumExpMatchesLogSoftmax: a token's log-probability from logSumExp
// has the bits llama.LogSoftmax gives it, on rows of logits' size and
// shape (and a row whose largest value is repeated or -0).
func TestLogSumExpMatchesLogSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name string
		row  func(i int) float32
	}{
		{"logits", func(int) float32 { return float32(rng.NormFloat64() * 4) }},
		{"one large", func(i int) float32 { return float32(i%7) - float32(40*(i/49000)) }},
		{"ties at the top", func(i int) float32 { return float32(i % 3) }},
		{"zeros", func(i int) float32 { return float32(math.Copysign(0, float64(i%2)-0.5)) }},
	} {
		row := make([]float32, 49152)
		for i := range row {
			row[i] = c.row(i)
		}
		lse := logSumExp(row)
		ls := slices.Clone(row)
		llama.LogSoftmax(ls)
		for _, tok := range []int{0, 1, 17, 49151} {
			if got := row[tok] - lse; got != ls[tok] {
				t.Errorf("%s, token %d: %v, LogSoftmax %v", c.name, tok, got, ls[tok])
			}
		}
	}
}
