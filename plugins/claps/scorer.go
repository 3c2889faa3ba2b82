package claps

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// Scorer is a language model seen as a black box. Score returns one score
// per label word for the model input: the log-probability of the label as the
// continuation of input, or any logit-like value where higher means more
// likely. The searches only ever call Score; a notebook can implement it with
// a type of its own or with ScorerFunc.
//
// Score is called from several goroutines at once (see EvalOptions.Workers).
type Scorer interface {
	Score(ctx context.Context, input string, labels []string) ([]float64, error)
}

// ScorerFunc adapts a function to Scorer.
type ScorerFunc func(ctx context.Context, input string, labels []string) ([]float64, error)

// Score implements Scorer.
func (f ScorerFunc) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	return f(ctx, input, labels)
}

// Floorer is implemented by scorers that sometimes cannot see a label's
// score (a label word outside the server's top-k) and put a floor value in
// its place. Floored is the number of label scores floored so far.
type Floorer interface {
	Floored() int64
}

// Environment variables read by ScorerFromEnv.
const (
	EnvURL    = "YAK_LLM_URL"     // base URL of an OpenAI-compatible server, e.g. http://localhost:8000/v1
	EnvModel  = "YAK_LLM_MODEL"   // model name sent with each request
	EnvMode   = "YAK_LLM_MODE"    // auto (default), bias, echo, topk or chat
	EnvKey    = "YAK_LLM_API_KEY" // API key; OPENAI_API_KEY is used when unset
	EnvTopK   = "YAK_LLM_TOPK"    // top-k for the topk and chat modes (default 5)
	envOpenAI = "OPENAI_API_KEY"
)

// ScorerFromEnv returns an HTTP scorer when YAK_LLM_URL is set, and
// otherwise the offline EmbeddingScorer over emb. The string describes the
// choice for a notebook to print (it never contains the API key).
func ScorerFromEnv(emb *Embeddings) (Scorer, string, error) {
	url := strings.TrimSpace(os.Getenv(EnvURL))
	if url == "" {
		if emb == nil {
			return nil, "", fmt.Errorf("claps: %s is not set and no word vectors were given for the offline scorer", EnvURL)
		}
		return &EmbeddingScorer{Emb: emb}, fmt.Sprintf("offline bag-of-embeddings scorer (%d words; a weak stand-in for a language model: 50-57%% accuracy with the empty prompt); set %s to use a language model server", emb.Len(), EnvURL), nil
	}
	opts := HTTPOptions{
		BaseURL: url,
		Model:   os.Getenv(EnvModel),
		Mode:    Mode(strings.ToLower(strings.TrimSpace(os.Getenv(EnvMode)))),
	}
	if k := os.Getenv(EnvTopK); k != "" {
		if _, err := fmt.Sscan(k, &opts.TopK); err != nil {
			return nil, "", fmt.Errorf("claps: %s=%q is not a number", EnvTopK, k)
		}
	}
	s, err := NewHTTPScorer(opts)
	if err != nil {
		return nil, "", err
	}
	return s, s.String(), nil
}
