package gemm_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/gemm/gemmtest"
)

func TestAVX512(t *testing.T) {
	for _, name := range []string{"avx512", "avx512-12x32", "avx512-8x48"} {
		t.Run(name, func(t *testing.T) {
			gemmtest.Test(t, implOrSkip(t, name))
			gemmtest.DeterminismAcrossThreads(t, func(th int) gemm.Impl { i, _ := gemm.New(name, th); return i })
		})
	}
}

func BenchmarkAVX512(b *testing.B) { gemmtest.Benchmark(b, implOrSkip(b, "avx512")) }
