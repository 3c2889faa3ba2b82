package claps

import (
	"context"
	"fmt"
	"testing"

	"github.com/yaknb/yak/runtime/lm"

	"github.com/yaknb/yak/internal/proccpu"
)

// benchPrompts is the number of distinct prompts per Evaluate batch in the
// benchmarks, a greedy round over a small pruned set.
const benchPrompts = 64

func loadBench(b *testing.B) (*Embeddings, []Example) {
	b.Helper()
	emb, err := LoadEmbeddings("../../notebooks/data/glove-100d-sentiment.txt.gz")
	if err != nil {
		b.Fatal(err)
	}
	ex, err := LoadExamples("../../notebooks/data/yelp.json")
	if err != nil {
		b.Fatal(err)
	}
	return emb, ex[:32]
}

// BenchmarkEmbeddingScore is one offline model query.
func BenchmarkEmbeddingScore(b *testing.B) {
	emb, ex := loadBench(b)
	s := &EmbeddingScorer{Emb: emb}
	task := SentimentTask()
	input := task.Input("great movie", ex[0].Text)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Score(ctx, input, task.Labels); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate scores benchPrompts new prompts on 32 examples per
// iteration: model calls, caching and bookkeeping together. It reports
// model queries per second.
func BenchmarkEvaluate(b *testing.B) {
	emb, ex := loadBench(b)
	ev, err := NewEvaluator(&EmbeddingScorer{Emb: emb}, SentimentTask(), EvalOptions{Workers: 2})
	if err != nil {
		b.Fatal(err)
	}
	words := emb.Candidates(0)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		prompts := make([]string, benchPrompts)
		for j := range prompts {
			prompts[j] = fmt.Sprintf("%s %s", words[(i*benchPrompts+j)%len(words)], words[i%len(words)])
		}
		if _, err := ev.Evaluate(ctx, prompts, ex); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ev.Queries())/b.Elapsed().Seconds(), "queries/s")
}

// BenchmarkBERTEvaluate is one greedy-style step on BERT-base: 8 prompts on
// 32 shipped yelp sentences through MaskedScorer (256 model inputs, no cache
// hits), reported as queries/s and as queries per CPU-second of the process
// (the machine is shared, so the second is the steadier), with float32
// weights and with bfloat16 (lm.LoadMaskedBF16), with the scorer's default
// batch (all 256 inputs in one call, sorted by length inside the model) and
// with batch-32 calls (each call one prompt's 32 inputs of mixed lengths).
// It skips when BERT is not fetched.
func BenchmarkBERTEvaluate(b *testing.B) {
	b.Run("f32", func(b *testing.B) { benchBERT(b, loadBERT(b), 0) })
	b.Run("bf16", func(b *testing.B) {
		loadBERT(b) // skips when BERT is not fetched
		m, err := lm.LoadMaskedBF16("bert-base-uncased")
		if err != nil {
			b.Fatal(err)
		}
		defer m.Close()
		b.Run("default", func(b *testing.B) { benchBERT(b, m, 0) })
		b.Run("batch32", func(b *testing.B) { benchBERT(b, m, 32) })
	})
}

func benchBERT(b *testing.B, m *lm.MaskedLM, batch int) {
	_, ex := loadBench(b)
	prompts := make([]string, 8)
	for i := range prompts {
		prompts[i] = fmt.Sprintf("review number %d", i)
	}
	var queries int64
	cpu0 := proccpu.Time().Seconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := MaskedScorer(m)
		s.Batch = batch
		ev, err := NewEvaluator(s, MaskedSentimentTask(), EvalOptions{Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ev.Evaluate(context.Background(), prompts, ex); err != nil {
			b.Fatal(err)
		}
		queries += ev.Queries()
	}
	b.ReportMetric(float64(queries)/b.Elapsed().Seconds(), "queries/s")
	if cpu := proccpu.Time().Seconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(queries)/cpu, "queries/cpu-s")
	}
}
