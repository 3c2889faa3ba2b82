package llama

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/lm/store"

	"github.com/yaknb/yak/internal/proccpu"
)

func loadModel(t testing.TB) *Model {
	t.Helper()
	dir, _, err := store.Dir("smollm2-135m-instruct")
	if err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	m, err := Load(filepath.Join(dir, "model.gguf"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestIssueReference: " Paris" after "The capital of France is" at -0.26,
// as the issue states (from llama.cpp: -0.2644). With float32 activations
// (transformers on the same weights: -0.2581) within 0.01; with the default
// 8-bit activations within 0.05 (measured -0.2898: the rounding
// TestIntActivationsCloseToFloat measures).
func TestIssueReference(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	paris := m.Tok.Encode(" Paris")
	if len(paris) != 1 {
		t.Fatalf(`" Paris" is %v, want one token`, paris)
	}
	for _, c := range []struct {
		f32 bool
		tol float64
	}{{true, 0.01}, {false, 0.05}} {
		m.F32Activations = c.f32
		lg, err := m.NewSession().Eval(context.Background(), m.Tok.Encode("The capital of France is"), 1)
		if err != nil {
			t.Fatal(err)
		}
		LogSoftmax(lg)
		if got := float64(lg[paris[0]]); math.Abs(got-(-0.26)) > c.tol {
			t.Errorf(`F32Activations %v: log p(" Paris") = %.4f, want -0.26 ± %g`, c.f32, got, c.tol)
		}
	}
}

// TestCacheMatchesFullPass: feeding tokens one at a time through the KV
// cache gives the logits of one pass over the whole sequence, and Eval
// reuses a common prefix without changing results.
func TestCacheMatchesFullPass(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	// One pass uses the GEMM, token steps the integer kernels: compare the
	// cache logic on float32 activations, where both paths agree to 1e-3.
	m.F32Activations = true
	ctx := context.Background()
	ids := m.Tok.Encode("Once upon a time, in a land far away, there lived")
	full, err := m.NewSession().Eval(ctx, ids, 3)
	if err != nil {
		t.Fatal(err)
	}
	s := m.NewSession()
	var step []float32
	for i, id := range ids {
		lg, err := s.Feed(ctx, []int{id}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(ids)-3 {
			step = append(step, lg...)
		}
	}
	// Eval after a different tail reuses the prefix.
	other := append(slices.Clone(ids[:5]), m.Tok.Encode(" nothing at all")...)
	if _, err := s.Eval(ctx, other, 1); err != nil {
		t.Fatal(err)
	}
	again, err := s.Eval(ctx, ids, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range full {
		if d := math.Abs(float64(full[i] - step[i])); d > 1e-3 {
			t.Fatalf("logit %d: %g in one pass, %g token by token", i, full[i], step[i])
		}
		if d := math.Abs(float64(full[i] - again[i])); d > 1e-3 {
			t.Fatalf("logit %d: %g in one pass, %g after prefix reuse", i, full[i], again[i])
		}
	}
}

// TestIntActivationsCloseToFloat measures what rounding activations to
// 8-bit blocks (the default for token steps) costs: prompts fed one token
// at a time, so every matmul takes the integer path, against the same with
// F32Activations. Measured on these 6 prompts: see the log line; the bounds
// are llama.cpp's tolerance (llamacpp_test.go), which this path shares.
func TestIntActivationsCloseToFloat(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	ctx := context.Background()
	feed := func(ids []int) []float32 {
		s := m.NewSession()
		var lg []float32
		for _, id := range ids {
			var err error
			if lg, err = s.Feed(ctx, []int{id}, 1); err != nil {
				t.Fatal(err)
			}
		}
		LogSoftmax(lg)
		return lg
	}
	worst, sum, n, topSame := 0.0, 0.0, 0, 0
	prompts := []string{"The capital of France is", "Once upon a time, there was a", "def fibonacci(n):",
		"The best way to learn programming is to", "2 + 2 =", "My favourite colour is"}
	for _, p := range prompts {
		ids := m.Tok.Encode(p)
		m.F32Activations = false
		a := feed(ids)
		m.F32Activations = true
		f := feed(ids)
		if argmax(a) == argmax(f) {
			topSame++
		}
		for i := range f {
			if f[i] > -10 {
				d := math.Abs(float64(a[i] - f[i]))
				worst, sum, n = max(worst, d), sum+d, n+1
			}
		}
	}
	t.Logf("8-bit against float32 activations, %d log-probs above e^-10 after %d prompts: mean |difference| %.4f, largest %.4f; same top token on %d",
		n, len(prompts), sum/float64(n), worst, topSame)
	if sum/float64(n) > llamaCppMean || worst > llamaCppMax {
		t.Errorf("8-bit activations move log-probs by %.4f on average, %.4f at most (bounds %.2f, %.2f)", sum/float64(n), worst, llamaCppMean, llamaCppMax)
	}
	if topSame < len(prompts)-1 {
		t.Errorf("top token changed on %d of %d prompts", len(prompts)-topSame, len(prompts))
	}
}

func argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func TestGenerateDeterministic(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	ctx := context.Background()
	p := m.Tok.Encode("The capital of France is")
	g1, err := m.NewSession().Generate(ctx, p, 8, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Tok.Decode(g1); len(g1) == 0 || got[:6] != " Paris" {
		t.Errorf("greedy continuation %q, want it to start with \" Paris\"", got)
	}
	s1, _ := m.NewSession().Generate(ctx, p, 8, 0.8, 42)
	s2, _ := m.NewSession().Generate(ctx, p, 8, 0.8, 42)
	if !slices.Equal(s1, s2) {
		t.Errorf("same seed, different samples: %v %v", s1, s2)
	}
}

func TestBadInput(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	ctx := context.Background()
	if _, err := m.NewSession().Eval(ctx, []int{m.Vocab}, 1); err == nil {
		t.Error("token past the vocabulary accepted")
	}
	if _, err := m.NewSession().Eval(ctx, make([]int, m.Context+1), 1); err == nil {
		t.Error("sequence longer than the context accepted")
	}
	if _, err := Load("llama_test.go"); err == nil {
		t.Error("a Go file loaded as GGUF")
	}
}

// BenchmarkGenerateToken is one generation step (a token through the KV
// cache after a 32-token prompt).
func BenchmarkGenerateToken(b *testing.B) {
	m := loadModel(b)
	defer m.Close()
	benchGenerate(b, m)
}

func benchGenerate(b *testing.B, m *Model) {
	ctx := context.Background()
	prompt := m.Tok.Encode("The quick brown fox jumps over the lazy dog, and then it runs far away into the deep forest where")
	s := m.NewSession()
	if _, err := s.Eval(ctx, prompt, 1); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	c0 := proccpu.Time()
	for i := 0; i < b.N; i++ {
		s.Rewind(len(prompt))
		if _, err := s.Feed(ctx, []int{42}, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tok/s")
	b.ReportMetric(float64((proccpu.Time()-c0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
}

// BenchmarkPrompt64 processes a 64-token prompt from an empty cache.
func BenchmarkPrompt64(b *testing.B) {
	m := loadModel(b)
	defer m.Close()
	ctx := context.Background()
	ids := make([]int, 64)
	for i := range ids {
		ids[i] = 100 + i
	}
	if _, err := m.NewSession().Eval(ctx, ids, 1); err != nil { // repacks the weights
		b.Fatal(err)
	}
	b.ResetTimer()
	c0 := proccpu.Time()
	for i := 0; i < b.N; i++ {
		if _, err := m.NewSession().Eval(ctx, ids, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "tok/s")
	b.ReportMetric(float64((proccpu.Time()-c0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
}

// TestBF16CloseToBlocks: with bfloat16 weights, next-token log-probs stay
// within 0.1 nats of the GGUF blocks' for the likely tokens.
func TestBF16CloseToBlocks(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	m.F32Activations = true // the blocks' own values, not 8-bit activations
	bf, err := LoadBF16(m.file.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer bf.Close()
	t.Logf("bfloat16 path: %s", bf.BF16)
	ctx := context.Background()
	ids := m.Tok.Encode("The capital of France is")
	a, err := m.NewSession().Eval(ctx, ids, 1)
	if err != nil {
		t.Fatal(err)
	}
	c, err := bf.NewSession().Eval(ctx, ids, 1)
	if err != nil {
		t.Fatal(err)
	}
	LogSoftmax(a)
	LogSoftmax(c)
	worst := 0.0
	for i := range a {
		if a[i] > -5 {
			worst = max(worst, math.Abs(float64(a[i]-c[i])))
		}
	}
	t.Logf("largest difference over tokens with log-prob > -5: %.3g", worst)
	if worst > 0.1 {
		t.Errorf("bfloat16 weights move log-probs by %.3g nats", worst)
	}
}

// loadBF16Model loads the test model with bfloat16 weights (the GGUF model
// is opened only to find its file).
func loadBF16Model(b *testing.B) *Model {
	m := loadModel(b)
	path := m.file.Path
	m.Close()
	bf, err := LoadBF16(path)
	if err != nil {
		b.Fatal(err)
	}
	return bf
}

// BenchmarkGenerateTokenBF16 is BenchmarkGenerateToken with bfloat16 weights.
func BenchmarkGenerateTokenBF16(b *testing.B) {
	bf := loadBF16Model(b)
	defer bf.Close()
	benchGenerate(b, bf)
}

// BenchmarkPrompt64BF16 is BenchmarkPrompt64 with bfloat16 weights.
func BenchmarkPrompt64BF16(b *testing.B) {
	bf := loadBF16Model(b)
	defer bf.Close()
	ctx := context.Background()
	ids := make([]int, 64)
	for i := range ids {
		ids[i] = 100 + i
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bf.NewSession().Eval(ctx, ids, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "tok/s")
}
