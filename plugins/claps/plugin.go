package claps

import (
	"context"
	"fmt"
	"strings"

	"github.com/yaknb/yak/plugins/registry"
)

const example = `import (
	"fmt"

	"github.com/yaknb/yak/plugins/claps"
)

emb, err := claps.LoadEmbeddings("data/glove-100d-sentiment.txt.gz")
if err != nil {
	panic(err)
}
examples, err := claps.LoadExamples("data/yelp.json")
if err != nil {
	panic(err)
}
split, err := claps.FewShot(examples, 16, 1)
if err != nil {
	panic(err)
}
scorer, about, err := claps.ScorerFromEnv(emb) // YAK_LLM_URL, or the weak offline scorer
if err != nil {
	panic(err)
}
fmt.Println(about)
reps, err := claps.Representatives(ctx, emb, emb.Candidates(5000), 500, 1)
if err != nil {
	panic(err)
}
out, err := claps.Config{Scorer: scorer, Split: split, Tokens: reps, Strategy: claps.Greedy, Prune: true}.Run(ctx)
if err != nil {
	panic(err)
}
out`

func init() {
	registry.Register(registry.Meta{
		Name:       "claps",
		Version:    "0.1.0",
		Summary:    "black-box prompt search by clustering and pruning (ClaPS): greedy, genetic and particle-swarm search over influential tokens",
		ImportPath: registry.BuiltinPrefix + "claps",
		Example:    example,
		Doc: "ClaPS (Zhou et al., EMNLP 2023 Findings) clusters the vocabulary's embeddings, keeps the " +
			"cluster representatives whose influence on the model's prediction is in the top 10%, and " +
			"searches a 5-token prompt among them with few model queries. Models: an OpenAI-compatible " +
			"server (YAK_LLM_URL; vLLM echo scoring, or top-k log-probabilities for llama.cpp, Ollama and " +
			"OpenAI) or, offline, a weak bag-of-embeddings stand-in. See notebooks/prompt-search.ipynb.",
		SelfTest: selfTest,
	}.Plugin())
}

// selfTest searches a space whose best prompt is known: the reward counts
// how many positions hold the token "b0", "b1" and "b2".
func selfTest() error {
	target := []string{"b0", "b1", "b2"}
	s := ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		prompt, _, _ := strings.Cut(input, "|")
		hits := 0.0
		for i, w := range strings.Fields(prompt) {
			if i < len(target) && w == target[i] {
				hits++
			}
		}
		if strings.HasSuffix(input, "+") {
			return []float64{0, hits}, nil
		}
		return []float64{hits, 0}, nil
	})
	ev, err := NewEvaluator(s, Task{Template: "{prompt}|{text}", Labels: []string{"-", "+"}}, EvalOptions{})
	if err != nil {
		return err
	}
	train := []Example{{Text: "a +", Label: 1}, {Text: "a -", Label: 0}}
	tokens := []string{"a0", "b2", "b0", "c", "b1"}
	res, err := Greedy(context.Background(), ev, tokens, train, SearchOptions{Length: 3})
	if err != nil {
		return err
	}
	if got := res.Best.Prompt(); got != "b0 b1 b2" {
		return fmt.Errorf("greedy search found %q, want \"b0 b1 b2\"", got)
	}
	return nil
}
