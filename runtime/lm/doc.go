// Package lm runs pretrained language models in-process: BERT-base as a
// masked LM and GGUF Llama-family models (SmolLM2) as causal LMs. It is the
// notebook-facing layer over runtime/lm/bert, runtime/lm/llama and the
// tokenizers: non-generic, batch in and slices out, a context for
// cancellation and an optional progress reporter (a display.Progress
// works).
//
// # Getting the models
//
// Models come from the cache that `yak models fetch NAME` (or `make
// models`) fills; nothing is downloaded here. LoadMasked and LoadCausal take
// a model name ("bert-base-uncased", "smollm2-135m-instruct") or a path (a
// converted model directory, or a .gguf file for LoadCausal). A model that is
// not fetched is an error that says which command fetches it.
//
// # Masked LM
//
// FillMask returns the k most likely tokens at the [MASK] of each text;
// WordLogProbs the log-probabilities of given words at it (each word must
// be one vocabulary token; an error names its pieces otherwise). Texts are
// sorted by length and run in batches of BatchSize with padding masks, so
// the order of the inputs does not change the scores.
//
// # Causal LM
//
// NextTokens gives the k most likely next tokens after a prompt;
// ContinuationLogProbs the total log-probability of each continuation
// after its prompt (an empty prompt: after the BOS token, as
// lm-evaluation-harness scores an empty context); LabelLogProbs every
// label after every text. Both scoring calls run the same batched
// machinery: texts in batches (CausalLM.BatchRows token rows per forward
// pass), the prefix a group of texts shares computed once and forked, a
// prompt that repeats computed once for all its continuations, a
// continuation's first token scored from the logits after its text and
// one continuation per text fed in the text's own pass. They give the
// same bits as one text and one continuation at a time (CausalLM.Unbatched,
// kept as the reference) in fewer CPU-seconds: about 5 to 7 times fewer
// for a prompt search's one-token labels on bfloat16 weights, 2 to 4 times
// for continuations on bfloat16, 1.1 to 1.6 times on the GGUF blocks
// (BENCHMARKS.md). Same bits needs every forward pass to give each
// sequence two rows or more: a one-row pass takes the runtime's
// matrix-vector kernels, which sum in another order. Prompt and
// continuation are tokenized separately and concatenated, as evaluation
// harnesses do, so a continuation's tokens do not depend on the prompt.
// Generate continues a prompt greedily (Temperature 0) or by seeded
// sampling.
//
// # Vocabulary and input embeddings
//
// Both model types have Vocab, Hidden and Embeddings, the [VocabSize ×
// Hidden] input embedding table (what plugins/claps clusters into a search
// space). BERT's is the float32 table of the model file, read in place; a
// GGUF model keeps its table quantized (Q8_0 for SmolLM2), so
// CausalLM.Embeddings dequantizes a new float32 copy on each call, equal
// to the bit to gguf-py's dequantization (causal_vocab_test.go). The causal
// LM's Vocab is byte-level BPE's raw entries: "Ġgreat" is " great".
//
// # Scoring interface
//
// Both model types have LabelLogProbs(ctx, texts, labels) ([][]float64,
// error): for the masked LM each text holds a [MASK] and the labels are
// words at it; for the causal LM the labels are continuations. Prompt-search
// code can take either through one small interface.
package lm
