// Package ops holds the transformer inference blocks the language models are
// built from, on plain row-major float32 slices (no autodiff, no tensors:
// inference only, and every buffer is owned by the caller so a forward pass
// allocates nothing per layer).
//
// # Blocks
//
//   - Gather: embedding rows by token id.
//   - LayerNorm (BERT; AddLayerNorm adds a residual and a bias in the same
//     pass, with AVX-512 where the CPU has it) and RMSNorm (Llama), per
//     row, in place.
//   - GELU (erf form, as BERT; BiasGELU adds a bias in the same pass; an
//     AVX-512 kernel where the CPU has it, GELUPath says which), GELUTanh
//     (the tanh approximation), SiLU and SwiGLU (silu(gate)·up, Llama's
//     FFN), in place.
//   - RoPE: rotary position embeddings, adjacent-pair form (what GGUF Llama
//     weights expect) or half-split form (HuggingFace's layout).
//   - Attention: multi-head attention for a batch of sequences with a
//     padding mask (keys past each sequence's length are ignored), optional
//     causal masking with a position offset (a KV cache), grouped-query heads
//     (several query heads share one key/value head), and the softmax fused
//     between the two products.
//   - Linear: x·W + b through runtime/gemm, W stored [in, out].
//   - Quantized matrices (Q8_0, Q4_0, Q4_1 GGUF blocks, plus F16 and F32):
//     QMatrix.MatMul computes x·Wᵀ as llama.cpp does: each row of x is
//     rounded to 8-bit blocks of 32 (one float32 scale each; on 16 lanes
//     with AVX-512, the Go loop's bits) and dotted with
//     the weight blocks in integers, by AVX-512 VNNI (VPDPBUSD) where the CPU
//     has it, AVX2 (VPMADDUBSW) where it has that, and portable Go otherwise
//     (IntDotPath says which; the weights are repacked on first use into
//     groups of 4 rows, 4 activation rows share each weight load). A row's result has
//     the same bits whatever rows go with it, so scores do not depend on
//     batching or on a KV cache. The rounding moves outputs by about 0.5%
//     (relative RMS, TestIntRoundingError). MatMulF32 keeps x in float32:
//     blocks dotted on the fly for one row, dequantized slabs through the
//     GEMM for more (same bits per row from two rows up).
//
// Work is split across runtime/tensor.Threads goroutines in contiguous parts
// fixed by the sizes alone, so results do not depend on timing.
package ops
