package vec

// Winograd for stride-2 3×3 convolutions, padding 1: each 2×2 block of
// outputs (a tile) from the 5×5 block of input at stride 4 under it
// (lines and columns 4r−1..4r+3 for tile row r), 25 products per tile and
// channel pair instead of 36. Along each side the even taps w0, w2 see
// inputs d0, d2, d4 through F(2, 2) and the odd tap w1 sees d1, d3 as
// they are, so with the 1-D transforms
//
//	input  v = (d0−d2, d2, d4−d2, d1, d3)
//	kernel u = (w0, w0+w2, w2, w1, w1)
//	output y = (m0+m1+m3, m1+m2+m4)
//
// the tile is Y = S[(W g Wᵀ) ⊙ (T d Tᵀ)]Sᵀ. The transforms are additions
// only, in the same order in every kernel set.

// winoT5 is T applied to one column of five values.
func winoT5(x0, x1, x2, x3, x4 float32) (y0, y1, y2, y3, y4 float32) {
	return x0 - x2, x2, x4 - x2, x1, x3
}

// winoST5 is Sᵀ (the output transform's adjoint) applied to one column of
// two values.
func winoST5(y0, y1 float32) (m0, m1, m2, m3, m4 float32) {
	return y0, y0 + y1, y1, y0, y1
}

// winoTT5 is Tᵀ (the input transform's adjoint) applied to one column of
// five values.
func winoTT5(g0, g1, g2, g3, g4 float32) (d0, d1, d2, d3, d4 float32) {
	return g0, g3, (g1 - g0) - g2, g4, g2
}

// winoS5 is S applied to one column of five values.
func winoS5(m0, m1, m2, m3, m4 float32) (o0, o1 float32) {
	return (m0 + m1) + m3, (m1 + m2) + m4
}

// WinogradInS2 transforms rows×tiles tiles of an h×w plane (line stride
// ld) zero-padded by one on every side, the padding implied: tile (r, t)
// reads plane lines 4r−1..4r+3, columns 4t−1..4t+3, and dst gets 25 lines
// (line stride ldd), line 5a+b holding (T d Tᵀ)_ab of tile (r, t) at
// column r·tiles+t.
func WinogradInS2(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) {
	if tiles < 1 || rows < 1 || h < 1 || w < 1 {
		return
	}
	n := rows * tiles
	if ld < w || len(src) < (h-1)*ld+w || ldd < n || len(dst) < 24*ldd+n {
		panic("vec: WinogradInS2: slices too short for the plane or the tiles")
	}
	if winoInS2Fast(src, ld, h, w, rows, tiles, dst, ldd) {
		return
	}
	at := zeroPlane{src, ld, h, w}.at
	var t [5][5]float32
	for k := 0; k < n; k++ {
		y0, x0 := 4*(k/tiles)-1, 4*(k%tiles)-1
		for j := 0; j < 5; j++ {
			x := x0 + j
			t[0][j], t[1][j], t[2][j], t[3][j], t[4][j] = winoT5(at(y0, x), at(y0+1, x), at(y0+2, x), at(y0+3, x), at(y0+4, x))
		}
		for a := 0; a < 5; a++ {
			r := &t[a]
			v0, v1, v2, v3, v4 := winoT5(r[0], r[1], r[2], r[3], r[4])
			o := dst[5*a*ldd+k:]
			o[0], o[ldd], o[2*ldd], o[3*ldd], o[4*ldd] = v0, v1, v2, v3, v4
		}
	}
}

// WinogradOutS2 is the inverse transform of rows×tiles tiles: src holds
// 25 lines (line stride lds), line 5a+b holding M_ab of tile (r, t) at
// column r·tiles+t, and dst gets Y = S M Sᵀ plus bias, tile (r, t) in
// output lines 2r and 2r+1 (line stride ldd), columns 2t and 2t+1, cut to
// lines lines (2·rows−1 or 2·rows) of cols values (2·tiles−1 or 2·tiles),
// stored, stored through a ReLU or added as mode says.
func WinogradOutS2(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) {
	if tiles < 1 || rows < 1 {
		return
	}
	if lines < 2*rows-1 || lines > 2*rows || cols < 2*tiles-1 || cols > 2*tiles || mode < WinoSet || mode > WinoAdd {
		panic("vec: WinogradOutS2: lines must be 2·rows−1 or 2·rows, cols 2·tiles−1 or 2·tiles, mode one of WinoSet, WinoReLU, WinoAdd")
	}
	n := rows * tiles
	if lds < n || len(src) < 24*lds+n || ldd < cols || len(dst) < (lines-1)*ldd+cols {
		panic("vec: WinogradOutS2: slices too short for the tiles")
	}
	if winoOutS2Fast(src, lds, rows, tiles, dst, ldd, lines, cols, bias, mode) {
		return
	}
	var s [2][5]float32
	for k := 0; k < n; k++ {
		m := src[k:]
		for b := 0; b < 5; b++ {
			s[0][b], s[1][b] = winoS5(m[b*lds], m[(5+b)*lds], m[(10+b)*lds], m[(15+b)*lds], m[(20+b)*lds])
		}
		y0, x0 := 2*(k/tiles), 2*(k%tiles)
		for i := 0; i < 2 && y0+i < lines; i++ {
			r := &s[i]
			o0, o1 := winoS5(r[0], r[1], r[2], r[3], r[4])
			out := [2]float32{o0, o1}
			for j := 0; j < 2 && x0+j < cols; j++ {
				winoStore(&dst[(y0+i)*ldd+x0+j], out[j]+bias, mode)
			}
		}
	}
}

// WinogradGradS2 is the adjoint of WinogradOutS2 for rows×tiles tiles:
// tile (r, t) reads the output gradient dY, an h×w plane (line stride ld),
// in lines 2r, 2r+1 and columns 2t, 2t+1 (zero outside the plane), and dst
// gets 25 lines (line stride ldd), line 5a+b holding (Sᵀ dY S)_ab, the
// gradient of M_ab, of tile (r, t) at column r·tiles+t.
func WinogradGradS2(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) {
	if tiles < 1 || rows < 1 || h < 1 || w < 1 {
		return
	}
	n := rows * tiles
	if ld < w || len(src) < (h-1)*ld+w || ldd < n || len(dst) < 24*ldd+n {
		panic("vec: WinogradGradS2: slices too short for the plane or the tiles")
	}
	if winoGradS2Fast(src, ld, h, w, rows, tiles, dst, ldd) {
		return
	}
	at := zeroPlane{src, ld, h, w}.at
	var t [5][2]float32
	for k := 0; k < n; k++ {
		y0, x0 := 2*(k/tiles), 2*(k%tiles)
		for j := 0; j < 2; j++ {
			t[0][j], t[1][j], t[2][j], t[3][j], t[4][j] = winoST5(at(y0, x0+j), at(y0+1, x0+j))
		}
		for a := 0; a < 5; a++ {
			m0, m1, m2, m3, m4 := winoST5(t[a][0], t[a][1])
			o := dst[5*a*ldd+k:]
			o[0], o[ldd], o[2*ldd], o[3*ldd], o[4*ldd] = m0, m1, m2, m3, m4
		}
	}
}

// WinogradInS2Adj is the adjoint of WinogradInS2: src holds 25 lines (line
// stride lds), line 5a+b holding the gradient of V_ab of tile (r, t) at
// column r·tiles+t, and Tᵀ dV T of each tile is added into the h×w plane
// dst (line stride ldd) over the 5×5 block the tile read (lines 4r−1..4r+3,
// columns 4t−1..4t+3; the padding dropped). Neighbouring blocks share a
// line or column: the adds go sixteen tiles at a time, position by
// position (i, j) of the block, in the same order in every kernel set.
func WinogradInS2Adj(src []float32, lds, rows, tiles int, dst []float32, ldd, h, w int) {
	if tiles < 1 || rows < 1 || h < 1 || w < 1 {
		return
	}
	n := rows * tiles
	if lds < n || len(src) < 24*lds+n || ldd < w || len(dst) < (h-1)*ldd+w {
		panic("vec: WinogradInS2Adj: slices too short for the plane or the tiles")
	}
	if winoInS2AdjFast(src, lds, rows, tiles, dst, ldd, h, w) {
		return
	}
	var t [5][5]float32
	var d [16][5][5]float32
	for k0 := 0; k0 < n; k0 += 16 {
		cnt := min(16, n-k0)
		for l := 0; l < cnt; l++ {
			m := src[k0+l:]
			for b := 0; b < 5; b++ {
				t[0][b], t[1][b], t[2][b], t[3][b], t[4][b] = winoTT5(m[b*lds], m[(5+b)*lds], m[(10+b)*lds], m[(15+b)*lds], m[(20+b)*lds])
			}
			for i := 0; i < 5; i++ {
				r := &t[i]
				d[l][i][0], d[l][i][1], d[l][i][2], d[l][i][3], d[l][i][4] = winoTT5(r[0], r[1], r[2], r[3], r[4])
			}
		}
		for i := 0; i < 5; i++ {
			for j := 0; j < 5; j++ {
				for l := 0; l < cnt; l++ {
					k := k0 + l
					y, x := 4*(k/tiles)+i-1, 4*(k%tiles)+j-1
					if y >= 0 && y < h && x >= 0 && x < w {
						dst[y*ldd+x] += d[l][i][j]
					}
				}
			}
		}
	}
}
