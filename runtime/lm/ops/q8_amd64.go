//go:build amd64 && !purego

package ops

import "github.com/yaknb/yak/runtime/internal/cpu"

// The AVX-512 VNNI kernels (q8_avx512_amd64.s): one weight row group
// against activation row j (Group1: pointers offset to row j) or against
// all 4 rows of a chunk (Group4). nb >= 1.
//
//go:noescape
func q4_0Group1AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

//go:noescape
func q4_0Group4AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

//go:noescape
func q4_1Group1AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

//go:noescape
func q4_1Group4AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

//go:noescape
func q8_0Group1AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

//go:noescape
func q8_0Group4AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

type asmGroup func(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)

func init() {
	intKernels = append([]intKernel{{
		name: "avx512vnni",
		why:  "needs AVX-512 F/BW/DQ/VL and AVX512_VNNI (VPDPBUSD) on amd64 without purego",
		ok:   cpu.HasAVX512VNNI,
		fn: func(p *packedQ, g int, a *q8Act, j int, out []float32) {
			callAsm(p, g, a, j, out, q4_0Group1AVX512, q4_1Group1AVX512, q8_0Group1AVX512)
		},
		fn4: func(p *packedQ, g int, a *q8Act, out []float32) {
			callAsm(p, g, a, 0, out, q4_0Group4AVX512, q4_1Group4AVX512, q8_0Group4AVX512)
		},
	}}, intKernels...)
}

// callAsm calls the kernel for p's type with pointers to group g and
// activation row j.
func callAsm(p *packedQ, g int, a *q8Act, j int, out []float32, q40, q41, q80 asmGroup) {
	_ = out[groupRows-1]
	w := &p.w[g*p.nb*p.wBlock()]
	d := &p.d[g*p.nb*groupRows]
	switch p.typ {
	case Q4_0:
		q40(w, d, nil, p.nb, &a.q[j*actBlockBytes], &a.d[j], nil, &a.c8[j], &out[0], a.rows)
	case Q4_1:
		q41(w, d, &p.m[g*p.nb*groupRows], p.nb, &a.q[j*actBlockBytes], &a.d[j], &a.s[j], nil, &out[0], a.rows)
	case Q8_0:
		q80(w, d, nil, p.nb, &a.q[j*actBlockBytes], &a.d[j], nil, &a.c128[j], &out[0], a.rows)
	}
}
