// Package hello is an example of a yak plugin written as plain Go source.
//
// The kernel loads it at run time (%plugin load examples/plugins/hello, or
// YAK_PLUGIN_PATH=examples/plugins/hello), its init function registers it,
// and cells import it under its import path:
//
//	import "github.com/yaknb/yak/examples/plugins/hello"
//	hello.Similarity([]string{"a", "b"}, [][]float32{{1, 0}, {1, 1}})
//
// It is interpreted, but its heavy part (a matrix product) runs in yak's
// compiled runtime (runtime/gemm), which is the pattern to follow: keep loops
// over data in compiled code, orchestrate from the plugin.
//
// It is also an ordinary Go package: `go build` compiles it, unchanged.
package hello
