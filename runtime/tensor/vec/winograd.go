package vec

// Winograd F(2×2, 3×3) transforms. A stride-1 3×3 convolution computes each
// 2×2 block of outputs (a tile) from the 4×4 block of padded input under it:
// with d that block and g a 3×3 kernel, Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, 16
// multiplications per tile and channel pair instead of 36. The products
// summed over input channels are ordinary matrix products, one per position
// ξ = 4a+b of the 4×4 transformed tile (runtime/nn runs them through gemm);
// these two kernels are the transforms around them, one row of tiles at a
// time, vectorised across the tiles of the row. Bᵀ and Aᵀ have entries 0
// and ±1: the transforms are additions only, in the same order in every
// kernel set, so every set gives the same bits.
//
//	Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
//	Aᵀ = [1 1 1 0; 0 1 -1 -1]

// Modes of WinogradOut23: store Y + bias, store max(Y + bias, 0), or add
// Y + bias to what dst holds.
const (
	WinoSet = iota
	WinoReLU
	WinoAdd
)

// WinogradIn23 transforms rows×tiles tiles of a zero-padded plane: tile
// row r reads the four input lines from src[2r·ld:] (line stride ld), its
// tile t columns 2t..2t+3, and dst gets sixteen lines (line stride ldd),
// line 4a+b holding (Bᵀ d B)_ab of tile (r, t) at column r·tiles+t.
func WinogradIn23(src []float32, ld, rows, tiles int, dst []float32, ldd int) {
	if tiles < 1 || rows < 1 {
		return
	}
	if ld < 2*tiles+2 || len(src) < (2*rows+1)*ld+2*tiles+2 || ldd < rows*tiles || len(dst) < 15*ldd+rows*tiles {
		panic("vec: WinogradIn23: slices too short for the tiles")
	}
	if useAVX512 && useAVX2 {
		winoIn23AVX512(&src[0], ld, rows, tiles, &dst[0], ldd)
		return
	}
	for r := 0; r < rows; r++ {
		winoIn23Go(src[2*r*ld:], ld, tiles, dst[r*tiles:], ldd)
	}
}

func winoIn23Go(src []float32, ld, tiles int, dst []float32, ldd int) {
	var d, t [4][4]float32
	for k := 0; k < tiles; k++ {
		for i := 0; i < 4; i++ {
			copy(d[i][:], src[i*ld+2*k:][:4])
		}
		for j := 0; j < 4; j++ {
			t[0][j] = d[0][j] - d[2][j]
			t[1][j] = d[1][j] + d[2][j]
			t[2][j] = d[2][j] - d[1][j]
			t[3][j] = d[1][j] - d[3][j]
		}
		for a := 0; a < 4; a++ {
			dst[(4*a+0)*ldd+k] = t[a][0] - t[a][2]
			dst[(4*a+1)*ldd+k] = t[a][1] + t[a][2]
			dst[(4*a+2)*ldd+k] = t[a][2] - t[a][1]
			dst[(4*a+3)*ldd+k] = t[a][1] - t[a][3]
		}
	}
}

// WinogradOut23 is the inverse transform of rows×tiles tiles: src holds
// sixteen lines (line stride lds), line 4a+b holding M_ab of tile (r, t) at
// column r·tiles+t, and dst gets Y = Aᵀ M A plus bias, tile row r in output
// lines 2r and 2r+1 (line stride ldd) of cols values (2·tiles−1 or
// 2·tiles), lines in all (2·rows−1 or 2·rows), stored, stored through a
// ReLU or added as mode says (WinoSet, WinoReLU, WinoAdd).
func WinogradOut23(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) {
	if tiles < 1 || rows < 1 {
		return
	}
	if lines < 2*rows-1 || lines > 2*rows || cols < 2*tiles-1 || cols > 2*tiles || mode < WinoSet || mode > WinoAdd {
		panic("vec: WinogradOut23: lines must be 2·rows−1 or 2·rows, cols 2·tiles−1 or 2·tiles, mode one of WinoSet, WinoReLU, WinoAdd")
	}
	if lds < rows*tiles || len(src) < 15*lds+rows*tiles || ldd < cols || len(dst) < (lines-1)*ldd+cols {
		panic("vec: WinogradOut23: slices too short for the tiles")
	}
	if useAVX512 && useAVX2 {
		winoOut23AVX512(&src[0], lds, rows, tiles, &dst[0], ldd, lines, cols, bias, mode)
		return
	}
	for r := 0; r < rows; r++ {
		winoOut23Go(src[r*tiles:], lds, tiles, dst[2*r*ldd:], ldd, min(2, lines-2*r), cols, bias, mode)
	}
}

func winoOut23Go(src []float32, lds, tiles int, dst []float32, ldd, rows, cols int, bias float32, mode int) {
	var m [4][4]float32
	var s [2][4]float32
	for k := 0; k < tiles; k++ {
		for x := 0; x < 16; x++ {
			m[x/4][x%4] = src[x*lds+k]
		}
		for b := 0; b < 4; b++ {
			s[0][b] = m[0][b] + m[1][b] + m[2][b]
			s[1][b] = m[1][b] - m[2][b] - m[3][b]
		}
		for r := 0; r < rows; r++ {
			y := [2]float32{s[r][0] + s[r][1] + s[r][2], s[r][1] - s[r][2] - s[r][3]}
			for q := 0; q < 2 && 2*k+q < cols; q++ {
				winoStore(&dst[r*ldd+2*k+q], y[q]+bias, mode)
			}
		}
	}
}

// winoStore puts v (Y + bias) in *p as mode says: stored, stored through
// a ReLU (NaN to zero, as the assembly's max does), or added.
func winoStore(p *float32, v float32, mode int) {
	switch mode {
	case WinoSet:
		*p = v
	case WinoReLU:
		if !(v > 0) {
			v = 0
		}
		*p = v
	default:
		*p += v
	}
}

// zeroPlane reads an h×w plane (line stride ld) as if padded with zeros
// on every side: the plain-Go transforms read their tiles through it.
type zeroPlane struct {
	src      []float32
	ld, h, w int
}

func (p zeroPlane) at(y, x int) float32 {
	if y < 0 || y >= p.h || x < 0 || x >= p.w {
		return 0
	}
	return p.src[y*p.ld+x]
}

// WinogradGrad23 is the adjoint of WinogradOut23 for rows×tiles tiles:
// tile row r reads the two lines of output gradient dY from src[2r·ld:]
// (line stride ld), its tile t columns 2t and 2t+1, and dst gets sixteen
// lines (line stride ldd), line 4a+b holding (A dY Aᵀ)_ab, the gradient of
// M_ab, of tile (r, t) at column r·tiles+t. The weight gradient of a
// Winograd convolution is the product of these with the transformed
// inputs.
func WinogradGrad23(src []float32, ld, rows, tiles int, dst []float32, ldd int) {
	if tiles < 1 || rows < 1 {
		return
	}
	if ld < 2*tiles || len(src) < (2*rows-1)*ld+2*tiles || ldd < rows*tiles || len(dst) < 15*ldd+rows*tiles {
		panic("vec: WinogradGrad23: slices too short for the tiles")
	}
	if useAVX512 && useAVX2 {
		winoGrad23AVX512(&src[0], ld, rows, tiles, &dst[0], ldd)
		return
	}
	for r := 0; r < rows; r++ {
		winoGrad23Go(src[2*r*ld:], ld, tiles, dst[r*tiles:], ldd)
	}
}

func winoGrad23Go(src []float32, ld, tiles int, dst []float32, ldd int) {
	var zero float32 // 0 − v, not −v: the assembly's sign of a zero
	var s [4][2]float32
	for k := 0; k < tiles; k++ {
		for q := 0; q < 2; q++ {
			y0, y1 := src[2*k+q], src[ld+2*k+q]
			s[0][q] = y0
			s[1][q] = y0 + y1
			s[2][q] = y0 - y1
			s[3][q] = zero - y1
		}
		for a := 0; a < 4; a++ {
			dst[(4*a+0)*ldd+k] = s[a][0]
			dst[(4*a+1)*ldd+k] = s[a][0] + s[a][1]
			dst[(4*a+2)*ldd+k] = s[a][0] - s[a][1]
			dst[(4*a+3)*ldd+k] = zero - s[a][1]
		}
	}
}

// PadPlanes copies planes h×w planes from src (one after another) into the
// interior of zero-padded planes in dst (ph×pw each, one after another):
// row y of plane p to dst[p·ph·pw + (y+1)·pw + 1:], a padding of one on
// the top and left. The border is not written: it stays as the caller
// left it (zero, for the Winograd transforms).
func PadPlanes(dst []float32, ph, pw int, src []float32, planes, h, w int) {
	if planes < 1 || h < 1 || w < 1 {
		return
	}
	if ph < h+1 || pw < w+1 || len(src) < planes*h*w || len(dst) < (planes-1)*ph*pw+h*pw+1+w {
		panic("vec: PadPlanes: planes too small or slices too short")
	}
	if useAVX512 && useAVX2 {
		padPlanesAVX512(&dst[0], ph, pw, &src[0], planes, h, w)
		return
	}
	for p := 0; p < planes; p++ {
		for y := 0; y < h; y++ {
			copy(dst[p*ph*pw+(y+1)*pw+1:][:w], src[(p*h+y)*w:][:w])
		}
	}
}
