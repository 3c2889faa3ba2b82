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

func implOrSkip(t testing.TB, name string) gemm.Impl {
	impl, err := gemm.New(name, 0)
	if err != nil {
		// A path this CPU or build lacks still compiles; say why it is not run.
		t.Skipf("skipped: %v (avx2 needs AVX2 and FMA3, avx512 AVX-512 F/BW/DQ/VL with OS support; -tags purego builds neither)", err)
	}
	return impl
}

func TestAVX2(t *testing.T) {
	gemmtest.Test(t, implOrSkip(t, "avx2"))
	gemmtest.DeterminismAcrossThreads(t, func(th int) gemm.Impl { i, _ := gemm.New("avx2", th); return i })
}

func BenchmarkAVX2(b *testing.B) { gemmtest.Benchmark(b, implOrSkip(b, "avx2")) }
