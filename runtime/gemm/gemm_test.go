package gemm_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/gemm/gemmtest"
)

func TestReference(t *testing.T) { gemmtest.Test(t, gemm.Reference{}) }

func TestBlocked(t *testing.T) {
	gemmtest.Test(t, gemm.Blocked(0))
	gemmtest.DeterminismAcrossThreads(t, gemm.Blocked)
}

func BenchmarkReference(b *testing.B) { gemmtest.Benchmark(b, gemm.Reference{}) }
func BenchmarkBlocked(b *testing.B)   { gemmtest.Benchmark(b, gemm.Blocked(0)) }
