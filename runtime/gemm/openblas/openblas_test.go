//go:build openblas && cgo

package openblas_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/gemm/gemmtest"
	_ "github.com/yaknb/yak/runtime/gemm/openblas"
)

func impl(t testing.TB) gemm.Impl {
	g, err := gemm.New("openblas", 0)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestOpenBLAS(t *testing.T) { gemmtest.Test(t, impl(t)) }

func BenchmarkOpenBLAS(b *testing.B) { gemmtest.Benchmark(b, impl(b)) }
