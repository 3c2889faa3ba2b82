package ops

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// roundBlock gives llama.cpp's rounding exactly: d = max|x|/127 and
// q = round(x·(1/d)) half away from zero (math.Round in float64 of the
// float32 product), on Gaussian blocks, blocks whose products land on and
// next to halves, zeros and blocks with infinitesimal values.
func TestRoundBlockExact(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	check := func(name string, xs []float32) {
		t.Helper()
		var q [32]int8
		d, sum := roundBlock(xs, &q)
		var amax float32
		for _, v := range xs {
			amax = max(amax, float32(math.Abs(float64(v))))
		}
		wd := amax / 127
		var id float32
		if wd != 0 {
			id = 1 / wd
		}
		if d != wd {
			t.Fatalf("%s: d = %g, want %g", name, d, wd)
		}
		var wsum int32
		for j, v := range xs {
			want := int8(math.Round(float64(v * id)))
			wsum += int32(want)
			if q[j] != want {
				t.Fatalf("%s: q[%d] = %d for %g (x/d = %.9g), want %d", name, j, q[j], v, v*id, want)
			}
		}
		if sum != wsum {
			t.Fatalf("%s: sum %d, want %d", name, sum, wsum)
		}
	}
	xs := make([]float32, 32)
	for it := 0; it < 2000; it++ {
		for j := range xs {
			xs[j] = float32(r.NormFloat64())
		}
		check("gaussian", xs)
	}
	// With max|x| = 127, x/d is x (d = 1): halves, and the floats either side.
	for it := 0; it < 500; it++ {
		xs[0] = 127
		for j := 1; j < 32; j++ {
			h := float32(r.IntN(253)-126) + 0.5
			switch r.IntN(3) {
			case 1:
				h = math.Nextafter32(h, 0)
			case 2:
				h = math.Nextafter32(h, 200)
			}
			xs[j] = h
		}
		check("halves", xs)
	}
	check("zeros", make([]float32, 32))
	tiny := make([]float32, 32)
	tiny[3], tiny[9] = 1e-45, -2e-45
	check("subnormal", tiny)
}

// BenchmarkQuantize: rounding 64 activation rows of 576 (SmolLM2's hidden
// width) to 8-bit blocks, what every integer product of a 64-token pass
// does first.
func BenchmarkQuantize(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const rows, cols = 64, 576
	x := randn(r, rows*cols)
	var a q8Act
	for b.Loop() {
		for c := 0; c < rows; c += groupRows {
			a.quantize(x[c*cols:], groupRows, cols)
		}
	}
}

// The SIMD rounding (AVX-512) gives the Go loop's chunks to the bit: bytes,
// scales and every per-block sum, on Gaussian rows, rows of halves and
// near-halves, and zero blocks, for chunks of 1 to 4 rows.
func TestQuantizeSIMDSameBits(t *testing.T) {
	if roundRowSIMD == nil {
		t.Skip("no SIMD rounding on this CPU or build (needs AVX-512 F/BW/DQ/VL on amd64 without purego); the Go loop is what runs, tested by TestRoundBlockExact")
	}
	r := rand.New(rand.NewPCG(23, 24))
	const cols = 576
	x := make([]float32, groupRows*cols)
	for it := 0; it < 200; it++ {
		for i := range x {
			switch it % 3 {
			case 0:
				x[i] = float32(r.NormFloat64())
			case 1: // max|x| 127 per block (below), so x/d = x: halves
				h := float32(r.IntN(253)-126) + 0.5
				x[i] = []float32{h, math.Nextafter32(h, 0), math.Nextafter32(h, 200)}[r.IntN(3)]
			case 2:
				x[i] = float32(r.NormFloat64()) * float32(r.IntN(2)) // zero blocks, some
			}
		}
		if it%3 == 1 {
			for b := 0; b < len(x)/32; b++ {
				x[b*32+r.IntN(32)] = 127
			}
		}
		if it%3 == 2 {
			clear(x[64:96])
		}
		rows := 1 + it%groupRows
		var want, got q8Act
		simd := roundRowSIMD
		roundRowSIMD = nil
		want.quantize(x, rows, cols)
		roundRowSIMD = simd
		got.quantize(x, rows, cols)
		if !slices.Equal(got.q, want.q) || !slices.Equal(got.d, want.d) || !slices.Equal(got.s, want.s) ||
			!slices.Equal(got.c8, want.c8) || !slices.Equal(got.c128, want.c128) {
			for i := range want.d {
				if got.d[i] != want.d[i] || got.c8[i] != want.c8[i] || !slices.Equal(got.q[i*actBlockBytes:(i+1)*actBlockBytes], want.q[i*actBlockBytes:(i+1)*actBlockBytes]) {
					t.Fatalf("case %d, %d rows, block %d: SIMD d %g c8 %d q %v; Go d %g c8 %d q %v", it, rows, i,
						got.d[i], got.c8[i], got.q[i*actBlockBytes:i*actBlockBytes+16], want.d[i], want.c8[i], want.q[i*actBlockBytes:i*actBlockBytes+16])
				}
			}
			t.Fatalf("case %d, %d rows: SIMD and Go chunks differ", it, rows)
		}
	}
}
