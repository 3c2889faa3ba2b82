// Package ops holds the transformer inference blocks the language models are
// built from, on plain row-major float32 slices (no autodiff, no tensors:
// inference only, and every buffer is owned by the caller so a forward pass
// allocates nothing per layer).
//
// # Blocks
//
//   - Gather: embedding rows by token id.
//   - LayerNorm (BERT) and RMSNorm (Llama), per row, in place.
//   - GELU (erf form, as BERT), GELUTanh (the tanh approximation), SiLU and
//     SwiGLU (silu(gate)·up, Llama's FFN), in place.
//   - RoPE: rotary position embeddings, adjacent-pair form (what GGUF Llama
//     weights expect) or half-split form (HuggingFace's layout).
//   - Attention: multi-head attention for a batch of sequences with a
//     padding mask (keys past each sequence's length are ignored), optional
//     causal masking with a position offset (a KV cache), grouped-query heads
//     (several query heads share one key/value head), and the softmax fused
//     between the two products.
//   - Linear: x·W + b through runtime/gemm, W stored [in, out].
//   - Quantized matrices (Q8_0, Q4_0, Q4_1 GGUF blocks, plus F16 and F32):
//     QMatrix.MatMul computes x·Wᵀ by dequantizing on the fly, one block of
//     32 weights at a time, for a few rows (generation), or by dequantizing
//     slabs of rows into float32 and calling the GEMM (prompt processing).
//
// Work is split across runtime/tensor.Threads goroutines in contiguous parts
// fixed by the sizes alone, so results do not depend on timing.
package ops
