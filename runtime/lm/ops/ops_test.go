package ops

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

func randn(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	return x
}

func close32(t *testing.T, what string, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); d > tol*(1+math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			t.Fatalf("%s[%d] = %g, want %g", what, i, got[i], want[i])
		}
	}
}

func TestActivationsAgainstMath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := append(randn(r, 4000), 0, -10, 10, 30, -30)
	for i := range x[:4000] {
		x[i] *= 4
	}
	g, gt, s := append([]float32(nil), x...), append([]float32(nil), x...), append([]float32(nil), x...)
	GELU(g)
	GELUTanh(gt)
	SiLU(s)
	wg, wgt, ws := make([]float32, len(x)), make([]float32, len(x)), make([]float32, len(x))
	for i, v := range x {
		f := float64(v)
		wg[i] = float32(0.5 * f * (1 + math.Erf(f/math.Sqrt2)))
		wgt[i] = float32(0.5 * f * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(f+0.044715*f*f*f))))
		ws[i] = float32(f / (1 + math.Exp(-f)))
	}
	close32(t, "GELU", g, wg, 1e-6)
	close32(t, "GELUTanh", gt, wgt, 1e-6)
	close32(t, "SiLU", s, ws, 1e-6)
}

func TestNorms(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const dim = 96
	x := randn(r, 5*dim)
	gamma, beta := randn(r, dim), randn(r, dim)
	ln := append([]float32(nil), x...)
	LayerNorm(ln, dim, gamma, beta, 1e-12)
	rms := append([]float32(nil), x...)
	RMSNorm(rms, dim, gamma, 1e-5)
	wl, wr := make([]float32, len(x)), make([]float32, len(x))
	for row := 0; row < 5; row++ {
		v := x[row*dim : (row+1)*dim]
		var m, ss, sq float64
		for _, e := range v {
			m += float64(e)
		}
		m /= dim
		for _, e := range v {
			ss += (float64(e) - m) * (float64(e) - m)
			sq += float64(e) * float64(e)
		}
		for i, e := range v {
			wl[row*dim+i] = float32((float64(e)-m)/math.Sqrt(ss/dim+1e-12)*float64(gamma[i]) + float64(beta[i]))
			wr[row*dim+i] = float32(float64(e) / math.Sqrt(sq/dim+1e-5) * float64(gamma[i]))
		}
	}
	close32(t, "LayerNorm", ln, wl, 1e-5)
	close32(t, "RMSNorm", rms, wr, 1e-5)
}

func TestRoPE(t *testing.T) {
	// Rotations keep each pair's norm, position 0 is the identity, and the
	// two layouts agree after permuting the dimensions.
	r := rand.New(rand.NewPCG(5, 6))
	const heads, hd = 3, 8
	x := randn(r, 2*heads*hd)
	adj := append([]float32(nil), x...)
	RoPE(adj, []int{0, 7}, heads, hd, 10000, true)
	close32(t, "RoPE at position 0", adj[:heads*hd], x[:heads*hd], 0)
	perm := make([]float32, len(x)) // adjacent layout -> half-split layout
	for row := 0; row < 2; row++ {
		for h := 0; h < heads; h++ {
			for i := 0; i < hd/2; i++ {
				b := row*heads*hd + h*hd
				perm[b+i], perm[b+i+hd/2] = x[b+2*i], x[b+2*i+1]
			}
		}
	}
	RoPE(perm, []int{0, 7}, heads, hd, 10000, false)
	for h := 0; h < heads; h++ {
		for i := 0; i < hd/2; i++ {
			b := heads*hd + h*hd
			if math.Abs(float64(perm[b+i]-adj[b+2*i])) > 1e-6 || math.Abs(float64(perm[b+i+hd/2]-adj[b+2*i+1])) > 1e-6 {
				t.Fatalf("layouts disagree at head %d pair %d", h, i)
			}
		}
	}
}

// naiveAttention is the textbook loop the fused one is checked against.
func naiveAttention(q, k, v []float32, a Attn) []float32 {
	qw, kw := a.Heads*a.HeadDim, a.KVHeads*a.HeadDim
	out := make([]float32, a.Batch*a.NQ*qw)
	for b := 0; b < a.Batch; b++ {
		nk := a.NK
		if a.Lengths != nil {
			nk = a.Lengths[b]
		}
		for h := 0; h < a.Heads; h++ {
			kh := h / (a.Heads / a.KVHeads)
			for i := 0; i < a.NQ; i++ {
				lim := nk
				if a.Causal {
					lim = min(nk, a.Offset+i+1)
				}
				s := make([]float64, lim)
				mx := math.Inf(-1)
				for j := 0; j < lim; j++ {
					for d := 0; d < a.HeadDim; d++ {
						s[j] += float64(q[(b*a.NQ+i)*qw+h*a.HeadDim+d]) * float64(k[(b*a.NK+j)*kw+kh*a.HeadDim+d])
					}
					s[j] *= float64(a.Scale)
					mx = math.Max(mx, s[j])
				}
				var z float64
				for j := range s {
					s[j] = math.Exp(s[j] - mx)
					z += s[j]
				}
				for d := 0; d < a.HeadDim; d++ {
					var o float64
					for j := range s {
						o += s[j] / z * float64(v[(b*a.NK+j)*kw+kh*a.HeadDim+d])
					}
					out[(b*a.NQ+i)*qw+h*a.HeadDim+d] = float32(o)
				}
			}
		}
	}
	return out
}

func TestAttention(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	cases := []Attn{
		{Batch: 3, NQ: 5, NK: 5, Heads: 4, KVHeads: 4, HeadDim: 8, Lengths: []int{5, 3, 1}},
		{Batch: 1, NQ: 4, NK: 9, Heads: 6, KVHeads: 2, HeadDim: 16, Causal: true, Offset: 5},
		{Batch: 2, NQ: 7, NK: 7, Heads: 2, KVHeads: 1, HeadDim: 4, Causal: true},
	}
	for ci, a := range cases {
		a.Scale = float32(1 / math.Sqrt(float64(a.HeadDim)))
		q := randn(r, a.Batch*a.NQ*a.Heads*a.HeadDim)
		k := randn(r, a.Batch*a.NK*a.KVHeads*a.HeadDim)
		v := randn(r, a.Batch*a.NK*a.KVHeads*a.HeadDim)
		got := make([]float32, len(q))
		Attention(got, q, k, v, a)
		want := naiveAttention(q, k, v, a)
		close32(t, "attention case "+string(rune('0'+ci)), got, want, 1e-5)

		// the same with q, k and v side by side in the rows of one buffer
		// (a fused product's layout); only the key rows NQ < NK leave gaps
		if a.NQ != a.NK {
			continue
		}
		qw, kw := a.Heads*a.HeadDim, a.KVHeads*a.HeadDim
		w := qw + 2*kw
		fused := make([]float32, a.Batch*a.NQ*w)
		for row := 0; row < a.Batch*a.NQ; row++ {
			copy(fused[row*w:], q[row*qw:(row+1)*qw])
			copy(fused[row*w+qw:], k[row*kw:(row+1)*kw])
			copy(fused[row*w+qw+kw:], v[row*kw:(row+1)*kw])
		}
		a.QStride, a.KVStride = w, w
		clear(got)
		Attention(got, fused, fused[qw:], fused[qw+kw:], a)
		close32(t, "strided attention case "+string(rune('0'+ci)), got, want, 1e-5)
	}
}

// quantize makes GGML blocks from float weights (round to nearest), so the
// tests can build matrices of every type.
func quantize(t QType, w []float32) []byte {
	var out []byte
	h := func(f float32) []byte { return binary.LittleEndian.AppendUint16(nil, f32ToF16(f)) }
	switch t {
	case F32:
		for _, v := range w {
			out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
		}
	case F16:
		for _, v := range w {
			out = append(out, h(v)...)
		}
	}
	for b := 0; t != F32 && t != F16 && b < len(w)/32; b++ {
		blk := w[b*32 : b*32+32]
		lo, hi, amax := blk[0], blk[0], float32(0)
		for _, v := range blk {
			lo, hi = min(lo, v), max(hi, v)
			amax = max(amax, float32(math.Abs(float64(v))))
		}
		switch t {
		case Q8_0:
			d := amax / 127
			out = append(out, h(d)...)
			d = F16ToF32(f32ToF16(d))
			for _, v := range blk {
				out = append(out, byte(int8(math.Round(float64(v/d)))))
			}
		case Q4_0:
			d := amax / 7
			out = append(out, h(d)...)
			d = F16ToF32(f32ToF16(d))
			for j := 0; j < 16; j++ {
				q0 := min(15, max(0, int(math.Round(float64(blk[j]/d)))+8))
				q1 := min(15, max(0, int(math.Round(float64(blk[j+16]/d)))+8))
				out = append(out, byte(q0|q1<<4))
			}
		case Q4_1:
			d := (hi - lo) / 15
			out = append(out, h(d)...)
			out = append(out, h(lo)...)
			d, lo = F16ToF32(f32ToF16(d)), F16ToF32(f32ToF16(lo))
			for j := 0; j < 16; j++ {
				q0 := min(15, max(0, int(math.Round(float64((blk[j]-lo)/d)))))
				q1 := min(15, max(0, int(math.Round(float64((blk[j+16]-lo)/d)))))
				out = append(out, byte(q0|q1<<4))
			}
		}
	}
	return out
}

func f32ToF16(f float32) uint16 {
	// Round-to-nearest for the normal range the tests use.
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	if f == 0 || exp <= 0 {
		return sign
	}
	mant := b & 0x7fffff
	h := uint32(exp)<<10 | mant>>13
	if mant&0x1fff > 0x1000 || (mant&0x1fff == 0x1000 && h&1 == 1) {
		h++
	}
	return sign | uint16(h)
}

func TestQMatMul(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const rows, cols = 300, 96 // more rows than one slab
	w := randn(r, rows*cols)
	for _, typ := range []QType{F32, F16, Q8_0, Q4_0, Q4_1} {
		m, err := NewQMatrix(typ, rows, cols, quantize(typ, w))
		if err != nil {
			t.Fatal(err)
		}
		deq := make([]float32, rows*cols)
		for i := 0; i < rows; i++ {
			m.DequantizeRow(deq[i*cols:(i+1)*cols], i)
		}
		// Dequantization is within half a quantization step of the weights.
		step := map[QType]float64{F32: 0, F16: 2e-3, Q8_0: 0.03, Q4_0: 0.6, Q4_1: 0.35}[typ]
		for i := range w {
			if d := math.Abs(float64(deq[i] - w[i])); d > step*math.Max(1, math.Abs(float64(w[i]))) {
				t.Fatalf("%v: weight %d dequantizes to %g, was %g", typ, i, deq[i], w[i])
			}
		}
		for _, n := range []int{1, 3, 17} { // the on-the-fly and the slab paths
			x := randn(r, n*cols)
			got := make([]float32, n*rows)
			m.MatMulF32(got, x, n)
			want := make([]float32, n*rows)
			for i := 0; i < n; i++ {
				for o := 0; o < rows; o++ {
					var s float64
					for c := 0; c < cols; c++ {
						s += float64(x[i*cols+c]) * float64(deq[o*cols+c])
					}
					want[i*rows+o] = float32(s)
				}
			}
			close32(t, typ.String()+" MatMulF32", got, want, 1e-4)
		}
	}
	if _, err := NewQMatrix(Q4_1, 2, 33, make([]byte, 40)); err == nil {
		t.Error("rows that are not whole blocks accepted")
	}
	if _, err := NewQMatrix(QType(12), 2, 256, nil); err == nil {
		t.Error("unsupported type accepted")
	}
}

func TestGatherRefusesBadIDs(t *testing.T) {
	table := []float32{1, 2, 3, 4}
	dst := make([]float32, 2)
	if err := Gather(dst, table, 2, []int{1}); err != nil || dst[0] != 3 {
		t.Fatalf("Gather: %v %v", dst, err)
	}
	if err := Gather(dst, table, 2, []int{2}); err == nil {
		t.Error("id past the table accepted")
	}
}

// TestSwiGLUMatchesScalar: the eight-lane SwiGLU agrees with
// silu(gate)·up element by element to float32 rounding (vec.Exp's lanes
// fuse a multiply-add that Exp32 rounds twice: about 1 unit in the last
// place), over the range activations take and past exp's limits, at
// lengths that leave scalar tails.
func TestSwiGLUMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{1, 7, 8, 255, 256, 257, 1000} {
		g := make([]float32, n)
		u := make([]float32, n)
		for i := range g {
			g[i] = float32(rng.NormFloat64() * 4)
			u[i] = float32(rng.NormFloat64())
		}
		g[0] = -120 // e^120 overflows: silu is -0
		if n > 1 {
			g[1] = 95 // e^-95 is below the normal range
		}
		want := make([]float32, n)
		for i := range g {
			want[i] = silu(g[i]) * u[i]
		}
		SwiGLU(g, u)
		if math.Float32bits(g[0]) != math.Float32bits(want[0]) {
			t.Errorf("n=%d: silu(-120)·u = %v, want %v", n, g[0], want[0])
		}
		for i := range g {
			if d := math.Abs(float64(g[i] - want[i])); d > 4e-7*math.Abs(float64(want[i])) {
				t.Fatalf("n=%d, element %d: %v, scalar %v", n, i, g[i], want[i])
			}
		}
	}
}
