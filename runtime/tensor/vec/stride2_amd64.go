//go:build amd64 && !purego

package vec

//go:noescape
func everyOtherAVX512(dst *float32, ldd int, src *float32, lds, rows, cols int)

//go:noescape
func addEveryOtherAVX512(dst *float32, ldd int, src *float32, lds, rows, cols int)
