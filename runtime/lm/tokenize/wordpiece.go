package tokenize

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// WordPiece is a BERT tokenizer.
type WordPiece struct {
	vocab   map[string]int
	tokens  []string
	lower   bool
	special []string // kept whole when they appear in text

	CLS, SEP, MASK, PAD, UNK int
}

// maxWordChars is the word length past which BERT gives up and emits [UNK].
const maxWordChars = 100

// LoadWordPiece reads a vocab.txt (one token per line, id = line number).
func LoadWordPiece(path string, lowerCase bool) (*WordPiece, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var toks []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		toks = append(toks, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tokenize: %s: %w", path, err)
	}
	return NewWordPiece(toks, lowerCase)
}

// NewWordPiece builds a tokenizer from a vocabulary in id order.
func NewWordPiece(tokens []string, lowerCase bool) (*WordPiece, error) {
	t := &WordPiece{vocab: make(map[string]int, len(tokens)), tokens: tokens, lower: lowerCase}
	for i, s := range tokens {
		if _, dup := t.vocab[s]; !dup {
			t.vocab[s] = i
		}
	}
	for _, sp := range []struct {
		name string
		id   *int
	}{{"[CLS]", &t.CLS}, {"[SEP]", &t.SEP}, {"[MASK]", &t.MASK}, {"[PAD]", &t.PAD}, {"[UNK]", &t.UNK}} {
		id, ok := t.vocab[sp.name]
		if !ok {
			return nil, fmt.Errorf("tokenize: the vocabulary has no %s token: not a BERT vocabulary", sp.name)
		}
		*sp.id = id
		t.special = append(t.special, sp.name)
	}
	return t, nil
}

// VocabSize is the number of tokens.
func (t *WordPiece) VocabSize() int { return len(t.tokens) }

// Token returns the token with the given id ("" when out of range).
func (t *WordPiece) Token(id int) string {
	if id < 0 || id >= len(t.tokens) {
		return ""
	}
	return t.tokens[id]
}

// ID returns a token's id.
func (t *WordPiece) ID(token string) (int, bool) {
	id, ok := t.vocab[token]
	return id, ok
}

// Tokenize splits text into word pieces (no [CLS]/[SEP]).
func (t *WordPiece) Tokenize(text string) []string {
	var out []string
	for _, seg := range splitSpecial(text, t.special) {
		if seg.special {
			out = append(out, seg.text)
			continue
		}
		for _, w := range t.basic(seg.text) {
			out = t.wordPieces(out, w)
		}
	}
	return out
}

// IDs returns the ids of Tokenize's pieces.
func (t *WordPiece) IDs(text string) []int {
	toks := t.Tokenize(text)
	ids := make([]int, len(toks))
	for i, s := range toks {
		ids[i] = t.vocab[s]
	}
	return ids
}

// Encode returns [CLS] text [SEP] as ids, keeping at most maxLen ids in all
// (text pieces are cut from the end; maxLen <= 0: no limit), and whether it
// cut any.
func (t *WordPiece) Encode(text string, maxLen int) ([]int, bool) {
	ids := t.IDs(text)
	cut := false
	if maxLen > 0 && len(ids)+2 > maxLen {
		ids, cut = ids[:max(0, maxLen-2)], true
	}
	out := make([]int, 0, len(ids)+2)
	out = append(out, t.CLS)
	out = append(out, ids...)
	return append(out, t.SEP), cut
}

type segment struct {
	text    string
	special bool
}

// splitSpecial cuts text around occurrences of the special tokens.
func splitSpecial(text string, special []string) []segment {
	var out []segment
	for len(text) > 0 {
		best, bestTok := -1, ""
		for _, s := range special {
			if i := strings.Index(text, s); i >= 0 && (best < 0 || i < best || (i == best && len(s) > len(bestTok))) {
				best, bestTok = i, s
			}
		}
		if best < 0 {
			out = append(out, segment{text: text})
			break
		}
		if best > 0 {
			out = append(out, segment{text: text[:best]})
		}
		out = append(out, segment{text: bestTok, special: true})
		text = text[best+len(bestTok):]
	}
	return out
}

// basic is BERT's basic tokenizer: clean, split CJK, whitespace-split,
// lower-case and strip accents, split punctuation.
func (t *WordPiece) basic(text string) []string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == 0 || r == 0xfffd || isControl(r):
			continue
		case isWhitespace(r):
			b.WriteByte(' ')
		case isCJK(r):
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	var out []string
	for _, w := range strings.Fields(b.String()) {
		if t.lower {
			w = stripAccents(strings.ToLower(w))
		}
		start := 0
		rs := []rune(w)
		for i, r := range rs {
			if isPunct(r) {
				if i > start {
					out = append(out, string(rs[start:i]))
				}
				out = append(out, string(r))
				start = i + 1
			}
		}
		if start < len(rs) {
			out = append(out, string(rs[start:]))
		}
	}
	return out
}

func (t *WordPiece) wordPieces(out []string, w string) []string {
	rs := []rune(w)
	if len(rs) > maxWordChars {
		return append(out, "[UNK]")
	}
	n := len(out)
	for start := 0; start < len(rs); {
		end := len(rs)
		found := ""
		for ; end > start; end-- {
			s := string(rs[start:end])
			if start > 0 {
				s = "##" + s
			}
			if _, ok := t.vocab[s]; ok {
				found = s
				break
			}
		}
		if found == "" {
			return append(out[:n], "[UNK]")
		}
		out = append(out, found)
		start = end
	}
	return out
}

func stripAccents(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWhitespace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || unicode.Is(unicode.Zs, r)
}

func isControl(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}

func isPunct(r rune) bool {
	if (r >= 33 && r <= 47) || (r >= 58 && r <= 64) || (r >= 91 && r <= 96) || (r >= 123 && r <= 126) {
		return true
	}
	return unicode.IsPunct(r)
}

func isCJK(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || (r >= 0x20000 && r <= 0x2A6DF) ||
		(r >= 0x2A700 && r <= 0x2B73F) || (r >= 0x2B740 && r <= 0x2B81F) || (r >= 0x2B820 && r <= 0x2CEAF) ||
		(r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}
