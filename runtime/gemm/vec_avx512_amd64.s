//go:build amd64 && !purego

#include "textflag.h"

// The matrix-vector kernels of the avx512 implementation. Tails are handled
// with a K mask (TAILMASK sets K1 to the low CX bits), so there is no scalar
// loop; masked-off lanes are neither loaded nor faulted on.

#define TAILMASK \
	MOVQ $1, AX \
	SHLQ CX, AX \
	DECQ AX \
	KMOVW AX, K1

// ZSUM reduces zmm z to its low float in x, in a fixed order (halves, then
// quarters, then pairs); t is a scratch register (as y and x forms).
#define ZSUM(z, y, x, ty, tx) \
	VEXTRACTF64X4 $1, z, ty \
	VADDPS ty, y, y \
	VEXTRACTF128 $1, y, tx \
	VADDPS tx, x, x \
	VMOVHLPS x, x, tx \
	VADDPS tx, x, x \
	VMOVSHDUP x, tx \
	VADDSS tx, x, x

// func dotAVX512(x, y *float32, n int) float32
// Four accumulators over 64-float blocks, summed, then 16-float blocks and a
// masked tail into the sum.
TEXT ·dotAVX512(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	CMPQ CX, $64
	JLT d16

d64:
	VMOVUPS (SI), Z4
	VMOVUPS 64(SI), Z5
	VMOVUPS 128(SI), Z6
	VMOVUPS 192(SI), Z7
	VFMADD231PS (DI), Z4, Z0
	VFMADD231PS 64(DI), Z5, Z1
	VFMADD231PS 128(DI), Z6, Z2
	VFMADD231PS 192(DI), Z7, Z3
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	CMPQ CX, $64
	JGE d64

d16:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	CMPQ CX, $16
	JLT dtail

d16loop:
	VMOVUPS (SI), Z4
	VFMADD231PS (DI), Z4, Z0
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE d16loop

dtail:
	TESTQ CX, CX
	JEQ dred
	TAILMASK
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DI), K1, Z5
	VFMADD231PS Z5, Z4, Z0

dred:
	ZSUM(Z0, Y0, X0, Y1, X1)
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func axpyAVX512(alpha float32, x, y *float32, n int)
TEXT ·axpyAVX512(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Z0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	CMPQ CX, $64
	JLT a16

a64:
	VMOVUPS (DI), Z4
	VMOVUPS 64(DI), Z5
	VMOVUPS 128(DI), Z6
	VMOVUPS 192(DI), Z7
	VFMADD231PS (SI), Z0, Z4
	VFMADD231PS 64(SI), Z0, Z5
	VFMADD231PS 128(SI), Z0, Z6
	VFMADD231PS 192(SI), Z0, Z7
	VMOVUPS Z4, (DI)
	VMOVUPS Z5, 64(DI)
	VMOVUPS Z6, 128(DI)
	VMOVUPS Z7, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	CMPQ CX, $64
	JGE a64

a16:
	CMPQ CX, $16
	JLT atail

a16loop:
	VMOVUPS (DI), Z4
	VFMADD231PS (SI), Z0, Z4
	VMOVUPS Z4, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	CMPQ CX, $16
	JGE a16loop

atail:
	TESTQ CX, CX
	JEQ adone
	TAILMASK
	VMOVUPS.Z (DI), K1, Z4
	VMOVUPS.Z (SI), K1, Z5
	VFMADD231PS Z5, Z0, Z4
	VMOVUPS Z4, K1, (DI)

adone:
	VZEROUPPER
	RET

// func dot4AVX512(x, m *float32, ld, k int, out *[4]float32)
// out[r] = Σp x[p]*m[r*ld+p] for r < 4: the rows share each load of x, two
// accumulators per row over 32-float steps. A row's arithmetic does not
// depend on the other rows (ld = 0 gives exactly the one-row result).
TEXT ·dot4AVX512(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ m+8(FP), DI
	MOVQ ld+16(FP), R8
	SHLQ $2, R8
	MOVQ k+24(FP), CX
	LEAQ (DI)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	CMPQ CX, $32
	JLT q16

q32:
	VMOVUPS (SI), Z8
	VMOVUPS 64(SI), Z9
	VFMADD231PS (DI), Z8, Z0
	VFMADD231PS 64(DI), Z9, Z1
	VFMADD231PS (R10), Z8, Z2
	VFMADD231PS 64(R10), Z9, Z3
	VFMADD231PS (R11), Z8, Z4
	VFMADD231PS 64(R11), Z9, Z5
	VFMADD231PS (R12), Z8, Z6
	VFMADD231PS 64(R12), Z9, Z7
	ADDQ $128, SI
	ADDQ $128, DI
	ADDQ $128, R10
	ADDQ $128, R11
	ADDQ $128, R12
	SUBQ $32, CX
	CMPQ CX, $32
	JGE q32

q16:
	CMPQ CX, $16
	JLT qtail
	VMOVUPS (SI), Z8
	VFMADD231PS (DI), Z8, Z0
	VFMADD231PS (R10), Z8, Z2
	VFMADD231PS (R11), Z8, Z4
	VFMADD231PS (R12), Z8, Z6
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R10
	ADDQ $64, R11
	ADDQ $64, R12
	SUBQ $16, CX

qtail:
	TESTQ CX, CX
	JEQ qred
	TAILMASK
	VMOVUPS.Z (SI), K1, Z8
	VMOVUPS.Z (DI), K1, Z9
	VFMADD231PS Z9, Z8, Z1
	VMOVUPS.Z (R10), K1, Z9
	VFMADD231PS Z9, Z8, Z3
	VMOVUPS.Z (R11), K1, Z9
	VFMADD231PS Z9, Z8, Z5
	VMOVUPS.Z (R12), K1, Z9
	VFMADD231PS Z9, Z8, Z7

qred:
	MOVQ out+32(FP), DX
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z5, Z4, Z4
	VADDPS Z7, Z6, Z6
	ZSUM(Z0, Y0, X0, Y8, X8)
	ZSUM(Z2, Y2, X2, Y9, X9)
	ZSUM(Z4, Y4, X4, Y10, X10)
	ZSUM(Z6, Y6, X6, Y11, X11)
	VMOVSS X0, (DX)
	VMOVSS X2, 4(DX)
	VMOVSS X4, 8(DX)
	VMOVSS X6, 12(DX)
	VZEROUPPER
	RET

// func dotTile2x4AVX512(a *float32, lda int, b *float32, ldb int, k int, out *[8]float32)
// out[i*4+j] = Σp a[i*lda+p]*b[j*ldb+p] for i < 2, j < 4, each output in its
// own accumulator (lda = 0 or ldb = 0 changes no bits).
TEXT ·dotTile2x4AVX512(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ lda+8(FP), R8
	SHLQ $2, R8
	LEAQ (SI)(R8*1), R8
	MOVQ b+16(FP), DI
	MOVQ ldb+24(FP), R9
	SHLQ $2, R9
	LEAQ (DI)(R9*1), R10
	LEAQ (R10)(R9*1), R11
	LEAQ (R11)(R9*1), R12
	MOVQ k+32(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	CMPQ CX, $16
	JLT ttail

tloop:
	VMOVUPS (SI), Z8
	VMOVUPS (R8), Z9
	VMOVUPS (DI), Z10
	VFMADD231PS Z10, Z8, Z0
	VFMADD231PS Z10, Z9, Z4
	VMOVUPS (R10), Z11
	VFMADD231PS Z11, Z8, Z1
	VFMADD231PS Z11, Z9, Z5
	VMOVUPS (R11), Z10
	VFMADD231PS Z10, Z8, Z2
	VFMADD231PS Z10, Z9, Z6
	VMOVUPS (R12), Z11
	VFMADD231PS Z11, Z8, Z3
	VFMADD231PS Z11, Z9, Z7
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, DI
	ADDQ $64, R10
	ADDQ $64, R11
	ADDQ $64, R12
	SUBQ $16, CX
	CMPQ CX, $16
	JGE tloop

ttail:
	TESTQ CX, CX
	JEQ tred
	TAILMASK
	VMOVUPS.Z (SI), K1, Z8
	VMOVUPS.Z (R8), K1, Z9
	VMOVUPS.Z (DI), K1, Z10
	VFMADD231PS Z10, Z8, Z0
	VFMADD231PS Z10, Z9, Z4
	VMOVUPS.Z (R10), K1, Z11
	VFMADD231PS Z11, Z8, Z1
	VFMADD231PS Z11, Z9, Z5
	VMOVUPS.Z (R11), K1, Z10
	VFMADD231PS Z10, Z8, Z2
	VFMADD231PS Z10, Z9, Z6
	VMOVUPS.Z (R12), K1, Z11
	VFMADD231PS Z11, Z8, Z3
	VFMADD231PS Z11, Z9, Z7

tred:
	MOVQ out+40(FP), DX
	ZSUM(Z0, Y0, X0, Y8, X8)
	ZSUM(Z1, Y1, X1, Y9, X9)
	ZSUM(Z2, Y2, X2, Y10, X10)
	ZSUM(Z3, Y3, X3, Y11, X11)
	ZSUM(Z4, Y4, X4, Y8, X8)
	ZSUM(Z5, Y5, X5, Y9, X9)
	ZSUM(Z6, Y6, X6, Y10, X10)
	ZSUM(Z7, Y7, X7, Y11, X11)
	VMOVSS X0, (DX)
	VMOVSS X1, 4(DX)
	VMOVSS X2, 8(DX)
	VMOVSS X3, 12(DX)
	VMOVSS X4, 16(DX)
	VMOVSS X5, 20(DX)
	VMOVSS X6, 24(DX)
	VMOVSS X7, 28(DX)
	VZEROUPPER
	RET
