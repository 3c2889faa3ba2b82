//go:build amd64 && !purego

#include "textflag.h"

// Softmax cross-entropy over a (c, inner) block of class rows, sixteen
// positions at a time: the row maxima and sums of exponentials for the
// forward pass, and the gradient f·e^(x − lse) for the backward one. e^x is
// expAVX2's sequence on zmm registers (same constants, same rounding), so
// both give the same bits.

// expAVX2's constants (file-local symbols, so repeated here).
DATA smLo<>+0(SB)/4, $0xc2aeac4f
GLOBL smLo<>(SB), RODATA|NOPTR, $4
DATA smHi<>+0(SB)/4, $0x42b17217
GLOBL smHi<>(SB), RODATA|NOPTR, $4
DATA smLog2e<>+0(SB)/4, $0x3fb8aa3b
GLOBL smLog2e<>(SB), RODATA|NOPTR, $4
DATA smLn2hi<>+0(SB)/4, $0x3f318000
GLOBL smLn2hi<>(SB), RODATA|NOPTR, $4
DATA smLn2lo<>+0(SB)/4, $0xb95e8083
GLOBL smLn2lo<>(SB), RODATA|NOPTR, $4
DATA smOne<>+0(SB)/4, $0x3f800000
GLOBL smOne<>(SB), RODATA|NOPTR, $4
DATA smC0<>+0(SB)/4, $0x39506967
GLOBL smC0<>(SB), RODATA|NOPTR, $4
DATA smC1<>+0(SB)/4, $0x3ab743ce
GLOBL smC1<>(SB), RODATA|NOPTR, $4
DATA smC2<>+0(SB)/4, $0x3c088908
GLOBL smC2<>(SB), RODATA|NOPTR, $4
DATA smC3<>+0(SB)/4, $0x3d2aa9c1
GLOBL smC3<>(SB), RODATA|NOPTR, $4
DATA smC4<>+0(SB)/4, $0x3e2aaaaa
GLOBL smC4<>(SB), RODATA|NOPTR, $4
DATA smC5<>+0(SB)/4, $0x3f000000
GLOBL smC5<>(SB), RODATA|NOPTR, $4
DATA smBias<>+0(SB)/4, $127
GLOBL smBias<>(SB), RODATA|NOPTR, $4

// EXP16 computes e^Z0 into Z2 (clobbers Z0, Z1, Z9). Z10..Z15, Z3..Z8 hold
// the constants as expAVX2 loads them.
#define EXP16 \
	VMAXPS Z0, Z10, Z0 \
	VMINPS Z0, Z11, Z0 \
	VMULPS Z12, Z0, Z1 \
	VRNDSCALEPS $0, Z1, Z1 \
	VFNMADD231PS Z13, Z1, Z0 \
	VFNMADD231PS Z14, Z1, Z0 \
	VMOVAPS Z16, Z2 \
	VFMADD213PS Z3, Z0, Z2 \
	VFMADD213PS Z4, Z0, Z2 \
	VFMADD213PS Z5, Z0, Z2 \
	VFMADD213PS Z6, Z0, Z2 \
	VFMADD213PS Z7, Z0, Z2 \
	VMULPS Z0, Z0, Z9 \
	VFMADD213PS Z0, Z9, Z2 \
	VADDPS Z15, Z2, Z2 \
	VCVTPS2DQ Z1, Z1 \
	VPSRAD $1, Z1, Z9 \
	VPSUBD Z9, Z1, Z1 \
	VPADDD Z8, Z9, Z9 \
	VPSLLD $23, Z9, Z9 \
	VPADDD Z8, Z1, Z1 \
	VPSLLD $23, Z1, Z1 \
	VMULPS Z9, Z2, Z2 \
	VMULPS Z1, Z2, Z2

#define EXPCONSTS \
	VBROADCASTSS smLo<>(SB), Z10 \
	VBROADCASTSS smHi<>(SB), Z11 \
	VBROADCASTSS smLog2e<>(SB), Z12 \
	VBROADCASTSS smLn2hi<>(SB), Z13 \
	VBROADCASTSS smLn2lo<>(SB), Z14 \
	VBROADCASTSS smOne<>(SB), Z15 \
	VBROADCASTSS smC0<>(SB), Z16 \
	VBROADCASTSS smC1<>(SB), Z3 \
	VBROADCASTSS smC2<>(SB), Z4 \
	VBROADCASTSS smC3<>(SB), Z5 \
	VBROADCASTSS smC4<>(SB), Z6 \
	VBROADCASTSS smC5<>(SB), Z7 \
	VPBROADCASTD smBias<>(SB), Z8

DATA negInf<>+0(SB)/4, $0xff800000
GLOBL negInf<>(SB), RODATA|NOPTR, $4

// func maxExpSumAVX512(x *float32, ld, c int, m, s *float32, n int)
// For positions i < n (a multiple of 16): m[i] = max over the c rows
// x[k·ld + i] (0 when every one is −Inf), s[i] = Σ_k e^(x[k·ld+i] − m[i]),
// the rows added in order k = 0, 1, ...
TEXT ·maxExpSumAVX512(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ ld+8(FP), DX
	SHLQ $2, DX
	MOVQ c+16(FP), BX
	MOVQ m+24(FP), DI
	MOVQ s+32(FP), R10
	MOVQ n+40(FP), CX
	EXPCONSTS
	VBROADCASTSS negInf<>(SB), Z17
	VXORPS Z18, Z18, Z18
mes16:
	CMPQ CX, $16
	JL   mesdone
	// the maximum over the rows
	VMOVUPS (SI), Z19
	MOVQ SI, R8
	ADDQ DX, R8
	MOVQ BX, R9
	DECQ R9
mesmax:
	TESTQ R9, R9
	JZ    mesmaxdone
	VMAXPS (R8), Z19, Z19
	ADDQ DX, R8
	DECQ R9
	JMP  mesmax
mesmaxdone:
	VCMPPS $0, Z17, Z19, K1 // every logit −Inf: shift by 0
	VMOVAPS Z18, K1, Z19
	VMOVUPS Z19, (DI)
	// the sum of exponentials
	VXORPS Z20, Z20, Z20
	MOVQ SI, R8
	MOVQ BX, R9
messum:
	VMOVUPS (R8), Z0
	VSUBPS Z19, Z0, Z0
	EXP16
	VADDPS Z2, Z20, Z20
	ADDQ DX, R8
	DECQ R9
	JNZ  messum
	VMOVUPS Z20, (R10)
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R10
	SUBQ $16, CX
	JMP  mes16
mesdone:
	VZEROUPPER
	RET

// func softmaxGradAVX512(grad, x *float32, ld, c int, lse, f *float32, n int, assign bool)
// For positions i < n (a multiple of 16) and rows k < c:
// grad[k·ld+i] = f[i]·e^(x[k·ld+i] − lse[i]), or += with assign false.
TEXT ·softmaxGradAVX512(SB), NOSPLIT, $0-57
	MOVQ grad+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ ld+16(FP), DX
	SHLQ $2, DX
	MOVQ c+24(FP), BX
	MOVQ lse+32(FP), R10
	MOVQ f+40(FP), R11
	MOVQ n+48(FP), CX
	MOVBLZX assign+56(FP), AX
	EXPCONSTS
sg16:
	CMPQ CX, $16
	JL   sgdone
	VMOVUPS (R10), Z19
	VMOVUPS (R11), Z20
	MOVQ SI, R8
	MOVQ DI, R12
	MOVQ BX, R9
sgrow:
	VMOVUPS (R8), Z0
	VSUBPS Z19, Z0, Z0
	EXP16
	TESTQ AX, AX
	JZ    sgadd
	VMULPS Z20, Z2, Z2
	VMOVUPS Z2, (R12)
	JMP   sgnext
sgadd:
	VMOVUPS (R12), Z21
	VFMADD231PS Z20, Z2, Z21 // as AddMul: one rounding
	VMOVUPS Z21, (R12)
sgnext:
	ADDQ DX, R8
	ADDQ DX, R12
	DECQ R9
	JNZ  sgrow
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R10
	ADDQ $64, R11
	SUBQ $16, CX
	JMP  sg16
sgdone:
	VZEROUPPER
	RET
