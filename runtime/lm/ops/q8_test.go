package ops

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

var intTypes = []QType{Q4_0, Q4_1, Q8_0}

// refIntDot rounds x to 8-bit blocks independently of q8Act (amax/127,
// round half away from zero) and dots the dequantized weights with the
// rounded activations in float64: what the integer kernels compute, up to
// float32 rounding; mag holds Σ|w·x| per row, the scale of that rounding.
func refIntDot(m *QMatrix, x []float32) (out, mag []float32) {
	xq := make([]float64, len(x))
	for b := 0; b < len(x)/32; b++ {
		var amax float64
		for _, v := range x[b*32 : b*32+32] {
			amax = math.Max(amax, math.Abs(float64(v)))
		}
		d := float32(amax) / 127
		for j, v := range x[b*32 : b*32+32] {
			if d != 0 {
				xq[b*32+j] = float64(d) * math.Round(float64(v*(1/d)))
			}
		}
	}
	out, mag = make([]float32, m.Rows), make([]float32, m.Rows)
	row := make([]float32, m.Cols)
	for r := range out {
		m.DequantizeRow(row, r)
		var s, a float64
		for c, w := range row {
			s += float64(w) * xq[c]
			a += math.Abs(float64(w) * xq[c])
		}
		out[r], mag[r] = float32(s), float32(a)
	}
	return out, mag
}

func randQ(t testing.TB, r *rand.Rand, typ QType, rows, cols int) *QMatrix {
	m, err := NewQMatrix(typ, rows, cols, quantize(typ, randn(r, rows*cols)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Every integer kernel this CPU has, on every type, against the float64
// reference; row counts that are not whole groups of 4 included.
func TestIntKernelsAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, k := range intKernels {
		if !k.ok {
			t.Logf("kernel %s skipped: %s", k.name, k.why)
			continue
		}
		t.Logf("kernel %s", k.name)
		for _, typ := range intTypes {
			for _, shape := range [][2]int{{1, 32}, {13, 96}, {64, 576}, {7, 1536}} {
				rows, cols := shape[0], shape[1]
				m := randQ(t, r, typ, rows, cols)
				for _, n := range []int{1, 3, 4, 9} {
					x := randn(r, n*cols)
					x[0] = 0
					if n > 1 {
						clear(x[cols : cols+32]) // a block of zeros: scale 0
					}
					got := make([]float32, n*rows)
					m.matMulInt(got, x, n, k)
					for i := 0; i < n; i++ {
						want, mag := refIntDot(m, x[i*cols:(i+1)*cols])
						for o, w := range want {
							// Q4_1's minimum term cancels much of the rest:
							// float32 rounding is relative to Σ|w·x|.
							if g := got[i*rows+o]; math.Abs(float64(g-w)) > 1e-6*float64(mag[o])+1e-6 {
								t.Fatalf("%s %v %dx%d, %d rows: row %d output %d = %g, want %g (Σ|w·x| %g)",
									k.name, typ, rows, cols, n, i, o, g, w, mag[o])
							}
						}
					}
				}
			}
		}
	}
	t.Logf("in use: %s", IntDotPath())
}

// TestIntRoundingError measures what rounding activations to 8-bit blocks
// costs against MatMulF32 (float32 activations, same weights) on Gaussian
// data: the relative RMS error of the outputs.
func TestIntRoundingError(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const rows, cols = 256, 576
	for _, typ := range intTypes {
		m := randQ(t, r, typ, rows, cols)
		x := randn(r, cols)
		got, want := make([]float32, rows), make([]float32, rows)
		m.MatMul(got, x, 1)
		m.MatMulF32(want, x, 1)
		var num, den float64
		for i := range got {
			num += float64(got[i]-want[i]) * float64(got[i]-want[i])
			den += float64(want[i]) * float64(want[i])
		}
		rel := math.Sqrt(num / den)
		t.Logf("%v: relative RMS error of 8-bit activations %.2g", typ, rel)
		if rel > 0.01 {
			t.Errorf("%v: 8-bit activations move outputs by %.2g (relative RMS), want < 1%%", typ, rel)
		}
	}
}

// A row's MatMul result does not depend on the rows beside it: one row
// alone and among 9 (chunks of 4 and a tail) give the same bits.
func TestMatMulRowIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	const rows, cols, n = 300, 576, 9
	for _, typ := range intTypes {
		m := randQ(t, r, typ, rows, cols)
		x := randn(r, n*cols)
		all := make([]float32, n*rows)
		m.MatMul(all, x, n)
		for i := 0; i < n; i++ {
			one := make([]float32, rows)
			m.MatMul(one, x[i*cols:(i+1)*cols], 1)
			for o := range one {
				if one[o] != all[i*rows+o] {
					t.Fatalf("%v: row %d output %d: %g alone, %g among %d rows", typ, i, o, one[o], all[i*rows+o], n)
				}
			}
		}
	}
}

// MatMulF32's rows do not depend on the rows beside them either, from two
// rows up (a one-row pass is a matrix-vector product, summed in another
// order, as the runtime/lm doc says): the first k of 9 rows alone give the
// bits they have among all 9, on every block type and on F16.
func TestMatMulF32RowsIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	const rows, cols, n = 300, 576, 9
	for _, typ := range append(slices.Clone(intTypes), F16) {
		m := randQ(t, r, typ, rows, cols)
		x := randn(r, n*cols)
		all := make([]float32, n*rows)
		m.MatMulF32(all, x, n)
		for k := 2; k < n; k++ {
			part := make([]float32, k*rows)
			m.MatMulF32(part, x[:k*cols], k)
			for o := range part {
				if part[o] != all[o] {
					t.Fatalf("%v: row %d output %d: %g among %d rows, %g among %d", typ, o/rows, o%rows, part[o], k, all[o], n)
				}
			}
		}
	}
}
