package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/claps"
	"github.com/yaknb/yak/runtime/lm"
)

// speedWords make the benchmark's prompts: 5 words each, as claps_torch.py
// makes them for BERT.
var speedWords = strings.Fields("review movie great story acting plot food service place product price quality film staff music ending book taste scene worth")

// causalWorkload is what a prompt search sends SmolLM2: prompts of 5
// words x the 32 training sentences of seed 1 (16 per class, sentences of
// at most o.maxChars characters, all when 0), rendered by SentimentTask's
// template.
func causalWorkload(o options, prompts int) ([]string, error) {
	all, err := loadSentences(o.data, o.maxChars)
	if err != nil {
		return nil, err
	}
	split, err := claps.FewShot(all, o.shots, 1)
	if err != nil {
		return nil, err
	}
	task := claps.SentimentTask()
	var out []string
	for p := 0; p < prompts; p++ {
		w := make([]string, 5)
		for j := range w {
			w[j] = speedWords[(p*7+j*3)%len(speedWords)]
		}
		for _, ex := range split.Train {
			out = append(out, task.Input(strings.Join(w, " "), ex.Text))
		}
	}
	return out, nil
}

// causalSpeed scores the same SmolLM2 inputs with the one-text-at-a-time
// path (CausalLM.Unbatched, what the scorer did before batching) and the
// batched one, through CausalScorer in the Evaluator's batches, the two
// interleaved over rounds so that they share the machine's load, and
// prints each side's queries per second of wall and of CPU time, their
// ratio, and the largest difference between their scores (0: the same
// bits).
func causalSpeed(o options) error {
	if o.scoreFile != "auto" {
		return fmt.Errorf("-model smollm2 -score takes \"auto\" (the workload is built from -data), not %q", o.scoreFile)
	}
	texts, err := causalWorkload(o, o.speedPrompts)
	if err != nil {
		return err
	}
	load := lm.LoadCausal
	if o.bf16 {
		load = lm.LoadCausalBF16
	}
	m, err := load("smollm2-135m-instruct")
	if err != nil {
		return err
	}
	defer m.Close()
	m.BatchRows = o.batchRows
	s := claps.CausalScorer(m)
	labels := claps.SentimentTask().Labels
	ctx := context.Background()
	score := func(unbatched bool) ([][]float64, float64, float64, error) {
		m.Unbatched = unbatched
		cpu0, t0 := cpuSeconds(), time.Now()
		var all [][]float64
		for lo := 0; lo < len(texts); lo += s.BatchSize() {
			out, err := s.ScoreBatch(ctx, texts[lo:min(lo+s.BatchSize(), len(texts))], labels)
			if err != nil {
				return nil, 0, 0, err
			}
			all = append(all, out...)
		}
		return all, time.Since(t0).Seconds(), cpuSeconds() - cpu0, nil
	}
	if _, err := s.ScoreBatch(ctx, texts[:min(16, len(texts))], labels); err != nil { // warm-up
		return err
	}
	type side struct{ wall, cpu float64 }
	var seq, bat side
	var a, b [][]float64
	for r := 0; r < o.rounds; r++ {
		var w, c float64
		if !o.batchedOnly {
			if a, w, c, err = score(true); err != nil {
				return err
			}
			seq.wall, seq.cpu = seq.wall+w, seq.cpu+c
		}
		if b, w, c, err = score(false); err != nil {
			return err
		}
		bat.wall, bat.cpu = bat.wall+w, bat.cpu+c
		fmt.Fprintf(os.Stderr, "round %d: one at a time %.1f q/CPU-s, batched %.1f q/CPU-s\n", r+1,
			float64(len(texts)*(r+1))/seq.cpu, float64(len(texts)*(r+1))/bat.cpu)
	}
	worst := 0.0
	for i := range a {
		for j := range a[i] {
			worst = math.Max(worst, math.Abs(a[i][j]-b[i][j]))
		}
	}
	tokens := 0
	for _, t := range texts {
		tokens += len(m.Encode(t))
	}
	n := float64(len(texts) * o.rounds)
	res := map[string]any{
		"model": "smollm2-135m-instruct", "bf16": o.bf16, "queries": len(texts), "rounds": o.rounds,
		"mean_tokens": float64(tokens) / float64(len(texts)), "batch_rows": m.BatchRows,
		"batched_q_per_wall_s": n / bat.wall, "batched_q_per_cpu_s": n / bat.cpu,
	}
	if !o.batchedOnly {
		res["unbatched_q_per_wall_s"], res["unbatched_q_per_cpu_s"] = n/seq.wall, n/seq.cpu
		res["cpu_ratio"], res["wall_ratio"], res["max_abs_diff"] = seq.cpu/bat.cpu, seq.wall/bat.wall, worst
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}
