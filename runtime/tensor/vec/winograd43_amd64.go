//go:build amd64 && !purego

package vec

//go:noescape
func winoIn43AVX512(src *float32, ld int, idx *int32, mask int, dst *float32, ldd int)

//go:noescape
func winoGrad43AVX512(src *float32, ld int, idx *int32, mask int, dst *float32, ldd int)

//go:noescape
func winoOut43AVX512(src *float32, lds int, idx *int32, mask int, masks *uint16, dst *float32, ldd int, bias float32, mode int)

// winoIn43Fast runs WinogradIn43 (arguments checked) sixteen tiles a call
// when AVX-512 is there, and reports whether it did.
func winoIn43Fast(src []float32, ld, rows, tiles int, dst []float32, ldd int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	var idx [16]int32
	n := rows * tiles
	r, t := 0, 0
	for k0 := 0; k0 < n; k0 += 16 {
		cnt := min(16, n-k0)
		for l := 0; l < cnt; l++ {
			idx[l] = int32(4*r*ld + 4*t)
			if t++; t == tiles {
				t, r = 0, r+1
			}
		}
		winoIn43AVX512(&src[0], ld, &idx[0], 1<<cnt-1, &dst[k0], ldd)
	}
	return true
}

// winoGrad43Fast is winoIn43Fast for WinogradGrad43.
func winoGrad43Fast(src []float32, ld, rows, tiles int, dst []float32, ldd int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	var idx [16]int32
	n := rows * tiles
	r, t := 0, 0
	for k0 := 0; k0 < n; k0 += 16 {
		cnt := min(16, n-k0)
		for l := 0; l < cnt; l++ {
			idx[l] = int32(4*r*ld + 4*t)
			if t++; t == tiles {
				t, r = 0, r+1
			}
		}
		winoGrad43AVX512(&src[0], ld, &idx[0], 1<<cnt-1, &dst[k0], ldd)
	}
	return true
}

// winoOut43Fast is winoIn43Fast for WinogradOut43: masks holds, for each
// of a tile's four output lines and then its four columns, the lanes
// whose tile has that line (column) inside the output.
func winoOut43Fast(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	var idx [16]int32
	var masks [8]uint16
	n := rows * tiles
	r, t := 0, 0
	for k0 := 0; k0 < n; k0 += 16 {
		cnt := min(16, n-k0)
		masks = [8]uint16{}
		for l := 0; l < cnt; l++ {
			idx[l] = int32(4*r*ldd + 4*t)
			bit := uint16(1) << l
			for i := 0; i < 4; i++ {
				if 4*r+i < lines {
					masks[i] |= bit
				}
				if 4*t+i < cols {
					masks[4+i] |= bit
				}
			}
			if t++; t == tiles {
				t, r = 0, r+1
			}
		}
		winoOut43AVX512(&src[k0], lds, &idx[0], 1<<cnt-1, &masks[0], &dst[0], ldd, bias, mode)
	}
	return true
}
