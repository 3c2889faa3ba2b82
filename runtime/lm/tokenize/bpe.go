package tokenize

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// BPE is a byte-level BPE tokenizer (GPT-2 style).
type BPE struct {
	tokens  []string
	vocab   map[string]int
	ranks   map[[2]string]int
	special []string // matched whole in text, longest first
	digits  bool     // split digits one by one before the GPT-2 pattern

	byteRune [256]rune
	runeByte map[rune]byte

	mu    sync.Mutex
	cache map[string][]int
}

// BPEOptions says how a vocabulary was trained.
type BPEOptions struct {
	// Special lists tokens matched whole in text before splitting (chat
	// markers such as <|im_start|>).
	Special []string
	// IsolateDigits splits every digit into its own piece first (SmolLM2,
	// Llama 3 and others with a Digits pre-tokenizer).
	IsolateDigits bool
}

// NewBPE builds a tokenizer from the vocabulary in id order and the merges
// ("a b" pairs, best first).
func NewBPE(tokens []string, merges []string, opt BPEOptions) (*BPE, error) {
	t := &BPE{tokens: tokens, vocab: make(map[string]int, len(tokens)), ranks: make(map[[2]string]int, len(merges)),
		digits: opt.IsolateDigits, runeByte: map[rune]byte{}, cache: map[string][]int{}}
	for i, s := range tokens {
		if _, dup := t.vocab[s]; !dup {
			t.vocab[s] = i
		}
	}
	for i, m := range merges {
		a, b, ok := strings.Cut(m, " ")
		if !ok {
			return nil, fmt.Errorf("tokenize: merge %d (%q) is not two tokens", i, m)
		}
		if _, dup := t.ranks[[2]string{a, b}]; !dup {
			t.ranks[[2]string{a, b}] = i
		}
	}
	for _, s := range opt.Special {
		if _, ok := t.vocab[s]; !ok {
			return nil, fmt.Errorf("tokenize: special token %q is not in the vocabulary", s)
		}
		t.special = append(t.special, s)
	}
	sort.SliceStable(t.special, func(i, j int) bool { return len(t.special[i]) > len(t.special[j]) })
	// GPT-2's table: printable bytes stand for themselves, the others for
	// code points from 256 up, in byte order.
	n := 0
	for b := 0; b < 256; b++ {
		if (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff) {
			t.byteRune[b] = rune(b)
		} else {
			t.byteRune[b] = rune(256 + n)
			n++
		}
		t.runeByte[t.byteRune[b]] = byte(b)
	}
	return t, nil
}

// VocabSize is the number of tokens.
func (t *BPE) VocabSize() int { return len(t.tokens) }

// ID returns a token's id.
func (t *BPE) ID(token string) (int, bool) {
	id, ok := t.vocab[token]
	return id, ok
}

// Token returns the raw vocabulary entry (byte-mapped) for id.
func (t *BPE) Token(id int) string {
	if id < 0 || id >= len(t.tokens) {
		return ""
	}
	return t.tokens[id]
}

// Encode returns the token ids of text (no BOS/EOS added).
func (t *BPE) Encode(text string) []int {
	var out []int
	for _, seg := range splitSpecial(text, t.special) {
		if seg.special {
			out = append(out, t.vocab[seg.text])
			continue
		}
		for _, piece := range t.pretokenize(seg.text) {
			out = append(out, t.piece(piece)...)
		}
	}
	return out
}

// Decode turns ids back into text (invalid UTF-8 from a partial character
// is kept as bytes).
func (t *BPE) Decode(ids []int) string {
	var b []byte
	for _, id := range ids {
		tok := t.Token(id)
		if t.isSpecial(tok) {
			b = append(b, tok...)
			continue
		}
		for _, r := range tok {
			if c, ok := t.runeByte[r]; ok {
				b = append(b, c)
			} else {
				b = utf8.AppendRune(b, r)
			}
		}
	}
	return string(b)
}

func (t *BPE) isSpecial(s string) bool {
	for _, sp := range t.special {
		if sp == s {
			return true
		}
	}
	return false
}

// piece BPE-encodes one pre-token.
func (t *BPE) piece(p string) []int {
	t.mu.Lock()
	if ids, ok := t.cache[p]; ok {
		t.mu.Unlock()
		return ids
	}
	t.mu.Unlock()
	syms := make([]string, 0, len(p))
	for i := 0; i < len(p); i++ {
		syms = append(syms, string(t.byteRune[p[i]]))
	}
	for len(syms) > 1 {
		best, at := -1, -1
		for i := 0; i+1 < len(syms); i++ {
			if r, ok := t.ranks[[2]string{syms[i], syms[i+1]}]; ok && (best < 0 || r < best) {
				best, at = r, i
			}
		}
		if at < 0 {
			break
		}
		a, b := syms[at], syms[at+1]
		merged := syms[:0:0]
		for i := 0; i < len(syms); i++ {
			if i+1 < len(syms) && syms[i] == a && syms[i+1] == b {
				merged = append(merged, a+b)
				i++
			} else {
				merged = append(merged, syms[i])
			}
		}
		syms = merged
	}
	ids := make([]int, 0, len(syms))
	for _, s := range syms {
		if id, ok := t.vocab[s]; ok {
			ids = append(ids, id)
			continue
		}
		for _, r := range s {
			// A byte the vocabulary has no token for (SmolLM2 lacks a few
			// control bytes) is dropped, as HuggingFace's tokenizers does.
			if id, ok := t.vocab[string(r)]; ok {
				ids = append(ids, id)
			}
		}
	}
	if len(p) < 64 {
		t.mu.Lock()
		t.cache[p] = ids
		t.mu.Unlock()
	}
	return ids
}

// pretokenize splits text as the GPT-2 pattern
//
//	's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// does (after isolating digits when asked), scanning by hand: Go's regexp
// has no lookahead for \s+(?!\S).
func (t *BPE) pretokenize(s string) []string {
	var out []string
	if !t.digits {
		return gpt2Split(out, s)
	}
	start := 0
	for i, r := range s {
		if unicode.IsNumber(r) {
			out = gpt2Split(out, s[start:i])
			out = append(out, string(r))
			start = i + utf8.RuneLen(r)
		}
	}
	return gpt2Split(out, s[start:])
}

func isL(r rune) bool { return unicode.IsLetter(r) }
func isN(r rune) bool { return unicode.IsNumber(r) }
func isS(r rune) bool { return unicode.IsSpace(r) }

func gpt2Split(out []string, s string) []string {
	rs := []rune(s)
	i := 0
	for i < len(rs) {
		r := rs[i]
		// Contractions.
		if r == '\'' && i+1 < len(rs) {
			if i+2 < len(rs) {
				two := string(rs[i+1 : i+3])
				if two == "re" || two == "ve" || two == "ll" {
					out = append(out, string(rs[i:i+3]))
					i += 3
					continue
				}
			}
			switch rs[i+1] {
			case 's', 't', 'm', 'd':
				out = append(out, string(rs[i:i+2]))
				i += 2
				continue
			}
		}
		j := i
		if r == ' ' && i+1 < len(rs) {
			j = i + 1
		}
		class := func(f func(rune) bool) int {
			k := j
			for k < len(rs) && f(rs[k]) {
				k++
			}
			if k > j {
				return k
			}
			return -1
		}
		if k := class(isL); k > 0 {
			out = append(out, string(rs[i:k]))
			i = k
			continue
		}
		if k := class(isN); k > 0 {
			out = append(out, string(rs[i:k]))
			i = k
			continue
		}
		if k := class(func(r rune) bool { return !isS(r) && !isL(r) && !isN(r) }); k > 0 {
			out = append(out, string(rs[i:k]))
			i = k
			continue
		}
		// Whitespace: \s+(?!\S) leaves the last space of a run that a
		// non-space follows (it joins the next word); \s+ otherwise.
		k := i
		for k < len(rs) && isS(rs[k]) {
			k++
		}
		if k < len(rs) && k-i > 1 {
			k--
		}
		if k == i { // cannot happen: r is a space here
			k = i + 1
		}
		out = append(out, string(rs[i:k]))
		i = k
	}
	return out
}
