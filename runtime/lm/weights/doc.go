// Package weights reads and writes model weights in the safetensors format
// (an 8-byte little-endian header length, a JSON header mapping each tensor
// name to its dtype, shape and byte range, then the raw little-endian data).
//
// Open memory-maps the file read-only, so loading a 440 MB model costs a
// header parse and page-table set-up, and the pages are shared with every
// other process that maps the same file; tensors are float32 slices that
// alias the mapping (never write to them). Write streams tensors one by one
// so a conversion never holds two copies of a model in memory.
//
// runtime/tensor has a safetensors reader that copies into Tensors; this one
// exists for the zero-copy mapping that language models need.
package weights
