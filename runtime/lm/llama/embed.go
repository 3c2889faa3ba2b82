package llama

// TokenEmbeddings returns the input embedding table (token_embd.weight) as
// a new Vocab×Hidden float32 matrix, row by row, dequantized from the GGUF
// blocks the way the forward pass reads each input token's row. The file
// keeps it quantized (Q8_0 in SmolLM2-135M's GGUF), so each call decodes
// and allocates Vocab×Hidden×4 bytes (113 MB for SmolLM2-135M).
func (m *Model) TokenEmbeddings() []float32 {
	H := m.Hidden
	out := make([]float32, m.Vocab*H)
	for t := 0; t < m.Vocab; t++ {
		m.embd.DequantizeRow(out[t*H:(t+1)*H], t)
	}
	return out
}

// EmbeddingType names the GGUF type of the embedding table ("Q8_0").
func (m *Model) EmbeddingType() string { return m.embd.Type.String() }
