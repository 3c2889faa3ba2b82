package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/yaknb/yak/plugins/claps"
	"github.com/yaknb/yak/runtime/gemm"
)

// scoreSpeed is the yak side of bench/claps_torch.py: it scores the texts
// of o.scoreFile (model inputs with [MASK], as the search sends them) with
// MaskedScorer through an Evaluator-sized batch at a time, after a warm-up
// batch, and prints queries/s and CPU seconds as one JSON object.
func scoreSpeed(o options) error {
	b, err := os.ReadFile(o.scoreFile)
	if err != nil {
		return err
	}
	var texts []string
	if err := json.Unmarshal(b, &texts); err != nil {
		return fmt.Errorf("%s: want a JSON list of strings: %w", o.scoreFile, err)
	}
	if len(texts) == 0 {
		return fmt.Errorf("%s holds no texts", o.scoreFile)
	}
	m, err := loadBERT(o.bf16)
	if err != nil {
		return err
	}
	defer m.Close()
	s := claps.MaskedScorer(m)
	labels := claps.MaskedSentimentTask().Labels
	ctx := context.Background()
	if _, err := s.ScoreBatch(ctx, texts[:min(32, len(texts))], labels); err != nil {
		return err
	}
	cpu0, t0 := cpuSeconds(), time.Now()
	var first []float64
	for lo := 0; lo < len(texts); lo += s.BatchSize() {
		out, err := s.ScoreBatch(ctx, texts[lo:min(lo+s.BatchSize(), len(texts))], labels)
		if err != nil {
			return err
		}
		if lo == 0 {
			first = out[0]
		}
	}
	wall, cpu := time.Since(t0).Seconds(), cpuSeconds()-cpu0
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"queries": len(texts), "wall_s": wall, "cpu_s": cpu, "queries_per_s": float64(len(texts)) / wall,
		"bf16": o.bf16, "gemm_bf16_path": gemm.BF16Path(), "first_scores": first,
	})
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// logProgress prints a search's or pruning's progress to stderr at most
// every 30 seconds, with the process's CPU seconds, so that a long run
// shows how far it got.
type logProgress struct {
	what  string
	total int
	start time.Time
	last  time.Time
	done  int
}

func newLogProgress(what string, total int) *logProgress {
	return &logProgress{what: what, total: total, start: time.Now()}
}

func (p *logProgress) Add(n int) { p.Set(p.done + n) }

func (p *logProgress) Set(done int, metrics ...any) {
	p.done = done
	if time.Since(p.last) < 30*time.Second && (p.total == 0 || done < p.total) {
		return
	}
	p.last = time.Now()
	of := ""
	if p.total > 0 {
		of = fmt.Sprintf(" of %d", p.total)
	}
	fmt.Fprintf(os.Stderr, "%s: %d%s %v after %v (process CPU %.0f s)\n", p.what, done, of, metrics, time.Since(p.start).Round(time.Second), cpuSeconds())
}
