//go:build amd64 && !purego

package cluster

import "github.com/yaknb/yak/runtime/internal/cpu"

//go:noescape
func argmin8(x *float32, n int, vals *[8]float32, idx *[8]int32)

// The AVX2 instructions used (VPADDD, VPBROADCASTD on ymm) need AVX2.
var haveAVX2 = cpu.HasAVX2FMA

// argmin returns the index and value of the first smallest element of s
// (len(s) >= 1).
func argmin(s []float32) (int, float32) {
	n8 := len(s) &^ 7
	if !haveAVX2 || n8 == 0 {
		return argminGo(s, 0, 0, s[0])
	}
	var vals [8]float32
	var idx [8]int32
	argmin8(&s[0], n8, &vals, &idx)
	best, bv := int(idx[0]), vals[0]
	for j := 1; j < 8; j++ {
		if vals[j] < bv || (vals[j] == bv && int(idx[j]) < best) {
			best, bv = int(idx[j]), vals[j]
		}
	}
	return argminGo(s, n8, best, bv)
}
