// Package bert is the BERT encoder with its masked-LM head, for inference on
// the CPU in float32.
//
// # Model
//
// Embeddings (word + position + token type 0, then LayerNorm), then L
// layers of multi-head self-attention and a GELU feed-forward block, each
// with a residual connection and a post-LayerNorm; the MLM head is a dense
// layer, GELU and LayerNorm, then the product with the word embeddings
// (tied output) plus a bias. Weights come from a converted TF1 checkpoint
// (runtime/lm/store writes it as safetensors, matrices [in, out]), memory-
// mapped, so loading costs little and the pages are shared.
//
// # Batches
//
// A batch of token-id sequences is padded to its longest one; attention
// ignores keys past each sequence's length (the padding mask), so a
// sequence's outputs do not depend on what it was batched with (up to
// float32 rounding in the GEMM). The MLM head runs only at the positions
// asked for: scoring a mask costs one vocabulary product, not one per
// token. The context is checked between layers.
package bert
