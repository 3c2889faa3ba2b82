package ops

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Gather copies rows ids[i] of table (rows of width dim) into dst[i*dim:].
// An id out of range is an error (the tokenizer and the model disagree).
func Gather(dst, table []float32, dim int, ids []int) error {
	rows := len(table) / dim
	for i, id := range ids {
		if id < 0 || id >= rows {
			return fmt.Errorf("ops: token id %d outside the embedding table (%d rows)", id, rows)
		}
		copy(dst[i*dim:(i+1)*dim], table[id*dim:(id+1)*dim])
	}
	return nil
}

// LayerNorm normalizes each row of x (rows of width dim) to zero mean and
// unit variance, then scales by gamma and shifts by beta, in place.
func LayerNorm(x []float32, dim int, gamma, beta []float32, eps float32) {
	AddLayerNorm(x, nil, nil, dim, gamma, beta, eps)
}

// layerNormSIMD, when set (rows_amd64.go, on CPUs with AVX-512), is
// AddLayerNorm on one row.
var layerNormSIMD func(x, res, bias, gamma, beta []float32, eps float32)

// AddLayerNorm sets each row of x (rows of width dim) to LayerNorm(x + res
// + bias): res is shaped like x, bias one row added to every row; either
// may be nil. A transformer's residual connection, the bias of the product
// before it and the normalization after it in one pass over the rows. With
// AVX-512 the mean and variance are summed in float32 over 16 lanes (within
// 1e-6 of float64 sums at BERT's width), elsewhere in float64.
func AddLayerNorm(x, res, bias []float32, dim int, gamma, beta []float32, eps float32) {
	if dim <= 0 || len(x)%dim != 0 || len(gamma) < dim || len(beta) < dim ||
		res != nil && len(res) != len(x) || bias != nil && len(bias) < dim {
		panic(fmt.Sprintf("ops: AddLayerNorm: %d values, width %d, residual %d, bias %d, gamma %d, beta %d do not fit",
			len(x), dim, len(res), len(bias), len(gamma), len(beta)))
	}
	rows := len(x) / dim
	tensor.Parallel(rows, rows*dim*4, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := x[r*dim : (r+1)*dim]
			var rr, bb []float32
			if res != nil {
				rr = res[r*dim : (r+1)*dim]
			}
			if bias != nil {
				bb = bias[:dim]
			}
			if layerNormSIMD != nil {
				layerNormSIMD(row, rr, bb, gamma[:dim], beta[:dim], eps)
				continue
			}
			layerNormGo(row, rr, bb, gamma, beta, eps)
		}
	})
}

func layerNormGo(row, res, bias, gamma, beta []float32, eps float32) {
	if res != nil {
		vec.Add(res, row)
	}
	if bias != nil {
		vec.Add(bias, row)
	}
	dim := len(row)
	var s float64
	for _, v := range row {
		s += float64(v)
	}
	mean := s / float64(dim)
	var ss float64
	for _, v := range row {
		d := float64(v) - mean
		ss += d * d
	}
	inv := float32(1 / math.Sqrt(ss/float64(dim)+float64(eps)))
	m := float32(mean)
	for i, v := range row {
		row[i] = (v-m)*inv*gamma[i] + beta[i]
	}
}

// RMSNorm scales each row of x by the reciprocal of its root mean square and
// by weight, in place.
func RMSNorm(x []float32, dim int, weight []float32, eps float32) {
	rows := len(x) / dim
	tensor.Parallel(rows, rows*dim*3, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := x[r*dim : (r+1)*dim]
			var ss float64
			for _, v := range row {
				ss += float64(v) * float64(v)
			}
			inv := float32(1 / math.Sqrt(ss/float64(dim)+float64(eps)))
			for i, v := range row {
				row[i] = v * inv * weight[i]
			}
		}
	})
}

// GELUTanh applies the tanh approximation of GELU in place.
func GELUTanh(x []float32) {
	tensor.Parallel(len(x), len(x)*20, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			v := x[i]
			u := 0.7978845608028654 * (v + 0.044715*v*v*v)
			// tanh(u) = 1 - 2/(e^{2u}+1), stable for both signs.
			th := 1 - 2/(vec.Exp32(2*u)+1)
			x[i] = 0.5 * v * (1 + th)
		}
	})
}

func silu(v float32) float32 { return v / (1 + vec.Exp32(-v)) }

// SiLU applies x·σ(x) in place.
func SiLU(x []float32) {
	tensor.Parallel(len(x), len(x)*10, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			x[i] = silu(x[i])
		}
	})
}

// SwiGLU computes gate[i] = silu(gate[i])·up[i] in place (Llama's FFN).
func SwiGLU(gate, up []float32) {
	if len(gate) != len(up) {
		panic("ops: SwiGLU length mismatch")
	}
	tensor.Parallel(len(gate), len(gate)*10, func(lo, hi int) {
		// e^-x through vec.Exp (eight lanes), the rest as silu computes it:
		// the exponential was most of a scalar SwiGLU, itself a third of a
		// batched SmolLM2 forward pass on AMX.
		var e [256]float32
		for i := lo; i < hi; i += len(e) {
			g := gate[i:min(hi, i+len(e))]
			u := up[i : i+len(g)]
			t := e[:len(g)]
			for j, v := range g {
				t[j] = -v
			}
			vec.Exp(t, t)
			for j, v := range g {
				if v < -88.72283 { // vec.Exp stops short of Exp32's +Inf there
					g[j] = silu(v) * u[j]
					continue
				}
				g[j] = v / (1 + t[j]) * u[j]
			}
		}
	})
}

// Linear computes out = x·W + bias for x [rows, in], W [in, out] (bias may
// be nil), through runtime/gemm.
func Linear(out, x []float32, rows, in, outDim int, w, bias []float32) {
	gemm.Sgemm(false, false, rows, outDim, in, 1, x, in, w, outDim, 0, out, outDim)
	if bias != nil {
		for r := 0; r < rows; r++ {
			vec.Add(bias, out[r*outDim:(r+1)*outDim])
		}
	}
}

// RoPE rotates, for each of len(pos) rows of x (each heads×headDim wide),
// every head's pairs of dimensions by angle pos·theta^(−2i/headDim). With
// adjacent pairs (true for GGUF Llama weights) the pairs are (2i, 2i+1);
// otherwise (HuggingFace layout) they are (i, i+headDim/2).
func RoPE(x []float32, pos []int, heads, headDim int, theta float64, adjacent bool) {
	cos, sin := RoPEAngles(pos, headDim, theta)
	RoPERotate(x, cos, sin, heads, headDim, adjacent)
}

// RoPEAngles returns the cosines and sines RoPE rotates by, [len(pos),
// headDim/2] each, so that the rotations of queries and keys in every
// layer of one forward pass compute them once (math.Sincos was 7% of a
// batched SmolLM2 pass).
func RoPEAngles(pos []int, headDim int, theta float64) (cos, sin []float32) {
	half := headDim / 2
	inv := make([]float64, half)
	for i := range inv {
		inv[i] = math.Pow(theta, -2*float64(i)/float64(headDim))
	}
	cos, sin = make([]float32, len(pos)*half), make([]float32, len(pos)*half)
	for r, p := range pos {
		for i := 0; i < half; i++ {
			s, c := math.Sincos(float64(p) * inv[i])
			cos[r*half+i], sin[r*half+i] = float32(c), float32(s)
		}
	}
	return cos, sin
}

// RoPERotate is RoPE with the angles of RoPEAngles for the rows of x.
func RoPERotate(x, cos, sin []float32, heads, headDim int, adjacent bool) {
	half := headDim / 2
	width := heads * headDim
	for r := 0; r < len(cos)/half; r++ {
		for i := 0; i < half; i++ {
			c, s := cos[r*half+i], sin[r*half+i]
			for h := 0; h < heads; h++ {
				base := r*width + h*headDim
				a, b := base+i, base+i+half
				if adjacent {
					a, b = base+2*i, base+2*i+1
				}
				x0, x1 := x[a], x[b]
				x[a] = x0*c - x1*s
				x[b] = x0*s + x1*c
			}
		}
	}
}
