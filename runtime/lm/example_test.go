package lm_test

import (
	"context"
	"fmt"

	"github.com/yaknb/yak/runtime/lm"
)

// Fill a mask and score two label words with BERT (after `yak models fetch
// bert-base-uncased`).
func ExampleMaskedLM() {
	m, err := lm.LoadMasked("bert-base-uncased")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	ctx := context.Background()
	top, _ := m.FillMask(ctx, []string{"The capital of France is [MASK]."}, 3)
	fmt.Println(top[0])
	scores, _ := m.WordLogProbs(ctx, []string{"I loved this film, it was [MASK]!"}, []string{"great", "terrible"})
	fmt.Println(scores)
}

// Score two label continuations and generate with SmolLM2 (after `yak
// models fetch smollm2-135m-instruct`).
func ExampleCausalLM() {
	m, err := lm.LoadCausal("smollm2-135m-instruct")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	ctx := context.Background()
	scores, _ := m.LabelLogProbs(ctx, []string{"I loved it. Sentiment:"}, []string{" positive", " negative"})
	fmt.Println(scores)
	text, _ := m.Generate(ctx, m.ChatPrompt("What is the capital of France?"), 20, 0, 0)
	fmt.Println(text)
}

// Score free-text continuations with SmolLM2: the total log-probability of
// each continuation after its prompt, all pairs in batched forward passes.
func ExampleCausalLM_ContinuationLogProbs() {
	m, err := lm.LoadCausal("smollm2-135m-instruct")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	review := "Review: the plot made no sense and the acting was awful.\nThe reviewer thought the film was"
	scores, err := m.ContinuationLogProbs(context.Background(),
		[]string{review, review, ""},
		[]string{" a waste of time.", " a masterpiece.", "The capital of France is Paris."})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("waste %.2f, masterpiece %.2f, a sentence on its own %.2f\n", scores[0], scores[1], scores[2])
}
