// Package llama is the Llama-family causal language model (Llama, SmolLM2,
// and others with the same blocks) read from a GGUF file, for inference on
// the CPU.
//
// # Model
//
// Token embeddings, then L blocks of RMSNorm, grouped-query self-attention
// with rotary position embeddings (adjacent-pair form, as GGUF stores the
// query and key weights) and a causal mask, a residual, RMSNorm, a SwiGLU
// feed-forward block and a residual; a final RMSNorm and the output matrix
// (the token embeddings when the file has no output.weight: tied). Weights
// stay in their GGUF blocks (Q4_0, Q4_1, Q8_0, F16, F32) in the memory-mapped
// file; runtime/lm/ops multiplies against them directly, with activations
// rounded to 8-bit blocks for integer dot products as llama.cpp does
// (Model.F32Activations keeps them in float32: the values transformers
// computes on the dequantized weights, several times slower).
//
// # Sessions and the KV cache
//
// A Session holds the keys and values of the tokens it has seen. Feed
// appends tokens and returns the logits of the last ones; Rewind forgets
// tokens past a length. Eval(tokens) reuses the longest prefix the session
// already holds and computes only the rest, which is what makes scoring many
// labels after one text, or many texts after one prompt, cheap (prefix
// sharing). A session belongs to one goroutine; the Model is shared.
//
// # Batches
//
// Model.FeedBatch feeds several sessions in one forward pass: their rows
// are stacked for the matrix products, so the weights are read once for
// all of them, and attention stays per session, causal over its own keys
// and values. Session.Fork copies a session, so that texts sharing a
// prefix compute it once. A row's logits have the same bits whatever it is
// batched with (every kernel on the path is row-independent; tested), so a
// batched score equals the one-session score exactly.
//
// # Generation
//
// Generate continues a session greedily (temperature 0) or by sampling from
// the softmax at a temperature with a seeded PCG generator, so the same seed
// gives the same text; it stops at an end-of-sequence token or a length.
package llama
