package claps

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Score implements Scorer. Each request holds one prompt: servers such as
// llama-cpp-python answer a list of prompts with HTTP 500.
func (s *HTTPScorer) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	mode, _ := s.Mode()
	if mode == ModeAuto {
		out, err := s.resolve(ctx, input, labels)
		if err != nil {
			return nil, s.redact(err)
		}
		if out != nil {
			return out, nil
		}
		mode, _ = s.Mode()
	}
	var out []float64
	var err error
	switch mode {
	case ModeBias:
		out, err = s.scoreBias(ctx, input, labels)
	case ModeEcho:
		out, err = s.scoreEcho(ctx, input, labels)
	default:
		out, err = s.scoreTopK(ctx, input, labels, s.opts.Mode == ModeChat)
	}
	if err != nil {
		return nil, s.redact(err)
	}
	return out, nil
}

// echoTolerance is how far echoed and top-k log-probabilities of the same
// token may differ for ModeAuto to trust echo (the server computes both from
// the same logits, so they agree to float32 rounding when echo is right).
const echoTolerance = 1e-3

// resolve settles ModeAuto on the first call, trying the exact modes in
// order. It returns the scores of input when the mode it settles on has
// computed them, and nil scores when Score should go on in the chosen mode.
// Network failures do not settle anything: the next call tries again.
func (s *HTTPScorer) resolve(ctx context.Context, input string, labels []string) ([]float64, error) {
	s.modeMu.Lock()
	defer s.modeMu.Unlock()
	if s.mode != ModeAuto {
		return nil, nil
	}
	settle := func(m Mode, note string) { s.mode, s.note = m, note }

	out, err := s.scoreBias(ctx, input, labels)
	if err == nil {
		settle(ModeBias, "auto: the server forces a label with logit_bias and reports its exact log-probability")
		return out, nil
	}
	if !rejected(err) {
		return nil, err
	}
	why := fmt.Sprintf("logit_bias unusable: %v", err)

	echo, eerr := s.scoreEcho(ctx, input, labels)
	if eerr != nil && !rejected(eerr) {
		return nil, eerr
	}
	top, terr := s.topK(ctx, input, false)
	if terr != nil {
		if eerr == nil && rejected(terr) {
			settle(ModeEcho, why+"; echo unchecked: the server gives no top-k to check it against")
			return echo, nil
		}
		return nil, terr
	}
	if eerr != nil {
		settle(ModeTopK, why+fmt.Sprintf("; echo unusable (%v); top-k %d: labels outside it are floored", eerr, s.opts.TopK))
		return nil, nil
	}
	checked := 0
	for i, l := range labels {
		v, ok := lookup(top, l)
		if !ok {
			continue
		}
		if math.Abs(v-echo[i]) > echoTolerance {
			settle(ModeTopK, why+fmt.Sprintf("; echo wrong: label %q echoed %.4f, top-k %.4f; top-k %d: labels outside it are floored", l, echo[i], v, s.opts.TopK))
			return nil, nil
		}
		checked++
	}
	if checked == 0 {
		settle(ModeEcho, why+"; echo unchecked: no label was in the first input's top-k")
	} else {
		settle(ModeEcho, why+"; echo agrees with the top-k")
	}
	return echo, nil
}

// rejected reports whether err says the server does not offer a mode (an
// HTTP 4xx or an answer without what the mode needs), as opposed to a
// failure to reach it, which retrying might cure.
func rejected(err error) bool {
	var se *statusError
	var me *modeError
	return errors.As(err, &se) || errors.As(err, &me)
}

// modeError is an answer that shows the server does not do what a mode
// needs.
type modeError struct{ msg string }

func (e *modeError) Error() string { return e.msg }

type logprobs struct {
	Tokens        []string             `json:"tokens"`
	TokenLogprobs []*float64           `json:"token_logprobs"`
	TextOffset    []int                `json:"text_offset"`
	TopLogprobs   []map[string]float64 `json:"top_logprobs"`
	Content       []struct {
		Token       string  `json:"token"`
		Logprob     float64 `json:"logprob"`
		TopLogprobs []struct {
			Token   string  `json:"token"`
			Logprob float64 `json:"logprob"`
		} `json:"top_logprobs"`
	} `json:"content"`
}

type completion struct {
	Choices []struct {
		Index    int       `json:"index"`
		Text     string    `json:"text"`
		Logprobs *logprobs `json:"logprobs"`
	} `json:"choices"`
}

// scoreBias asks, per label, for one token from input with the label's
// token biased by +100, and reads the generated token's log-probability.
func (s *HTTPScorer) scoreBias(ctx context.Context, input string, labels []string) ([]float64, error) {
	out := make([]float64, len(labels))
	for i, l := range labels {
		word := " " + l
		body := map[string]any{"model": s.opts.Model, "prompt": input, "max_tokens": 1,
			"temperature": 0, "logprobs": 1, "logit_bias": map[string]float64{word: 100},
			"logit_bias_type": "tokens"}
		var resp completion
		if err := s.post(ctx, "/completions", body, &resp); err != nil {
			return nil, err
		}
		if len(resp.Choices) == 0 || resp.Choices[0].Logprobs == nil ||
			len(resp.Choices[0].Logprobs.Tokens) == 0 || len(resp.Choices[0].Logprobs.TokenLogprobs) == 0 ||
			resp.Choices[0].Logprobs.TokenLogprobs[0] == nil {
			return nil, &modeError{"claps: the server's answer has no log-probability for the generated token"}
		}
		lp := resp.Choices[0].Logprobs
		if strings.TrimLeft(lp.Tokens[0], " Ġ▁") != l {
			return nil, &modeError{fmt.Sprintf("claps: with a logit bias on %q the server generated %q: either it ignores logit_bias_type \"tokens\" or the label is not one token of the model (choose single-token label words, or use mode %q)", word, lp.Tokens[0], ModeTopK)}
		}
		out[i] = *lp.TokenLogprobs[0]
	}
	return out, nil
}

// scoreEcho sends input + " " + label per label with echo and sums the
// label's tokens' log-probabilities.
func (s *HTTPScorer) scoreEcho(ctx context.Context, input string, labels []string) ([]float64, error) {
	out := make([]float64, len(labels))
	for i, l := range labels {
		prompt := input + " " + l
		body := map[string]any{"model": s.opts.Model, "prompt": prompt, "max_tokens": 1,
			"echo": true, "logprobs": 1, "temperature": 0}
		var resp completion
		if err := s.post(ctx, "/completions", body, &resp); err != nil {
			return nil, err
		}
		if len(resp.Choices) != 1 {
			return nil, &modeError{fmt.Sprintf("claps: the server answered %d choices for one prompt", len(resp.Choices))}
		}
		c := resp.Choices[0]
		if c.Logprobs == nil || len(c.Logprobs.Tokens) == 0 || len(c.Logprobs.TokenLogprobs) != len(c.Logprobs.Tokens) {
			return nil, &modeError{fmt.Sprintf("claps: the server's answer has no echoed token log-probabilities; use mode %q or %q with this server (YAK_LLM_MODE)", ModeBias, ModeTopK)}
		}
		v, err := labelLogprob(c.Logprobs, utf8.RuneCountInString(input), utf8.RuneCountInString(prompt))
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// labelLogprob sums the log-probabilities of the echoed tokens that overlap
// the label, characters [start, end) of the prompt.
func labelLogprob(lp *logprobs, start, end int) (float64, error) {
	offs := lp.TextOffset
	if len(offs) != len(lp.Tokens) {
		// Without offsets, rebuild them from the tokens' text.
		offs = make([]int, len(lp.Tokens))
		n := 0
		for i, t := range lp.Tokens {
			offs[i] = n
			n += utf8.RuneCountInString(t)
		}
	}
	var sum float64
	found := false
	for i := range lp.Tokens {
		lo := offs[i]
		hi := lo + utf8.RuneCountInString(lp.Tokens[i])
		if i+1 < len(offs) {
			hi = offs[i+1]
		}
		if hi <= start || lo >= end {
			continue
		}
		if lp.TokenLogprobs[i] == nil {
			return 0, &modeError{fmt.Sprintf("claps: the server gave no log-probability for echoed token %d (%q)", i, lp.Tokens[i])}
		}
		sum += *lp.TokenLogprobs[i]
		found = true
	}
	if !found {
		return 0, &modeError{fmt.Sprintf("claps: no echoed token covers the label (characters %d-%d); the server's text offsets do not match the prompt", start, end)}
	}
	return sum, nil
}

// topK asks for the next token's top-k log-probabilities after input.
func (s *HTTPScorer) topK(ctx context.Context, input string, chat bool) (map[string]float64, error) {
	var body map[string]any
	path := "/completions"
	if chat {
		path = "/chat/completions"
		body = map[string]any{"model": s.opts.Model, "max_tokens": 1, "temperature": 0,
			"messages": []map[string]string{{"role": "user", "content": input}},
			"logprobs": true, "top_logprobs": s.opts.TopK}
	} else {
		body = map[string]any{"model": s.opts.Model, "prompt": input, "max_tokens": 1,
			"temperature": 0, "logprobs": s.opts.TopK}
	}
	var resp completion
	if err := s.post(ctx, path, body, &resp); err != nil {
		return nil, err
	}
	if len(resp.Choices) == 0 || resp.Choices[0].Logprobs == nil {
		return nil, &modeError{fmt.Sprintf("claps: the server's answer has no log-probabilities; does it support logprobs on %s?", path)}
	}
	top := map[string]float64{}
	lp := resp.Choices[0].Logprobs
	switch {
	case len(lp.TopLogprobs) > 0:
		top = lp.TopLogprobs[0]
	case len(lp.Content) > 0:
		for _, t := range lp.Content[0].TopLogprobs {
			top[t.Token] = t.Logprob
		}
	}
	if len(top) == 0 {
		return nil, &modeError{fmt.Sprintf("claps: the server returned no top log-probabilities on %s", path)}
	}
	return top, nil
}

func (s *HTTPScorer) scoreTopK(ctx context.Context, input string, labels []string, chat bool) ([]float64, error) {
	top, err := s.topK(ctx, input, chat)
	if err != nil {
		return nil, err
	}
	return s.readLabels(top, labels), nil
}

// lookup finds a label in a top-k table (see readLabels).
func lookup(top map[string]float64, label string) (float64, bool) {
	want := strings.ToLower(strings.TrimSpace(label))
	sum := 0.0
	found := false
	for tok, v := range top {
		if normalizeToken(tok) == want {
			sum += math.Exp(v)
			found = true
		}
	}
	return math.Log(sum), found
}

// readLabels picks the label words out of a top-k table. Tokens match a
// label after trimming spaces and the tokenizers' word markers (Ġ, ▁) and
// ignoring case; several matches (" positive", "Positive") add up.
func (s *HTTPScorer) readLabels(top map[string]float64, labels []string) []float64 {
	lowest := math.Inf(1)
	for _, v := range top {
		lowest = math.Min(lowest, v)
	}
	out := make([]float64, len(labels))
	for i, l := range labels {
		v, found := lookup(top, l)
		switch {
		case found:
			out[i] = v
		case s.opts.Floor != 0:
			out[i] = s.opts.Floor
			s.floored.Add(1)
		default:
			out[i] = lowest
			s.floored.Add(1)
		}
	}
	return out
}

func normalizeToken(t string) string {
	t = strings.TrimLeft(t, " Ġ▁\t\n")
	return strings.ToLower(strings.TrimSpace(t))
}
