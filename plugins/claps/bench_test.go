package claps

import (
	"context"
	"fmt"
	"testing"
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
