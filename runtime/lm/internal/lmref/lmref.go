// Package lmref reads the reference values that bench/lm_reference.py
// writes into runtime/lm/testdata (llama.cpp's and transformers' next-token
// log-probabilities for SmolLM2), and holds the tolerances the tests of
// runtime/lm and runtime/lm/llama compare yak against them with, so that
// both read the file and judge the differences the same way.
package lmref

import (
	"encoding/json"
	"fmt"
	"os"
)

// Tolerances for next-token log-probs of tokens with log-prob > -10.
//
// Against transformers' LlamaForCausalLM on the same GGUF weights
// dequantized to float32 (what yak computes with F32Activations, in another
// order): TransformersTolerance.
//
// Against llama.cpp: the weights are the same Q4_1/Q8_0 blocks and, by
// default, yak rounds activations to 8-bit blocks for integer dot products
// as llama.cpp does, but llama.cpp keeps keys and values in f16, rounds
// Q4_1's activations with Q8_1 and sums in another order. Measured on the
// 20 reference prompts: mean |difference| 0.095 and largest 0.54 nats with
// 8-bit activations; 0.099 and 0.61 with float32 activations. The tests
// bound the mean at LlamaCppMean and each value at LlamaCppMax.
const (
	TransformersTolerance = 1e-3
	LlamaCppMean          = 0.15
	LlamaCppMax           = 0.75
)

// NextPrompt is one prompt of smollm2_next.json: its text, llama.cpp's
// token ids for it, llama.cpp's top tokens, and the log-probabilities of
// the listed tokens after it from llama.cpp (LogProbs) and transformers
// (LogProbsT).
type NextPrompt struct {
	Prompt    string
	IDs       []int
	Top       []int
	TokenIDs  []int     `json:"token_ids"`
	LogProbs  []float64 `json:"logprobs"`
	LogProbsT []float64 `json:"logprobs_transformers"`
}

// Next reads the prompts of a smollm2_next.json file.
func Next(path string) ([]NextPrompt, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ref struct{ Prompts []NextPrompt }
	if err := json.Unmarshal(b, &ref); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(ref.Prompts) == 0 {
		return nil, fmt.Errorf("%s: no prompts", path)
	}
	for i, p := range ref.Prompts {
		if len(p.TokenIDs) != len(p.LogProbs) {
			return nil, fmt.Errorf("%s: prompt %d lists %d tokens but %d log-probs", path, i, len(p.TokenIDs), len(p.LogProbs))
		}
	}
	return ref.Prompts, nil
}
