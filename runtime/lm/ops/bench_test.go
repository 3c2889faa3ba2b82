package ops

import (
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"

	"github.com/yaknb/yak/internal/proccpu"
)

const benchRows, benchCols = 1536, 576 // SmolLM2's FFN up projection

func benchQ(b *testing.B, typ QType, m int) {
	r := rand.New(rand.NewPCG(1, 1))
	w := randn(r, benchRows*benchCols)
	q, err := NewQMatrix(typ, benchRows, benchCols, quantize(typ, w))
	if err != nil {
		b.Fatal(err)
	}
	x := randn(r, m*benchCols)
	out := make([]float32, m*benchRows)
	q.MatMul(out, x, m) // repacks the weights
	b.ResetTimer()
	c0 := proccpu.Time()
	for i := 0; i < b.N; i++ {
		q.MatMul(out, x, m)
	}
	b.ReportMetric(float64(2*m*benchRows*benchCols*b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	b.ReportMetric(float64((proccpu.Time()-c0).Microseconds())/float64(b.N), "cpu-µs/op")
}

func BenchmarkQ4_1Vec(b *testing.B)   { benchQ(b, Q4_1, 1) }
func BenchmarkQ8_0Vec(b *testing.B)   { benchQ(b, Q8_0, 1) }
func BenchmarkQ4_1Mat64(b *testing.B) { benchQ(b, Q4_1, 64) }

func BenchmarkBF16Vec(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	w := randn(r, benchRows*benchCols)
	bm, err := gemm.NewBF16Matrix(benchRows, benchCols, w, benchCols)
	if err != nil {
		b.Fatal(err)
	}
	x := randn(r, benchCols)
	out := make([]float32, benchRows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bm.MulT(1, x, benchCols, out, benchRows)
	}
	b.ReportMetric(float64(2*benchRows*benchCols*b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkIntKernels is one 1536x576 matrix-vector product (SmolLM2's FFN
// up projection) by each integer kernel this CPU has.
func BenchmarkIntKernels(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, k := range intKernels {
		if !k.ok {
			continue
		}
		for _, typ := range []QType{Q4_0, Q4_1, Q8_0} {
			b.Run(k.name+"/"+typ.String(), func(b *testing.B) {
				q, err := NewQMatrix(typ, benchRows, benchCols, quantize(typ, randn(r, benchRows*benchCols)))
				if err != nil {
					b.Fatal(err)
				}
				x, out := randn(r, benchCols), make([]float32, benchRows)
				q.matMulInt(out, x, 1, k)
				b.ResetTimer()
				c0 := proccpu.Time()
				for i := 0; i < b.N; i++ {
					q.matMulInt(out, x, 1, k)
				}
				b.ReportMetric(float64(2*benchRows*benchCols*b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				b.ReportMetric(float64((proccpu.Time()-c0).Microseconds())/float64(b.N), "cpu-µs/op")
			})
		}
	}
}
