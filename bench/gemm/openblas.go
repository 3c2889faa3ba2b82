//go:build openblas && cgo

package main

// With -tags openblas the benchmark can time OpenBLAS through the same Go
// calls (-impl openblas).
import _ "github.com/yaknb/yak/runtime/gemm/openblas"
