//go:build amd64 && !purego

#include "textflag.h"

// The longer kernels: e^x, the affine and variance helpers, MulAdd's and
// MulAddT's register tiles, and the max and multiply-add of softmax blocks.

// Constants of expAVX2 (float32 bit patterns).
DATA expLo<>+0(SB)/4, $0xc2aeac4f // -87.33654
GLOBL expLo<>(SB), RODATA|NOPTR, $4
DATA expHi<>+0(SB)/4, $0x42b17217 // 88.72283
GLOBL expHi<>(SB), RODATA|NOPTR, $4
DATA expLog2e<>+0(SB)/4, $0x3fb8aa3b // 1.442695
GLOBL expLog2e<>(SB), RODATA|NOPTR, $4
DATA expLn2hi<>+0(SB)/4, $0x3f318000 // 0.693359375
GLOBL expLn2hi<>(SB), RODATA|NOPTR, $4
DATA expLn2lo<>+0(SB)/4, $0xb95e8083 // -2.12194440e-4
GLOBL expLn2lo<>(SB), RODATA|NOPTR, $4
DATA expOne<>+0(SB)/4, $0x3f800000 // 1
GLOBL expOne<>(SB), RODATA|NOPTR, $4
DATA expC0<>+0(SB)/4, $0x39506967 // 1.9875691500e-4
GLOBL expC0<>(SB), RODATA|NOPTR, $4
DATA expC1<>+0(SB)/4, $0x3ab743ce // 1.3981999507e-3
GLOBL expC1<>(SB), RODATA|NOPTR, $4
DATA expC2<>+0(SB)/4, $0x3c088908 // 8.3334519073e-3
GLOBL expC2<>(SB), RODATA|NOPTR, $4
DATA expC3<>+0(SB)/4, $0x3d2aa9c1 // 4.1665795894e-2
GLOBL expC3<>(SB), RODATA|NOPTR, $4
DATA expC4<>+0(SB)/4, $0x3e2aaaaa // 1.6666665459e-1
GLOBL expC4<>(SB), RODATA|NOPTR, $4
DATA expC5<>+0(SB)/4, $0x3f000000 // 5.0000001201e-1
GLOBL expC5<>(SB), RODATA|NOPTR, $4
DATA expBias<>+0(SB)/4, $127
GLOBL expBias<>(SB), RODATA|NOPTR, $4

// func expAVX2(dst, x *float32, n int)
// e^x as Exp32 computes it, eight lanes at a time, with x clamped to
// [-87.33654, 88.72283] (NaN passes through) and 2^n applied in two halves
// so the scale stays a normal number at both ends.
TEXT ·expAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS expLo<>(SB), Y10
	VBROADCASTSS expHi<>(SB), Y11
	VBROADCASTSS expLog2e<>(SB), Y12
	VBROADCASTSS expLn2hi<>(SB), Y13
	VBROADCASTSS expLn2lo<>(SB), Y14
	VBROADCASTSS expOne<>(SB), Y15
	VBROADCASTSS expC1<>(SB), Y3
	VBROADCASTSS expC2<>(SB), Y4
	VBROADCASTSS expC3<>(SB), Y5
	VBROADCASTSS expC4<>(SB), Y6
	VBROADCASTSS expC5<>(SB), Y7
	VPBROADCASTD expBias<>(SB), Y8
exp8:
	CMPQ CX, $8
	JL   expdone
	VMOVUPS (SI), Y0
	VMAXPS Y0, Y10, Y0 // max(lo, x): a NaN x comes through
	VMINPS Y0, Y11, Y0 // min(hi, x)
	VMULPS Y12, Y0, Y1
	VROUNDPS $0, Y1, Y1 // n = round(x·log2e), to nearest
	VFNMADD231PS Y13, Y1, Y0 // r = x − n·ln2hi
	VFNMADD231PS Y14, Y1, Y0 // r −= n·ln2lo
	VBROADCASTSS expC0<>(SB), Y2
	VFMADD213PS Y3, Y0, Y2 // p = p·r + c1
	VFMADD213PS Y4, Y0, Y2
	VFMADD213PS Y5, Y0, Y2
	VFMADD213PS Y6, Y0, Y2
	VFMADD213PS Y7, Y0, Y2
	VMULPS Y0, Y0, Y9 // r²
	VFMADD213PS Y0, Y9, Y2 // y = p·r² + r
	VADDPS Y15, Y2, Y2 // y += 1
	VCVTPS2DQ Y1, Y1 // n as int32
	VPSRAD $1, Y1, Y9 // n1 = n >> 1
	VPSUBD Y9, Y1, Y1 // n2 = n − n1
	VPADDD Y8, Y9, Y9
	VPSLLD $23, Y9, Y9 // 2^n1
	VPADDD Y8, Y1, Y1
	VPSLLD $23, Y1, Y1 // 2^n2
	VMULPS Y9, Y2, Y2
	VMULPS Y1, Y2, Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  exp8
expdone:
	VZEROUPPER
	RET

// func scaleShiftAVX2(dst, x *float32, a, b float32, n int)
// dst = a·x + b
TEXT ·scaleShiftAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	VBROADCASTSS a+16(FP), Y0
	VBROADCASTSS b+20(FP), Y1
	MOVQ n+24(FP), CX
ss8:
	CMPQ CX, $8
	JL   ssdone
	VMOVUPS (SI), Y2
	VFMADD213PS Y1, Y0, Y2 // Y2 = a·x + b
	VMOVUPS Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  ss8
ssdone:
	VZEROUPPER
	RET

// func sumSqDiffAVX2(x *float32, c float32, n int) float32
// Σ (x − c)²
TEXT ·sumSqDiffAVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	VBROADCASTSS c+8(FP), Y4
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
sq16:
	CMPQ CX, $16
	JL   sq8
	VMOVUPS (SI), Y2
	VMOVUPS 32(SI), Y3
	VSUBPS Y4, Y2, Y2
	VSUBPS Y4, Y3, Y3
	VFMADD231PS Y2, Y2, Y0
	VFMADD231PS Y3, Y3, Y1
	ADDQ $64, SI
	SUBQ $16, CX
	JMP  sq16
sq8:
	CMPQ CX, $8
	JL   sqdone
	VMOVUPS (SI), Y2
	VSUBPS Y4, Y2, Y2
	VFMADD231PS Y2, Y2, Y0
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  sq8
sqdone:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	MOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func dotShiftAVX2(x, y *float32, c float32, n int) float32
// Σ x·(y − c)
TEXT ·dotShiftAVX2(SB), NOSPLIT, $0-36
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	VBROADCASTSS c+16(FP), Y4
	MOVQ n+24(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
ds16:
	CMPQ CX, $16
	JL   ds8
	VMOVUPS (DX), Y2
	VMOVUPS 32(DX), Y3
	VSUBPS Y4, Y2, Y2
	VSUBPS Y4, Y3, Y3
	VFMADD231PS (SI), Y2, Y0
	VFMADD231PS 32(SI), Y3, Y1
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  ds16
ds8:
	CMPQ CX, $8
	JL   dsdone
	VMOVUPS (DX), Y2
	VSUBPS Y4, Y2, Y2
	VFMADD231PS (SI), Y2, Y0
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  ds8
dsdone:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	MOVSS X0, ret+32(FP)
	VZEROUPPER
	RET

// func mulAdd4x16AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k, strips int)
// For s < strips: C[0:4][16s:16s+16] += A[0:4][0:k]·B[0:k][16s:16s+16], with
// the 4×16 block of C held in eight registers over the whole k loop.
TEXT ·mulAdd4x16AVX2(SB), NOSPLIT, $0-64
	MOVQ a+0(FP), R8
	MOVQ lda+8(FP), AX
	SHLQ $2, AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	MOVQ b+16(FP), SI
	MOVQ ldb+24(FP), R12
	SHLQ $2, R12
	MOVQ c+32(FP), DI
	MOVQ ldc+40(FP), R13
	SHLQ $2, R13
	MOVQ strips+56(FP), DX
mastrip:
	TESTQ DX, DX
	JZ    madone
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ k+48(FP), CX
	MOVQ SI, BX
	XORQ AX, AX
makloop:
	VMOVUPS (BX), Y8
	VMOVUPS 32(BX), Y9
	VBROADCASTSS (R8)(AX*1), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VBROADCASTSS (R9)(AX*1), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VBROADCASTSS (R10)(AX*1), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VBROADCASTSS (R11)(AX*1), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ R12, BX
	ADDQ $4, AX
	DECQ CX
	JNZ  makloop
	MOVQ DI, BX
	VADDPS (BX), Y0, Y0
	VMOVUPS Y0, (BX)
	VADDPS 32(BX), Y1, Y1
	VMOVUPS Y1, 32(BX)
	ADDQ R13, BX
	VADDPS (BX), Y2, Y2
	VMOVUPS Y2, (BX)
	VADDPS 32(BX), Y3, Y3
	VMOVUPS Y3, 32(BX)
	ADDQ R13, BX
	VADDPS (BX), Y4, Y4
	VMOVUPS Y4, (BX)
	VADDPS 32(BX), Y5, Y5
	VMOVUPS Y5, 32(BX)
	ADDQ R13, BX
	VADDPS (BX), Y6, Y6
	VMOVUPS Y6, (BX)
	VADDPS 32(BX), Y7, Y7
	VMOVUPS Y7, 32(BX)
	ADDQ $64, SI
	ADDQ $64, DI
	DECQ DX
	JMP  mastrip
madone:
	VZEROUPPER
	RET

// func dots4x2AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k int)
// C[i][j] += Σ_p A[i][p]·B[j][p] for i < 4, j < 2: eight dot products of
// rows that share their loads, k a positive multiple of 8.
TEXT ·dots4x2AVX2(SB), NOSPLIT, $0-56
	MOVQ a+0(FP), R8
	MOVQ lda+8(FP), AX
	SHLQ $2, AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	MOVQ b+16(FP), SI
	MOVQ ldb+24(FP), BX
	SHLQ $2, BX
	LEAQ (SI)(BX*1), DX
	MOVQ k+48(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	XORQ AX, AX
d42loop:
	VMOVUPS (SI)(AX*1), Y8
	VMOVUPS (DX)(AX*1), Y9
	VMOVUPS (R8)(AX*1), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VMOVUPS (R9)(AX*1), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VMOVUPS (R10)(AX*1), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VMOVUPS (R11)(AX*1), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ $32, AX
	SUBQ $8, CX
	JNZ  d42loop
	// Reduce each accumulator to one float: pairs (Y0,Y1) belong to row 0.
	MOVQ c+32(FP), DI
	MOVQ ldc+40(FP), R12
	SHLQ $2, R12
	VHADDPS Y1, Y0, Y0 // [a0+a1 a2+a3 b0+b1 b2+b3 | a4+a5 a6+a7 b4+b5 b6+b7]
	VHADDPS Y3, Y2, Y2
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y2, Y0, Y0 // [r0j0 r0j1 r1j0 r1j1 | upper halves]
	VHADDPS Y6, Y4, Y4 // [r2j0 r2j1 r3j0 r3j1 | ...]
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0 // [r0j0 r0j1 r1j0 r1j1]
	VEXTRACTF128 $1, Y4, X5
	VADDPS X5, X4, X4 // [r2j0 r2j1 r3j0 r3j1]
	MOVSD (DI), X8 // C[0][0:2]
	VADDPS X8, X0, X8
	MOVSD X8, (DI)
	ADDQ R12, DI
	VPSRLDQ $8, X0, X9
	MOVSD (DI), X8
	VADDPS X8, X9, X8
	MOVSD X8, (DI)
	ADDQ R12, DI
	MOVSD (DI), X8
	VADDPS X8, X4, X8
	MOVSD X8, (DI)
	ADDQ R12, DI
	VPSRLDQ $8, X4, X9
	MOVSD (DI), X8
	VADDPS X8, X9, X8
	MOVSD X8, (DI)
	VZEROUPPER
	RET

// func maxIntoAVX2(m, x *float32, n int)
// m = max(m, x) elementwise (a NaN in m is kept; one in x may be dropped).
TEXT ·maxIntoAVX2(SB), NOSPLIT, $0-24
	MOVQ m+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
mx8:
	CMPQ CX, $8
	JL   mxdone
	VMOVUPS (SI), Y0
	VMAXPS (DI), Y0, Y0 // max(x, m): m is the second source, returned on NaN
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  mx8
mxdone:
	VZEROUPPER
	RET

// func addMulAVX2(y, a, b *float32, n int)
// y += a·b elementwise
TEXT ·addMulAVX2(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
am8:
	CMPQ CX, $8
	JL   amdone
	VMOVUPS (SI), Y0
	VMOVUPS (DI), Y1
	VFMADD231PS (DX), Y0, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  am8
amdone:
	VZEROUPPER
	RET

// func mulAdd4x16OffAVX2(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, strips int)
// mulAdd4x16AVX2 with row p of B at b + off[p] (in elements) instead of
// b + p·ldb: B's rows are shifted windows of one array (an implicit im2col).
TEXT ·mulAdd4x16OffAVX2(SB), NOSPLIT, $0-64
	MOVQ a+0(FP), R8
	MOVQ lda+8(FP), AX
	SHLQ $2, AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	MOVQ b+16(FP), SI
	MOVQ off+24(FP), R12
	MOVQ c+32(FP), DI
	MOVQ ldc+40(FP), R13
	SHLQ $2, R13
	MOVQ strips+56(FP), DX
mostrip:
	TESTQ DX, DX
	JZ    modone
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ k+48(FP), CX
	XORQ AX, AX
mokloop:
	MOVQ (R12)(AX*2), BX // off[p]; AX is 4p, so AX*2 is 8p
	VMOVUPS (SI)(BX*4), Y8
	VMOVUPS 32(SI)(BX*4), Y9
	VBROADCASTSS (R8)(AX*1), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VBROADCASTSS (R9)(AX*1), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VBROADCASTSS (R10)(AX*1), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VBROADCASTSS (R11)(AX*1), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ $4, AX
	DECQ CX
	JNZ  mokloop
	MOVQ DI, BX
	VADDPS (BX), Y0, Y0
	VMOVUPS Y0, (BX)
	VADDPS 32(BX), Y1, Y1
	VMOVUPS Y1, 32(BX)
	ADDQ R13, BX
	VADDPS (BX), Y2, Y2
	VMOVUPS Y2, (BX)
	VADDPS 32(BX), Y3, Y3
	VMOVUPS Y3, 32(BX)
	ADDQ R13, BX
	VADDPS (BX), Y4, Y4
	VMOVUPS Y4, (BX)
	VADDPS 32(BX), Y5, Y5
	VMOVUPS Y5, 32(BX)
	ADDQ R13, BX
	VADDPS (BX), Y6, Y6
	VMOVUPS Y6, (BX)
	VADDPS 32(BX), Y7, Y7
	VMOVUPS Y7, 32(BX)
	ADDQ $64, SI
	ADDQ $64, DI
	DECQ DX
	JMP  mostrip
modone:
	VZEROUPPER
	RET

// func adamAVX2(w, grad, mom, vel *float32, n int, c *[7]float32)
// adamAVX512 eight lanes at a time; n a multiple of 8.
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), DX
	MOVQ mom+16(FP), SI
	MOVQ vel+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	VBROADCASTSS 0(AX), Y0
	VBROADCASTSS 4(AX), Y1
	VBROADCASTSS 8(AX), Y2
	VBROADCASTSS 12(AX), Y3
	VBROADCASTSS 16(AX), Y4
	VBROADCASTSS 20(AX), Y5
	VBROADCASTSS 24(AX), Y6
adam8:
	CMPQ CX, $8
	JL   adamdone
	VMOVUPS (SI), Y9
	VMOVUPS (BX), Y12
	VMOVUPS (DI), Y14
	VMOVUPS (DX), Y8 // g
	VMULPS Y0, Y9, Y10 // b1·m
	VMULPS Y1, Y8, Y11 // (1−b1)·g
	VADDPS Y11, Y10, Y9 // m
	VMULPS Y2, Y12, Y10 // b2·v
	VMULPS Y3, Y8, Y11 // (1−b2)·g
	VMULPS Y8, Y11, Y11 // ·g
	VADDPS Y11, Y10, Y12 // v
	VSQRTPS Y12, Y13
	VDIVPS Y5, Y13, Y13 // √v / √bc2
	VADDPS Y6, Y13, Y13 // + eps
	VMULPS Y4, Y9, Y10 // step·m
	VDIVPS Y13, Y10, Y10
	VSUBPS Y10, Y14, Y14 // w −= …
	VMOVUPS Y9, (SI)
	VMOVUPS Y12, (BX)
	VMOVUPS Y14, (DI)
	ADDQ $32, DI
	ADDQ $32, DX
	ADDQ $32, SI
	ADDQ $32, BX
	SUBQ $8, CX
	JMP  adam8
adamdone:
	VZEROUPPER
	RET
