//go:build amd64 && !purego

#include "textflag.h"

// GELU's erf form on 16 lanes at a time: x·Φ(x) = (x + |x|·erf(|x|/√2))/2,
// erf by Abramowitz and Stegun 7.1.26 (as ops.GELU's Go loop), its
// reciprocal by VRCP14PS and one Newton step, its exponential by the Cephes
// expf polynomial with VSCALEFPS for the power of two (so very negative
// arguments need no clamp but a ≤ 9).

DATA geluK<>+0(SB)/4, $0x7fffffff  // |x| mask
DATA geluK<>+4(SB)/4, $0x3f3504f3  // 1/√2
DATA geluK<>+8(SB)/4, $0x41100000  // 9: erf(9) is 1 in float32, e^-81 still normal
DATA geluK<>+12(SB)/4, $0x3ea7ba05 // p
DATA geluK<>+16(SB)/4, $0x3f800000 // 1
DATA geluK<>+20(SB)/4, $0x3e827906 // a1
DATA geluK<>+24(SB)/4, $0xbe91a98e // a2
DATA geluK<>+28(SB)/4, $0x3fb5f0e3 // a3
DATA geluK<>+32(SB)/4, $0xbfba00e3 // a4
DATA geluK<>+36(SB)/4, $0x3f87dc22 // a5
DATA geluK<>+40(SB)/4, $0x3f000000 // 1/2
DATA geluK<>+44(SB)/4, $0x3fb8aa3b // log2 e
DATA geluK<>+48(SB)/4, $0x3f318000 // ln 2, high part
DATA geluK<>+52(SB)/4, $0xb95e8083 // ln 2, low part
DATA geluK<>+56(SB)/4, $0x39506967 // expf c0
DATA geluK<>+60(SB)/4, $0x3ab743ce
DATA geluK<>+64(SB)/4, $0x3c088908
DATA geluK<>+68(SB)/4, $0x3d2aa9c1
DATA geluK<>+72(SB)/4, $0x3e2aaaaa
DATA geluK<>+76(SB)/4, $0x3f000000 // expf c5
GLOBL geluK<>(SB), RODATA|NOPTR, $80

// func geluRowsAVX512(x, bias *float32, rows, cols int)
// x[r·cols+c] = gelu(x[r·cols+c] + bias[c]) for r < rows, c < cols (bias nil:
// no bias). cols >= 1.
TEXT ·geluRowsAVX512(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ rows+16(FP), R8
	MOVQ cols+24(FP), R9
	VPBROADCASTD geluK<>+0(SB), Z10
	VBROADCASTSS geluK<>+4(SB), Z11
	VBROADCASTSS geluK<>+8(SB), Z12
	VBROADCASTSS geluK<>+12(SB), Z13
	VBROADCASTSS geluK<>+16(SB), Z14
	VBROADCASTSS geluK<>+20(SB), Z15
	VBROADCASTSS geluK<>+24(SB), Z16
	VBROADCASTSS geluK<>+28(SB), Z17
	VBROADCASTSS geluK<>+32(SB), Z18
	VBROADCASTSS geluK<>+36(SB), Z19
	VBROADCASTSS geluK<>+40(SB), Z20
	VBROADCASTSS geluK<>+44(SB), Z21
	VBROADCASTSS geluK<>+48(SB), Z22
	VBROADCASTSS geluK<>+52(SB), Z23
	VBROADCASTSS geluK<>+56(SB), Z24
	VBROADCASTSS geluK<>+60(SB), Z25
	VBROADCASTSS geluK<>+64(SB), Z26
	VBROADCASTSS geluK<>+68(SB), Z27
	VBROADCASTSS geluK<>+72(SB), Z28
	VBROADCASTSS geluK<>+76(SB), Z29
	VPXORD Z30, Z30, Z30

row:
	TESTQ R8, R8
	JZ    done
	MOVQ  R9, CX
	MOVQ  SI, BX

col:
	CMPQ CX, $16
	JL   tail
	KXNORW K1, K1, K1
	JMP  body

tail:
	TESTQ CX, CX
	JZ    nextrow
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1

body:
	VMOVUPS.Z (DI), K1, Z0
	TESTQ     BX, BX
	JZ        nobias
	VADDPS.Z  (BX), Z0, K1, Z0
	ADDQ      $64, BX

nobias:
	VPANDD Z10, Z0, Z1 // |x|
	VMULPS Z11, Z1, Z2 // a = |x|/√2
	VMINPS Z12, Z2, Z2 // a ≤ 9: no subnormal e^(−a²) (slow); NaN becomes 9, the final sum keeps x's NaN

	// t = 1/(1 + p·a): estimate, then one Newton step
	VMOVAPS      Z14, Z3
	VFMADD231PS  Z13, Z2, Z3
	VRCP14PS     Z3, Z4
	VFNMADD213PS Z14, Z4, Z3
	VFMADD231PS  Z3, Z4, Z4

	// (((((a5·t + a4)·t + a3)·t + a2)·t + a1)·t
	VMOVAPS     Z19, Z5
	VFMADD213PS Z18, Z4, Z5
	VFMADD213PS Z17, Z4, Z5
	VFMADD213PS Z16, Z4, Z5
	VFMADD213PS Z15, Z4, Z5
	VMULPS      Z4, Z5, Z5

	// e^(−a²)
	VMOVAPS      Z30, Z6
	VFNMADD231PS Z2, Z2, Z6
	VMULPS       Z21, Z6, Z7
	VRNDSCALEPS  $0, Z7, Z7
	VFNMADD231PS Z22, Z7, Z6
	VFNMADD231PS Z23, Z7, Z6
	VMOVAPS      Z24, Z8
	VFMADD213PS  Z25, Z6, Z8
	VFMADD213PS  Z26, Z6, Z8
	VFMADD213PS  Z27, Z6, Z8
	VFMADD213PS  Z28, Z6, Z8
	VFMADD213PS  Z29, Z6, Z8
	VMULPS       Z6, Z6, Z9
	VFMADD213PS  Z6, Z9, Z8
	VADDPS       Z14, Z8, Z8
	VSCALEFPS    Z7, Z8, Z8

	// erf = 1 − poly·e; gelu = (x + |x|·erf)/2
	VFNMADD213PS Z14, Z8, Z5
	VFMADD213PS  Z0, Z1, Z5
	VMULPS       Z20, Z5, Z5
	VMOVUPS      Z5, K1, (DI)

	CMPQ CX, $16
	JL   nextrow
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  col

nextrow:
	// after a tail DI still points at its start
	LEAQ (DI)(CX*4), DI
	DECQ R8
	JMP  row

done:
	VZEROUPPER
	RET
