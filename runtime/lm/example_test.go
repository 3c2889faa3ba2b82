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
