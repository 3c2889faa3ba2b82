//go:build goexperiment.simd && amd64

package gemm_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/gemm/gemmtest"
)

func TestSIMD(t *testing.T) {
	gemmtest.Test(t, implOrSkip(t, "simd"))
	gemmtest.DeterminismAcrossThreads(t, func(th int) gemm.Impl { i, _ := gemm.New("simd", th); return i })
}

func BenchmarkSIMD(b *testing.B) { gemmtest.Benchmark(b, implOrSkip(b, "simd")) }
