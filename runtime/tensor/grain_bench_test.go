package tensor

import (
	"fmt"
	"testing"

	"github.com/yaknb/yak/runtime/parallel"
	"github.com/yaknb/yak/runtime/tensor/vec"

	"github.com/yaknb/yak/internal/proccpu"
)

// BenchmarkGrain times an element-wise kernel (ReLU, the cheapest
// memory-bound op) on one goroutine and split two ways through
// runtime/parallel, by size: the size where the split starts to win is
// what minParallelWork should be. cpu-ns/op is the process's CPU time per
// op (both threads), the steadier figure on a shared machine.
func BenchmarkGrain(b *testing.B) {
	for _, n := range []int{4096, 16384, 65536, 262144} {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(i%7) - 3
		}
		out := make([]float32, n)
		blocks := (n + elementBlock - 1) / elementBlock
		body := func(lo, hi int) {
			lo, hi = lo*elementBlock, min(hi*elementBlock, n)
			vec.ReLU(out[lo:hi], x[lo:hi])
		}
		b.Run(fmt.Sprintf("n=%d/one", n), func(b *testing.B) {
			proccpu.Loop(b, func() { body(0, blocks) })
		})
		b.Run(fmt.Sprintf("n=%d/chunks2", n), func(b *testing.B) {
			proccpu.Loop(b, func() { _ = parallel.Chunks(nil, 2, blocks, 0, func(_, lo, hi int) { body(lo, hi) }) })
		})
		b.Run(fmt.Sprintf("n=%d/ranges2", n), func(b *testing.B) {
			proccpu.Loop(b, func() { _ = parallel.Ranges(nil, 2, blocks, func(_, lo, hi int) { body(lo, hi) }) })
		})
	}
}
