//go:build amd64 && !purego

package vec

//go:noescape
func winoIn23AVX512(src *float32, ld, rows, tiles int, dst *float32, ldd int)

//go:noescape
func winoOut23AVX512(src *float32, lds, rows, tiles int, dst *float32, ldd, lines, cols int, bias float32, mode int)

//go:noescape
func winoGrad23AVX512(src *float32, ld, rows, tiles int, dst *float32, ldd int)

//go:noescape
func padPlanesAVX512(dst *float32, ph, pw int, src *float32, planes, h, w int)
