// Package claps is black-box prompt search by clustering and pruning
// (ClaPS: Zhou, Wan, Vulić, Korhonen, "Survival of the Most Influential
// Prompts: Efficient Black-Box Prompt Search via Clustering and Pruning",
// Findings of EMNLP 2023).
//
// A few tokens carry most of the influence on a language model's
// prediction. ClaPS clusters the vocabulary, keeps the influential cluster
// representatives, and searches a short discrete prompt in that small space
// with few model queries. The model is a black box: all the method sees are
// the scores it gives the label words.
//
// # Task
//
// A Task is a template and a verbalizer: SentimentTask places the prompt in
// "{prompt}. Sentence: {text}, Sentiment:" and reads the classes from the
// label words negative and positive. FewShot draws k training and k
// validation examples per class (16 in the paper); the rest is the test set.
// The reward of a prompt is the negative cross-entropy of the label scores
// (taken as logits) on the training set; CrossEntropyOnProbs is the
// reference code's variant, cross-entropy applied to the probabilities.
//
// # Pipeline
//
//  1. Representatives: k-means (runtime/cluster) over the candidate
//     vocabulary's word vectors, k = 2,000 by default; each cluster is
//     represented by the word nearest its centre. CachedRepresentatives
//     keeps the answer in the models cache (RepCacheDir), keyed by the
//     SHA-256 of the table, k and seed, so a model's vocabulary is
//     clustered once: BERT's 21,745 whole-word tokens into 2,000 clusters
//     cost 30 s of CPU (BENCHMARKS.md), a cache hit 0.2 s.
//  2. Prune: a token's influence is the reward with the token alone as the
//     prompt minus the reward with the empty prompt (or, label-free, the KL
//     divergence between the class distributions with and without it); the
//     tokens at or above the 90th percentile are kept.
//  3. Search prompts of L = 5 tokens in the kept set: Greedy (L rounds,
//     append the best token), Genetic (population 128, 30 generations, top
//     10% parents, uniform crossover, mutation 0.1) or Swarm (discrete
//     particle swarm, 128 particles, 30 epochs, inertia 0.8 -> 0.2, c1
//     0.8 -> 0.2, c2 0.2 -> 0.8; see Swarm for how positions map to tokens).
//     Random, the paper's random-search baseline, draws prompts uniformly
//     until the query budget it is given runs out.
//  4. Select: the best few prompts by training reward are scored on the
//     validation set and the most accurate one wins.
//
// Config.Run does all four and the test-set evaluation in one call;
// Baseline scores a fixed prompt the same way. Experiment runs the paper's comparison
// (empty and manual prompts, each strategy with and without pruning, over
// seeds) in compiled code; its Results render as a table, and as a chart
// of accuracy against model queries.
//
// # Sizes and cost
//
// Pruning costs one evaluation per representative (2,000 x 32 model calls
// with the defaults). Greedy search costs Length x len(kept) prompt
// evaluations; the genetic and swarm searches at most 128 x 30, fewer when
// prompts repeat. The paper's pruned greedy search makes 89,792 queries
// (2,001 x 32 pruning, 4 x 200 x 32 for rounds 2-5, 5 x 32 validation),
// each paid once (round 1 is the pruning's, from its cache). On BERT-base
// (bfloat16, runtime/lm's forward of December 2026) a query costs about
// 1/150 of a CPU-second, so that search takes about 10 CPU-minutes (run
// whole, under load, in BENCHMARKS.md); notebooks/prompt-search.ipynb
// runs the whole method on BERT at small sizes (or offline on the stand-in,
// in about a minute) and bench/claps_bert at larger ones; BENCHMARKS.md has
// the figures.
//
// # Query accounting
//
// Every model call goes through an Evaluator, which counts it, caches the
// label scores of each model input (the same prompt and input are never
// scored twice), runs calls concurrently on a bounded number of workers, and
// enforces a query budget: when the budget cannot pay for the next prompt,
// the search stops and returns the best prompt so far with
// Result.Exhausted set. A pruning shared between runs (Config.Pruning) is
// charged to each run's budget and hands over its cached scores; a tie
// between the top label scores counts as a wrong prediction. Results are the same for any number of workers, and
// every random choice comes from SearchOptions.Seed.
//
// # Language models
//
// Scorer is the model: Score(ctx, input, labels) returns one score per
// label word. A notebook can implement it, or wrap a function in ScorerFunc.
// HTTPScorer talks to an OpenAI-compatible server, one prompt per request
// (llama-cpp-python answers a list of prompts with HTTP 500), with at most
// HTTPOptions.Concurrency requests in flight. It retries 429 and 5xx
// answers and network errors with exponential backoff, honouring
// Retry-After; each request has a timeout; it has a rate limit, and reads
// its API key from YAK_LLM_API_KEY or OPENAI_API_KEY without ever printing
// it. ScorerFromEnv picks it when YAK_LLM_URL is set.
//
// # Exact label log-probabilities from a server
//
// Tried against llama-cpp-python 0.3.36's server with the SmolLM2-135M GGUF
// (http_server_test.go checks each finding; tests/test_claps_server.py runs
// it in make test):
//
//   - logit_bias (ModeBias): one request per label, the input as prompt,
//     one token generated, logit_bias {" <label>": 100} with
//     logit_bias_type "tokens". The server generates the label token and
//     reports its log-probability from the logits before the bias: exact,
//     and it agrees with the in-process GGUF scorer to the activation
//     quantization's error (BENCHMARKS.md, claps). Labels must be single
//     tokens of the model. Servers that take only token ids as keys (vLLM,
//     OpenAI) answer 400.
//   - echo (ModeEcho): exact on vLLM. llama-cpp-python 0.3.36 pairs each
//     echoed prompt token with the distribution after it instead of before
//     it when the model has no BOS token (SmolLM2): " positive" after
//     "... Sentiment:" echoes -7.7 where the model gives -2.9. Wrong, so
//     not used there.
//   - top-k (ModeTopK): exact for the labels inside the top-k, floored
//     outside; with k = 20, " negative" falls outside after "Sentiment:".
//     k = 1,000 holds both labels but costs the server about a second per
//     request (it converts every listed token to text).
//   - llama.cpp's native /completion with n_probs is llama-server's (the C++
//     server); llama-cpp-python answers 404.
//
// ModeAuto, the default, tries them in that order on the first call and
// keeps the first exact one: bias if the server generates the biased label;
// else echo if its values agree with the top-k for the labels the top-k
// shows; else top-k, with the reason in the scorer's String.
//
// # Failures and resuming
//
// A server killed mid-search, a timeout or an interrupt ends the search with
// an error that says what happened; the Evaluator keeps every answer it got.
// Calling the search again with the same Evaluator resumes: the answered
// inputs come from the cache and only the rest are sent. A failed call is
// not a query, so Evaluator.Queries counts each (prompt, example) input
// once however many failures came between (tested against the real
// server).
//
// # In-process models
//
// In-process models (runtime/lm): MaskedScorer wraps BERT (lm.LoadMasked)
// with MaskedSentimentTask's template "{prompt} {text} It was [MASK]." and
// scores the label words terrible and great at the mask; CausalScorer wraps
// a GGUF causal LM (lm.LoadCausal) and scores each label word as the
// continuation. Both are BatchScorers: the Evaluator sends its cache misses
// in batches (256 inputs per call, which the masked LM sorts by length so
// that a forward pass pads little), counts one query per model input, and
// the causal LM runs a call's inputs through batched forward passes,
// computing the prefix that a prompt's inputs share once and scoring the
// labels from the logits after each input (lm.CausalLM.LabelLogProbs). ModelVocabulary turns the
// model's own input embeddings into the candidate vocabulary for
// Representatives: BERT's WordPiece rows less sub-word pieces, special
// tokens and tokens that are not all Latin letters (21,745 of 30,522);
// for SmolLM2's byte-level BPE, the tokens that start a word after a space
// ("Ġgreat", the word "great"), as the reference code keeps T5's "▁"
// tokens, again Latin letters only (31,586 of 49,152, upper case included:
// the vocabulary is cased; a word-initial piece such as "Ġquestionna" is
// kept, as it is in the reference's filtering), with the rows of the
// Q8_0 table dequantized to float32.
//
// Without a model, EmbeddingScorer stands in for one: a
// bag-of-embeddings zero-shot classifier over the shipped word vectors
// (class score = cosine similarity of the mean vector of the input's words
// to the label word's vector). It is weak — 50-57% accuracy on the
// sentiment sets with the empty prompt, about 57% with the prompts ClaPS
// finds — and exists so that everything runs offline; prompts it likes say
// nothing about a real language model. Unlike a language model it spreads
// influence over most tokens (BENCHMARKS.md), so with it pruning saves
// queries but cannot show the paper's accuracy gains.
package claps
