package vec

// Winograd F(4×4, 3×3) transforms: each 4×4 block of outputs (a tile) from
// the 6×6 block of padded input under it, 36 multiplications per tile and
// channel pair instead of 144 (F(2×2, 3×3) takes 64 for the same outputs).
// The interpolation points are 0, ±1, ±2 and ∞ (Lavin and Gray 2016), the
// smallest that give F(4, 3), so the transforms' entries stay small
// integers (Bᵀ, Aᵀ) and the error grows least:
//
//	Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
//	Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
//
// (G, the kernel's transform, has fractions: runtime/nn applies it in
// float64.) Each 2-D transform is the 1-D one down the columns, then along
// the rows. The multiplications by 2, 4 and 8 are exact and the one by 5
// rounds once before it is added, in every kernel set, so the AVX-512
// kernels (all the tiles of a plane sixteen at a time, read and written
// through gathers and scatters) give the pure-Go bits.

// winoBT6 is Bᵀ applied to one column of six values.
func winoBT6(x0, x1, x2, x3, x4, x5 float32) (y0, y1, y2, y3, y4, y5 float32) {
	p := x4 - 4*x2
	q := x3 - 4*x1
	r := x4 - x2
	s := 2 * (x3 - x1)
	y0 = (4*x0 - float32(5*x2)) + x4
	y1 = p + q
	y2 = p - q
	y3 = r + s
	y4 = r - s
	y5 = (4*x1 - float32(5*x3)) + x5
	return
}

// winoAT6 is Aᵀ applied to one column of six values.
func winoAT6(m0, m1, m2, m3, m4, m5 float32) (o0, o1, o2, o3 float32) {
	a := m1 + m2
	b := m1 - m2
	c := m3 + m4
	d := m3 - m4
	o0 = (m0 + a) + c
	o1 = b + 2*d
	o2 = a + 4*c
	o3 = (b + 8*d) + m5
	return
}

// winoA4 is A (Aᵀ's transpose) applied to one column of four values.
func winoA4(y0, y1, y2, y3 float32) (u0, u1, u2, u3, u4, u5 float32) {
	e := y0 + y2
	f := y1 + y3
	g := y0 + 4*y2
	h := 2*y1 + 8*y3
	return y0, e + f, e - f, g + h, g - h, y3
}

// WinogradIn43 transforms rows×tiles tiles of an h×w plane (line stride
// ld) zero-padded by one on every side, the padding implied (values
// outside the plane read as zero): tile (r, t) reads plane lines
// 4r−1..4r+4, columns 4t−1..4t+4, and dst gets 36 lines (line stride
// ldd), line 6a+b holding (Bᵀ d B)_ab of tile (r, t) at column r·tiles+t.
func WinogradIn43(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) {
	if tiles < 1 || rows < 1 || h < 1 || w < 1 {
		return
	}
	n := rows * tiles
	if ld < w || len(src) < (h-1)*ld+w || ldd < n || len(dst) < 35*ldd+n {
		panic("vec: WinogradIn43: slices too short for the plane or the tiles")
	}
	if winoIn43Fast(src, ld, h, w, rows, tiles, dst, ldd) {
		return
	}
	at := zeroPlane{src, ld, h, w}.at
	var t [6][6]float32
	for k := 0; k < n; k++ {
		y0, x0 := 4*(k/tiles)-1, 4*(k%tiles)-1
		for j := 0; j < 6; j++ {
			x := x0 + j
			t[0][j], t[1][j], t[2][j], t[3][j], t[4][j], t[5][j] =
				winoBT6(at(y0, x), at(y0+1, x), at(y0+2, x), at(y0+3, x), at(y0+4, x), at(y0+5, x))
		}
		for a := 0; a < 6; a++ {
			r := &t[a]
			y0, y1, y2, y3, y4, y5 := winoBT6(r[0], r[1], r[2], r[3], r[4], r[5])
			o := dst[6*a*ldd+k:]
			o[0], o[ldd], o[2*ldd], o[3*ldd], o[4*ldd], o[5*ldd] = y0, y1, y2, y3, y4, y5
		}
	}
}

// WinogradOut43 is the inverse transform of rows×tiles tiles: src holds
// 36 lines (line stride lds), line 6a+b holding M_ab of tile (r, t) at
// column r·tiles+t, and dst gets Y = Aᵀ M A plus bias, tile (r, t) in
// output lines 4r..4r+3 (line stride ldd), columns 4t..4t+3, cut to lines
// lines (4·rows−3 to 4·rows) of cols values (4·tiles−3 to 4·tiles),
// stored, stored through a ReLU or added as mode says (WinoSet, WinoReLU,
// WinoAdd).
func WinogradOut43(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) {
	if tiles < 1 || rows < 1 {
		return
	}
	if lines < 4*rows-3 || lines > 4*rows || cols < 4*tiles-3 || cols > 4*tiles || mode < WinoSet || mode > WinoAdd {
		panic("vec: WinogradOut43: lines must be 4·rows−3 to 4·rows, cols 4·tiles−3 to 4·tiles, mode one of WinoSet, WinoReLU, WinoAdd")
	}
	n := rows * tiles
	if lds < n || len(src) < 35*lds+n || ldd < cols || len(dst) < (lines-1)*ldd+cols {
		panic("vec: WinogradOut43: slices too short for the tiles")
	}
	if winoOut43Fast(src, lds, rows, tiles, dst, ldd, lines, cols, bias, mode) {
		return
	}
	var s [4][6]float32
	for k := 0; k < n; k++ {
		m := src[k:]
		for b := 0; b < 6; b++ {
			s[0][b], s[1][b], s[2][b], s[3][b] =
				winoAT6(m[b*lds], m[(6+b)*lds], m[(12+b)*lds], m[(18+b)*lds], m[(24+b)*lds], m[(30+b)*lds])
		}
		y0, x0 := 4*(k/tiles), 4*(k%tiles)
		for i := 0; i < 4 && y0+i < lines; i++ {
			r := &s[i]
			o0, o1, o2, o3 := winoAT6(r[0], r[1], r[2], r[3], r[4], r[5])
			out := [4]float32{o0, o1, o2, o3}
			for j := 0; j < 4 && x0+j < cols; j++ {
				winoStore(&dst[(y0+i)*ldd+x0+j], out[j]+bias, mode)
			}
		}
	}
}

// WinogradGrad43 is the adjoint of WinogradOut43 for rows×tiles tiles:
// tile (r, t) reads the output gradient dY, an h×w plane (line stride ld),
// in lines 4r..4r+3, columns 4t..4t+3 (zero outside the plane, where the
// output was cut), and dst gets 36 lines (line stride ldd), line 6a+b
// holding (A dY Aᵀ)_ab, the gradient of M_ab, of tile (r, t) at column
// r·tiles+t.
func WinogradGrad43(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) {
	if tiles < 1 || rows < 1 || h < 1 || w < 1 {
		return
	}
	n := rows * tiles
	if ld < w || len(src) < (h-1)*ld+w || ldd < n || len(dst) < 35*ldd+n {
		panic("vec: WinogradGrad43: slices too short for the plane or the tiles")
	}
	if winoGrad43Fast(src, ld, h, w, rows, tiles, dst, ldd) {
		return
	}
	at := zeroPlane{src, ld, h, w}.at
	var t [6][4]float32
	for k := 0; k < n; k++ {
		y0, x0 := 4*(k/tiles), 4*(k%tiles)
		for j := 0; j < 4; j++ {
			x := x0 + j
			t[0][j], t[1][j], t[2][j], t[3][j], t[4][j], t[5][j] = winoA4(at(y0, x), at(y0+1, x), at(y0+2, x), at(y0+3, x))
		}
		for a := 0; a < 6; a++ {
			r := &t[a]
			u0, u1, u2, u3, u4, u5 := winoA4(r[0], r[1], r[2], r[3])
			o := dst[6*a*ldd+k:]
			o[0], o[ldd], o[2*ldd], o[3*ldd], o[4*ldd], o[5*ldd] = u0, u1, u2, u3, u4, u5
		}
	}
}
