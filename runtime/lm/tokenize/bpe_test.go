package tokenize

import (
	"fmt"
	"reflect"
	"testing"
)

func TestGPT2Split(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Hello world", []string{"Hello", " world"}},
		{"I'm here, don't", []string{"I", "'m", " here", ",", " don", "'t"}},
		{"a  b", []string{"a", " ", " b"}},
		{"a \n\n b  ", []string{"a", " \n\n", " b", "  "}},
		{"x?!  ...y", []string{"x", "?!", " ", " ...", "y"}},
		{"héllo wörld", []string{"héllo", " wörld"}},
		{"we'll they're I've", []string{"we", "'ll", " they", "'re", " I", "'ve"}},
		{"\tindent", []string{"\t", "indent"}},
	} {
		if got := gpt2Split(nil, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("gpt2Split(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func ExampleBPE_Encode() {
	// A toy vocabulary: the byte tokens of "lo w" plus merges.
	toks := []string{"l", "o", "w", "Ġ", "lo", "Ġw", "low", "<|end|>"}
	bpe, err := NewBPE(toks, []string{"l o", "Ġ w", "lo w"}, BPEOptions{Special: []string{"<|end|>"}})
	if err != nil {
		panic(err)
	}
	ids := bpe.Encode("low low<|end|>")
	fmt.Println(ids, bpe.Decode(ids))
	// Output: [6 3 6 7] low low<|end|>
}
