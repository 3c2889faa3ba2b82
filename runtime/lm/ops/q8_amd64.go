//go:build amd64 && !purego

package ops

import "github.com/yaknb/yak/runtime/internal/cpu"

// The AVX-512 VNNI kernels (q8_avx512_amd64.s): ng >= 1 weight row groups
// from the one w, d and m point at, against activation row j (Groups1:
// pointers offset to row j) or all 4 rows of a chunk (Groups4, row j's
// results at out + j·ostride bytes). nb >= 1.
//
//go:noescape
func q4_0Groups1AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q4_0Groups4AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q4_1Groups1AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q4_1Groups4AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q8_0Groups1AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q8_0Groups4AVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

// The AVX2 kernels (q8_avx2_amd64.s): Groups1 only.
//
//go:noescape
func q4_0Groups1AVX2(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q4_1Groups1AVX2(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

//go:noescape
func q8_0Groups1AVX2(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

type asmGroups func(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows, ng, ostride int)

func init() {
	intKernels = append([]intKernel{{
		name: "avx512vnni",
		why:  "needs AVX-512 F/BW/DQ/VL and AVX512_VNNI (VPDPBUSD) on amd64 without purego",
		ok:   cpu.HasAVX512VNNI,
		fn: func(p *packedQ, g0, ng int, a *q8Act, j int, out []float32) {
			_ = out[ng*groupRows-1]
			callAsm(p, g0, ng, a, j, out, 0, q4_0Groups1AVX512, q4_1Groups1AVX512, q8_0Groups1AVX512)
		},
		fn4: func(p *packedQ, g0, ng int, a *q8Act, out []float32, ostride int) {
			_ = out[(groupRows-1)*ostride+ng*groupRows-1]
			callAsm(p, g0, ng, a, 0, out, ostride, q4_0Groups4AVX512, q4_1Groups4AVX512, q8_0Groups4AVX512)
		},
	}, {
		name: "avx2",
		why:  "needs AVX2 and FMA on amd64 without purego",
		ok:   cpu.HasAVX2FMA,
		fn: func(p *packedQ, g0, ng int, a *q8Act, j int, out []float32) {
			_ = out[ng*groupRows-1]
			callAsm(p, g0, ng, a, j, out, 0, q4_0Groups1AVX2, q4_1Groups1AVX2, q8_0Groups1AVX2)
		},
	}}, intKernels...)
}

// callAsm calls the kernel for p's type with pointers to group g0 and
// activation row j; the caller has checked out's length.
func callAsm(p *packedQ, g0, ng int, a *q8Act, j int, out []float32, ostride int, q40, q41, q80 asmGroups) {
	w := &p.w[g0*p.nb*p.wBlock()]
	d := &p.d[g0*p.nb*groupRows]
	os := 4 * ostride
	switch p.typ {
	case Q4_0:
		q40(w, d, nil, p.nb, &a.q[j*actBlockBytes], &a.d[j], nil, &a.c8[j], &out[0], a.rows, ng, os)
	case Q4_1:
		q41(w, d, &p.m[g0*p.nb*groupRows], p.nb, &a.q[j*actBlockBytes], &a.d[j], &a.s[j], nil, &out[0], a.rows, ng, os)
	case Q8_0:
		q80(w, d, nil, p.nb, &a.q[j*actBlockBytes], &a.d[j], nil, &a.c128[j], &out[0], a.rows, ng, os)
	}
}
