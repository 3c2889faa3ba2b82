package claps

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Embeddings is a word-vector table: Vectors holds len(Words) rows of Dim
// float32 values, row-major.
type Embeddings struct {
	Words   []string
	Vectors []float32
	Dim     int
	index   map[string]int
}

// NewEmbeddings wraps a table. It panics if len(vectors) != len(words)*dim.
func NewEmbeddings(words []string, vectors []float32, dim int) *Embeddings {
	if dim < 1 || len(vectors) != len(words)*dim {
		panic(fmt.Sprintf("claps: NewEmbeddings: %d words of dimension %d need %d values, got %d", len(words), dim, len(words)*dim, len(vectors)))
	}
	e := &Embeddings{Words: words, Vectors: vectors, Dim: dim, index: make(map[string]int, len(words))}
	for i, w := range words {
		if _, dup := e.index[w]; !dup {
			e.index[w] = i
		}
	}
	return e
}

// LoadEmbeddings reads word vectors in the GloVe text format (one word per
// line, then its values separated by spaces), gzip-compressed when the name
// ends in .gz. Words keep the file's order (most frequent first for the
// shipped tables).
func LoadEmbeddings(path string) (*Embeddings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("claps: opening word vectors: %w (the notebooks ship notebooks/data/glove-100d-sentiment.txt.gz)", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("claps: %s is not gzip data: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	e, err := ReadEmbeddings(r)
	if err != nil {
		return nil, fmt.Errorf("claps: %s: %w", path, err)
	}
	return e, nil
}

// ReadEmbeddings reads GloVe text format from r.
func ReadEmbeddings(r io.Reader) (*Embeddings, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var words []string
	var vecs []float32
	dim := 0
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if dim == 0 {
			dim = len(fields) - 1
			if dim < 1 {
				return nil, fmt.Errorf("line %d: a word with no values; expected \"word v1 v2 ...\"", line)
			}
		}
		if len(fields)-1 != dim {
			return nil, fmt.Errorf("line %d: %d values, but the first line had %d", line, len(fields)-1, dim)
		}
		for _, s := range fields[1:] {
			v, err := strconv.ParseFloat(s, 32)
			if err != nil {
				return nil, fmt.Errorf("line %d: %q is not a number", line, s)
			}
			vecs = append(vecs, float32(v))
		}
		words = append(words, fields[0])
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no word vectors")
	}
	return NewEmbeddings(words, vecs, dim), nil
}

// Lookup returns the vector of w, or nil when w is not in the table.
func (e *Embeddings) Lookup(w string) []float32 {
	i, ok := e.index[w]
	if !ok {
		return nil
	}
	return e.Vectors[i*e.Dim : (i+1)*e.Dim]
}

// Len is the number of words.
func (e *Embeddings) Len() int { return len(e.Words) }

// Subset returns the table restricted to words (in that order), skipping
// words it does not hold.
func (e *Embeddings) Subset(words []string) *Embeddings {
	var ws []string
	var vs []float32
	for _, w := range words {
		if v := e.Lookup(w); v != nil {
			ws = append(ws, w)
			vs = append(vs, v...)
		}
	}
	return NewEmbeddings(ws, vs, e.Dim)
}

// Candidates returns the first n words of the table made of letters only
// (no punctuation, digits or fragments of one letter): the candidate prompt
// vocabulary. n <= 0 means all of them.
func (e *Embeddings) Candidates(n int) []string {
	var out []string
	for _, w := range e.Words {
		if n > 0 && len(out) == n {
			break
		}
		if len([]rune(w)) < 2 {
			continue
		}
		ok := true
		for _, r := range w {
			if !unicode.IsLetter(r) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, w)
		}
	}
	return out
}

// Tokenize lower-cases s and splits it into runs of letters and digits and
// single punctuation marks, the way the shipped GloVe vocabulary is cut.
func Tokenize(s string) []string {
	var toks []string
	eachToken(strings.ToLower(s), func(t string) { toks = append(toks, t) })
	return toks
}

// eachToken calls f with each token of the lower-cased s, as substrings of
// s, so that scoring allocates nothing per word.
func eachToken(s string, f func(string)) {
	start := -1
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			i += w
			continue
		}
		if start >= 0 {
			f(s[start:i])
			start = -1
		}
		if !unicode.IsSpace(r) {
			f(s[i : i+w])
		}
		i += w
	}
	if start >= 0 {
		f(s[start:])
	}
}

// EmbeddingScorer is the offline language-model stand-in: a bag-of-embeddings
// zero-shot classifier. The score of a label is Scale times the cosine
// similarity between the mean vector of the input's words (prompt, template
// and text; unknown words are skipped) and the label word's vector.
//
// It is a weak model. On the three sentiment sets (imdb, yelp, amazon) with
// the empty prompt it is right 51-57% of the time on the bare text (55% on
// average) and 50-53% on SentimentTask's inputs, whose template words also
// enter the mean; the best prompts ClaPS finds with it reach about 57%. It
// exists so that the method, the notebook and the tests run with no server;
// a prompt found with it says nothing about a real language model.
type EmbeddingScorer struct {
	Emb *Embeddings
	// Scale turns cosines (in [-1, 1]) into logits; 0 means 10.
	Scale float64
}

// Score implements Scorer.
func (s *EmbeddingScorer) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	if s.Emb == nil {
		return nil, fmt.Errorf("claps: EmbeddingScorer has no word vectors (set Emb, e.g. from LoadEmbeddings)")
	}
	dim := s.Emb.Dim
	mean := make([]float64, dim)
	eachToken(strings.ToLower(input), func(w string) {
		if v := s.Emb.Lookup(w); v != nil {
			for j, x := range v {
				mean[j] += float64(x)
			}
		}
	})
	scale := s.Scale
	if scale == 0 {
		scale = 10
	}
	out := make([]float64, len(labels))
	for i, l := range labels {
		v := s.Emb.Lookup(strings.ToLower(l))
		if v == nil {
			return nil, fmt.Errorf("claps: label word %q is not in the word-vector table", l)
		}
		out[i] = scale * cosine(mean, v)
	}
	return out, nil
}

func cosine(a []float64, b []float32) float64 {
	var dot, na, nb float64
	for i, x := range a {
		y := float64(b[i])
		dot += x * y
		na += x * x
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
