// Package gguf reads GGUF files (version 2 and 3), the single-file model
// format of llama.cpp: a header of typed key/value metadata (architecture,
// hyper-parameters, the tokenizer's vocabulary and merges), a table of
// tensors (name, shape, GGML type, offset), then the aligned tensor data.
//
// Open memory-maps the file; Tensor returns an ops.QMatrix that aliases the
// mapping, so quantized weights stay quantized and shared between processes
// and loading costs the header parse only. Metadata values decode to Go
// values: integers to int64 or uint64, floats to float64, strings, bools,
// and arrays to slices ([]string, []int64, []float64, ...).
package gguf
