//go:build amd64 && !purego

#include "textflag.h"

// Rounding activation blocks of 32 to 8 bits on 16 lanes (q8.go's
// roundBlock, the same bits): d = max|x|/127 by scalar division as Go
// computes it, q = x·(1/d) rounded half away from zero as truncation plus a
// step away from zero when the exact remainder is a half or more, packed
// to bytes and written in the expanded layout the integer kernels read
// (each 4-byte group repeated 4 times: VPERMD).

DATA q8rK<>+0(SB)/4, $0x7fffffff // |x| mask
DATA q8rK<>+4(SB)/4, $0x42fe0000 // 127
DATA q8rK<>+8(SB)/4, $0x3f800000 // 1
DATA q8rK<>+12(SB)/4, $0x3f000000 // 1/2
DATA q8rK<>+16(SB)/4, $0xbf000000 // -1/2
DATA q8rK<>+20(SB)/4, $1          // int32 1
GLOBL q8rK<>(SB), RODATA|NOPTR, $24

DATA q8rIdx<>+0(SB)/4, $0
DATA q8rIdx<>+4(SB)/4, $0
DATA q8rIdx<>+8(SB)/4, $0
DATA q8rIdx<>+12(SB)/4, $0
DATA q8rIdx<>+16(SB)/4, $1
DATA q8rIdx<>+20(SB)/4, $1
DATA q8rIdx<>+24(SB)/4, $1
DATA q8rIdx<>+28(SB)/4, $1
DATA q8rIdx<>+32(SB)/4, $2
DATA q8rIdx<>+36(SB)/4, $2
DATA q8rIdx<>+40(SB)/4, $2
DATA q8rIdx<>+44(SB)/4, $2
DATA q8rIdx<>+48(SB)/4, $3
DATA q8rIdx<>+52(SB)/4, $3
DATA q8rIdx<>+56(SB)/4, $3
DATA q8rIdx<>+60(SB)/4, $3
GLOBL q8rIdx<>(SB), RODATA|NOPTR, $64

// func roundRowAVX512(x *float32, nb int, q *int8, d *float32, sum *int32, stride int)
// For b < nb: block b of x (x[32b:32b+32]) rounded; its expanded bytes at
// q + b·stride·128, its scale at d + b·stride·4, Σq at sum + b·stride·4.
TEXT ·roundRowAVX512(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ nb+8(FP), CX
	MOVQ q+16(FP), DI
	MOVQ d+24(FP), R8
	MOVQ sum+32(FP), R9
	MOVQ stride+40(FP), R10
	MOVQ R10, R11
	SHLQ $7, R11 // q's step: stride·128 bytes
	SHLQ $2, R10 // d's and sum's step: stride·4 bytes
	VPBROADCASTD q8rK<>+0(SB), Z20
	VMOVSS q8rK<>+4(SB), X21
	VMOVSS q8rK<>+8(SB), X22
	VBROADCASTSS q8rK<>+12(SB), Z23
	VBROADCASTSS q8rK<>+16(SB), Z24
	VPBROADCASTD q8rK<>+20(SB), Z25
	VMOVDQU32 q8rIdx<>(SB), Z26
	VXORPS X27, X27, X27

loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z1
	// max|x| on the bits (unsigned order of non-NaN |x| is the value order).
	VPANDD Z20, Z0, Z2
	VPANDD Z20, Z1, Z3
	VPMAXUD Z3, Z2, Z2
	VEXTRACTI64X4 $1, Z2, Y3
	VPMAXUD Y3, Y2, Y2
	VEXTRACTI128 $1, Y2, X3
	VPMAXUD X3, X2, X2
	VPSHUFD $0x4e, X2, X3
	VPMAXUD X3, X2, X2
	VPSHUFD $0xb1, X2, X3
	VPMAXUD X3, X2, X2
	VDIVSS X21, X2, X4 // d = max|x| / 127
	VMOVSS X4, (R8)
	VXORPS X5, X5, X5
	VUCOMISS X27, X4
	JEQ scaled // d == 0: id = 0
	VDIVSS X4, X22, X5 // id = 1 / d

scaled:
	VBROADCASTSS X5, Z5
	VMULPS Z5, Z0, Z0
	VMULPS Z5, Z1, Z1
	// Truncate, then step away from zero where the exact remainder is
	// >= 1/2 or <= -1/2.
	VRNDSCALEPS $0x0b, Z0, Z6
	VRNDSCALEPS $0x0b, Z1, Z7
	VSUBPS Z6, Z0, Z8
	VSUBPS Z7, Z1, Z9
	VCVTTPS2DQ Z6, Z6
	VCVTTPS2DQ Z7, Z7
	VCMPPS $0x1d, Z23, Z8, K1 // rem >= 1/2
	VCMPPS $0x12, Z24, Z8, K2 // rem <= -1/2
	VCMPPS $0x1d, Z23, Z9, K3
	VCMPPS $0x12, Z24, Z9, K4
	VPADDD Z25, Z6, K1, Z6
	VPSUBD Z25, Z6, K2, Z6
	VPADDD Z25, Z7, K3, Z7
	VPSUBD Z25, Z7, K4, Z7
	// Σq
	VPADDD Z7, Z6, Z10
	VEXTRACTI64X4 $1, Z10, Y11
	VPADDD Y11, Y10, Y10
	VEXTRACTI128 $1, Y10, X11
	VPADDD X11, X10, X10
	VPSHUFD $0x4e, X10, X11
	VPADDD X11, X10, X10
	VPSHUFD $0xb1, X10, X11
	VPADDD X11, X10, X10
	VMOVD X10, (R9)
	// Bytes, expanded.
	VPMOVDB Z6, X12
	VPMOVDB Z7, X13
	VPERMD Z12, Z26, Z12
	VPERMD Z13, Z26, Z13
	VMOVDQU32 Z12, (DI)
	VMOVDQU32 Z13, 64(DI)

	ADDQ $128, SI
	ADDQ R11, DI
	ADDQ R10, R8
	ADDQ R10, R9
	DECQ CX
	JNZ loop
	VZEROUPPER
	RET
