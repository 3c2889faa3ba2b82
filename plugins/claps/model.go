package claps

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
)

// LabelModel is an in-process language model that scores label words after
// texts. Both model types of runtime/lm are: *lm.MaskedLM scores the words
// at the text's [MASK], *lm.CausalLM scores them as continuations of the
// text (reusing each text's key/value cache for every label).
type LabelModel interface {
	LabelLogProbs(ctx context.Context, texts, labels []string) ([][]float64, error)
}

// BatchScorer is a Scorer that scores many inputs in one call. The
// Evaluator hands its cache misses to ScoreBatch in batches of BatchSize
// instead of calling Score once per input; each input is still one query.
type BatchScorer interface {
	Scorer
	ScoreBatch(ctx context.Context, inputs, labels []string) ([][]float64, error)
	BatchSize() int
}

// ModelScorer scores through a LabelModel: the label words'
// log-probabilities are the scores, as RLPrompt and ClaPS score masked and
// causal language models. Use MaskedScorer or CausalScorer.
type ModelScorer struct {
	Model LabelModel
	// LabelPrefix goes before each label word: " " for a causal LM, whose
	// label continues the template's last word; "" for a masked LM.
	LabelPrefix string
	// Batch is the number of inputs per model call [256]. Large batches
	// span several prompts, so that the model, which sorts a call's inputs
	// by length before it cuts them into forward passes, pads little: one
	// prompt's 32 examples alone have lengths all over the place.
	Batch int
	// What describes the model for String.
	What string

	inputs atomic.Int64
}

// MaskedScorer scores with a masked LM (lm.LoadMasked): the task's template
// must hold [MASK] (MaskedSentimentTask does), and each label must be one
// token of the model's vocabulary.
func MaskedScorer(m LabelModel) *ModelScorer {
	return &ModelScorer{Model: m, What: describe(m, "masked LM")}
}

// CausalScorer scores with a causal LM (lm.LoadCausal): each label word,
// after a space, is the continuation of the input.
func CausalScorer(m LabelModel) *ModelScorer {
	return &ModelScorer{Model: m, LabelPrefix: " ", What: describe(m, "causal LM")}
}

func describe(m LabelModel, kind string) string {
	if n, ok := m.(interface{ VocabSize() int }); ok {
		return fmt.Sprintf("in-process %s (%d-token vocabulary)", kind, n.VocabSize())
	}
	return "in-process " + kind
}

func (s *ModelScorer) String() string { return s.What }

// Inputs is the number of model inputs scored so far.
func (s *ModelScorer) Inputs() int64 { return s.inputs.Load() }

// BatchSize implements BatchScorer.
func (s *ModelScorer) BatchSize() int {
	if s.Batch <= 0 {
		return 256
	}
	return s.Batch
}

// Score implements Scorer.
func (s *ModelScorer) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	out, err := s.ScoreBatch(ctx, []string{input}, labels)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ScoreBatch implements BatchScorer.
func (s *ModelScorer) ScoreBatch(ctx context.Context, inputs, labels []string) ([][]float64, error) {
	if s == nil || s.Model == nil {
		return nil, fmt.Errorf("claps: ModelScorer has no model; load one with lm.LoadMasked or lm.LoadCausal and wrap it with claps.MaskedScorer or claps.CausalScorer")
	}
	words := labels
	if s.LabelPrefix != "" {
		words = make([]string, len(labels))
		for i, l := range labels {
			words[i] = s.LabelPrefix + strings.TrimLeft(l, " ")
		}
	}
	out, err := s.Model.LabelLogProbs(ctx, inputs, words)
	if err != nil {
		return nil, fmt.Errorf("claps: scoring with the language model: %w", err)
	}
	if len(out) != len(inputs) {
		return nil, fmt.Errorf("claps: the language model returned %d rows for %d inputs", len(out), len(inputs))
	}
	s.inputs.Add(int64(len(inputs)))
	return out, nil
}

// MaskedSentimentTask is the sentiment task for a masked LM as RLPrompt and
// ClaPS pose it: "{prompt} {text} It was [MASK]." with the label words
// terrible and great at the mask.
func MaskedSentimentTask() Task {
	return Task{Template: "{prompt} {text} It was [MASK].", Labels: []string{"terrible", "great"}}
}

// VocabModel is a model whose input embeddings can be read: *lm.MaskedLM
// and *lm.CausalLM.
type VocabModel interface {
	Vocab() []string
	Embeddings() []float32 // VocabSize x Hidden, row by row
	Hidden() int
}

// ModelVocabulary returns the model's own token embeddings as the
// candidate vocabulary of the search space: whole words of Latin letters
// a-z, filtered as the reference code filters a model's vocabulary.
//
// The vocabulary's convention is read off its entries. WordPiece (BERT)
// marks a word's continuation pieces ("##ing"): those go, and so do special
// and unused tokens ("[CLS]", "[unused12]"). Byte-level BPE (GPT-2,
// SmolLM2) marks a token that starts a word after a space with "Ġ", and
// SentencePiece (T5, Llama 2) with "▁": only those tokens are words (the
// reference code keeps T5's "▁" tokens; the others are word pieces or
// text-initial), and the word is the token without its marker, "Ġgreat" ->
// "great", so that a prompt "w1 w2 ..." joined by spaces is those tokens
// again (the first word has no space before it and may split differently).
// In all three, a token with a character that is not a Latin letter
// (numbers, punctuation, other scripts) goes too: it would otherwise take
// clusters of its own in an English search. The vectors are copied, so the
// result outlives the model.
func ModelVocabulary(m VocabModel) (*Embeddings, error) {
	if m == nil {
		return nil, fmt.Errorf("claps: ModelVocabulary needs a model (lm.LoadMasked or lm.LoadCausal)")
	}
	vocab, table, dim := m.Vocab(), m.Embeddings(), m.Hidden()
	if dim < 1 || len(table) != len(vocab)*dim {
		return nil, fmt.Errorf("claps: the model's embedding table has %d values for %d tokens of width %d", len(table), len(vocab), dim)
	}
	marker := wordMarker(vocab)
	var words []string
	var vecs []float32
	for i, w := range vocab {
		w, ok := wholeWord(w, marker)
		if !ok {
			continue
		}
		row := table[i*dim : (i+1)*dim]
		finite := true
		for _, v := range row {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				finite = false
				break
			}
		}
		if !finite {
			continue
		}
		words = append(words, w)
		vecs = append(vecs, row...)
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("claps: none of the model's %d tokens is a whole alphabetic word", len(vocab))
	}
	return NewEmbeddings(words, vecs, dim), nil
}

// wordMarker returns the word-start marker of a byte-level BPE ("Ġ") or
// SentencePiece ("▁") vocabulary, or "" for WordPiece: the marker that
// starts at least a tenth of the entries (GPT-2's and SmolLM2's BPE: about
// two thirds; WordPiece has none).
func wordMarker(vocab []string) string {
	for _, m := range []string{"\u0120", "\u2581"} {
		n := 0
		for _, w := range vocab {
			if strings.HasPrefix(w, m) {
				n++
			}
		}
		if n*10 >= len(vocab) && n > 0 {
			return m
		}
	}
	return ""
}

// wholeWord returns the word a vocabulary entry stands for, and whether it
// is a whole word of Latin letters under the vocabulary's convention
// (marker "" is WordPiece's).
func wholeWord(w, marker string) (string, bool) {
	if marker != "" {
		rest, ok := strings.CutPrefix(w, marker)
		if !ok {
			return "", false
		}
		w = rest
	}
	if w == "" || strings.HasPrefix(w, "##") {
		return "", false
	}
	for _, r := range w {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return "", false
		}
	}
	return w, true
}
