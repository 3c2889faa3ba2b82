// Package bert is the BERT encoder with its masked-LM head, for inference on
// the CPU in float32 (Load) or with bfloat16 weight matrices (LoadBF16).
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
// float32 rounding in the GEMM). The context is checked between layers.
//
// # Work done for masked-LM scoring
//
// MLMLogits computes only what the logits at the asked positions depend
// on: the last layer's keys and values come from every token, but its
// attention output, feed-forward block and the MLM head run at the asked
// positions alone (a 64-token text with one mask skips about 7% of the
// encoder's multiply-adds and 63 of 64 vocabulary products). The output
// equals the full computation's at those rows up to summation order
// (TestLastLayerAtMasksOnly); transformers' BertForMaskedLM, the reference
// and benchmark peer, computes every row. Encode returns every row.
//
// # Kernels
//
// A layer is four products: the query, key and value matrices side by
// side as one [H, 3H] product (the activations are packed once for the
// three), the attention output, and the two feed-forward products, through
// runtime/gemm (float32) or gemm.BF16Matrix (AMX where the CPU has it).
// Load packs the float32 weight matrices once for the GEMM in use
// (gemm.Packer), so that a batch packs only its activations. The
// residual is accumulated by the float32 GEMM itself (beta 1), and the
// elementwise work is one pass each with runtime/lm/ops's AVX-512 kernels:
// bias and GELU (ops.BiasGELU), bias, residual and LayerNorm
// (ops.AddLayerNorm), and the masked softmax between the two attention
// products. The bfloat16 model runs its feed-forward block 256 rows at a
// time so that the intermediate activations stay in cache.
package bert
