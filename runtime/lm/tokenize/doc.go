// Package tokenize turns text into the token ids of a pretrained language
// model, matching the reference tokenizers id for id.
//
// # WordPiece (BERT)
//
// The basic tokenizer drops NUL, U+FFFD and control characters, maps every
// whitespace character to a space, puts spaces around CJK ideographs,
// splits on whitespace, lower-cases and strips accents (NFD, then drops
// non-spacing marks) when the vocabulary is uncased, and splits off every
// punctuation character (ASCII symbols and Unicode P* categories). Each word
// then becomes the longest vocabulary pieces from the left, continuations
// prefixed "##"; a word with no such split, or longer than 100 characters,
// becomes [UNK]. Special tokens written in the text ([MASK], [SEP], ...) are
// kept whole. Encode adds [CLS] and [SEP] and truncates to a maximum length.
//
// # Byte-level BPE (GPT-2, SmolLM2 and other GGUF models)
//
// The text is first split into pieces by the GPT-2 pre-tokenizer pattern
// (contractions, letter runs with an optional leading non-letter, single
// digits, punctuation runs, whitespace that does not precede a word), written
// here as a hand-made scanner because Go's regexp has no lookahead. Each
// piece's UTF-8 bytes are mapped to printable characters (the GPT-2 byte
// table) and merged pairwise by rank until no merge applies; special tokens
// (<|im_start|> and friends) are matched before splitting.
//
// Both follow the behaviour of HuggingFace's tokenizers library and are
// checked against token ids it produced (testdata, with provenance).
package tokenize
