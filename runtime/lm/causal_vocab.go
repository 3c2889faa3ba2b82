package lm

// Hidden is the width of the token embeddings.
func (m *CausalLM) Hidden() int { return m.model.Hidden }

// Vocab returns the vocabulary in id order as the byte-level BPE stores it:
// bytes mapped to printable runes, so a leading space is "Ġ" (" great" is
// "Ġgreat") and a token without it continues a word or starts the text.
func (m *CausalLM) Vocab() []string {
	out := make([]string, m.model.Vocab)
	for i := range out {
		out[i] = m.model.Tok.Token(i)
	}
	return out
}

// Embeddings returns the [VocabSize × Hidden] input embedding table, row by
// row, as a new float32 matrix: the GGUF file keeps it quantized (Q8_0 for
// SmolLM2-135M), so each call dequantizes it, as the forward pass does each
// input token's row, into VocabSize×Hidden×4 bytes (113 MB for SmolLM2-135M).
func (m *CausalLM) Embeddings() []float32 { return m.model.TokenEmbeddings() }
