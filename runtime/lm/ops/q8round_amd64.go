//go:build amd64 && !purego

package ops

import "github.com/yaknb/yak/runtime/internal/cpu"

// roundRowAVX512 rounds nb >= 1 blocks of x (q8round_avx512_amd64.s):
// block b's expanded bytes at q + b·stride·actBlockBytes, its scale at
// d + b·stride·4 bytes and Σq at sum + b·stride·4 bytes.
//
//go:noescape
func roundRowAVX512(x *float32, nb int, q *int8, d *float32, sum *int32, stride int)

func init() {
	if !cpu.HasAVX512 {
		return
	}
	roundRowSIMD = func(a *q8Act, x []float32, j int) {
		_ = x[a.nb*32-1]
		_ = a.q[((a.nb-1)*a.rows+j+1)*actBlockBytes-1]
		_ = a.c8[(a.nb-1)*a.rows+j]
		// Σq goes to c8 first; quantize turns it into s, c8 and c128.
		roundRowAVX512(&x[0], a.nb, &a.q[j*actBlockBytes], &a.d[j], &a.c8[j], a.rows)
	}
}
