//go:build amd64 && !purego

package vec

//go:noescape
func winoIn23AVX512(src *float32, ld, tiles int, dst *float32, ldd int)

//go:noescape
func winoOut23AVX512(src *float32, lds, tiles int, dst *float32, ldd, rows, cols int, bias float32, mode int)

//go:noescape
func winoGrad23AVX512(src *float32, ld, tiles int, dst *float32, ldd int)
