//go:build amd64 && !purego

#include "textflag.h"

// One k step of the 6×16 tile: B's 16 values in Y12:Y13, A's six values
// broadcast in turn through Y14/Y15, twelve FMAs into Y0..Y11; then B moves
// on by its row stride (64 bytes when packed, ldb*4 when read in place).
#define STEP(aoff) \
	VMOVUPS (DI), Y12 \
	VMOVUPS 32(DI), Y13 \
	VBROADCASTSS aoff(SI), Y14 \
	VFMADD231PS Y12, Y14, Y0 \
	VFMADD231PS Y13, Y14, Y1 \
	VBROADCASTSS aoff+4(SI), Y15 \
	VFMADD231PS Y12, Y15, Y2 \
	VFMADD231PS Y13, Y15, Y3 \
	VBROADCASTSS aoff+8(SI), Y14 \
	VFMADD231PS Y12, Y14, Y4 \
	VFMADD231PS Y13, Y14, Y5 \
	VBROADCASTSS aoff+12(SI), Y15 \
	VFMADD231PS Y12, Y15, Y6 \
	VFMADD231PS Y13, Y15, Y7 \
	VBROADCASTSS aoff+16(SI), Y14 \
	VFMADD231PS Y12, Y14, Y8 \
	VFMADD231PS Y13, Y14, Y9 \
	VBROADCASTSS aoff+20(SI), Y15 \
	VFMADD231PS Y12, Y15, Y10 \
	VFMADD231PS Y13, Y15, Y11 \
	ADDQ R9, DI

#define SETROW(r0, r1) \
	VMOVUPS r0, (DX) \
	VMOVUPS r1, 32(DX) \
	ADDQ R8, DX

#define ADDROW(r0, r1) \
	VADDPS (DX), r0, r0 \
	VADDPS 32(DX), r1, r1 \
	VMOVUPS r0, (DX) \
	VMOVUPS r1, 32(DX) \
	ADDQ R8, DX

#define SCALEROW(r0, r1) \
	VFMADD231PS (DX), Y12, r0 \
	VFMADD231PS 32(DX), Y12, r1 \
	VMOVUPS r0, (DX) \
	VMOVUPS r1, 32(DX) \
	ADDQ R8, DX

// func tile6x16(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int)
TEXT ·tile6x16(SB), NOSPLIT, $0-64
	MOVQ kc+0(FP), CX
	MOVQ ap+8(FP), SI
	MOVQ bp+16(FP), DI
	MOVQ ldb+24(FP), R9
	SHLQ $2, R9
	MOVQ c+32(FP), DX
	MOVQ ldc+40(FP), R8
	SHLQ $2, R8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

	// Four steps per iteration, then the remainder one at a time.
	MOVQ CX, BX
	SHRQ $2, BX
	ANDQ $3, CX
	TESTQ BX, BX
	JEQ tail

loop4:
	STEP(0)
	STEP(24)
	STEP(48)
	STEP(72)
	ADDQ $96, SI
	DECQ BX
	JNZ loop4

tail:
	TESTQ CX, CX
	JEQ store

loop1:
	STEP(0)
	ADDQ $24, SI
	DECQ CX
	JNZ loop1

store:
	MOVQ mode+56(FP), AX
	CMPQ AX, $1
	JEQ add
	JGT scale
	SETROW(Y0, Y1)
	SETROW(Y2, Y3)
	SETROW(Y4, Y5)
	SETROW(Y6, Y7)
	SETROW(Y8, Y9)
	SETROW(Y10, Y11)
	VZEROUPPER
	RET

add:
	ADDROW(Y0, Y1)
	ADDROW(Y2, Y3)
	ADDROW(Y4, Y5)
	ADDROW(Y6, Y7)
	ADDROW(Y8, Y9)
	ADDROW(Y10, Y11)
	VZEROUPPER
	RET

scale:
	VBROADCASTSS beta+48(FP), Y12
	SCALEROW(Y0, Y1)
	SCALEROW(Y2, Y3)
	SCALEROW(Y4, Y5)
	SCALEROW(Y6, Y7)
	SCALEROW(Y8, Y9)
	SCALEROW(Y10, Y11)
	VZEROUPPER
	RET

// func dotAVX2(x, y *float32, n int) float32
// Lanes: four ymm accumulators over 32-float blocks, then one over 8-float
// blocks, a fixed horizontal reduction, then the scalar tail.
TEXT ·dotAVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ CX, $32
	JLT dot8

dot32:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE dot32

dot8:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	CMPQ CX, $8
	JLT dotred

dot8loop:
	VMOVUPS (SI), Y4
	VFMADD231PS (DI), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE dot8loop

dotred:
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VMOVHLPS X0, X0, X1
	VADDPS X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS X1, X0, X0
	TESTQ CX, CX
	JEQ dotdone

dot1:
	VMOVSS (SI), X4
	VFMADD231SS (DI), X4, X0
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNZ dot1

dotdone:
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func axpyAVX2(alpha float32, x, y *float32, n int)
TEXT ·axpyAVX2(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	CMPQ CX, $32
	JLT axpy8

axpy32:
	VMOVUPS (DI), Y4
	VMOVUPS 32(DI), Y5
	VMOVUPS 64(DI), Y6
	VMOVUPS 96(DI), Y7
	VFMADD231PS (SI), Y0, Y4
	VFMADD231PS 32(SI), Y0, Y5
	VFMADD231PS 64(SI), Y0, Y6
	VFMADD231PS 96(SI), Y0, Y7
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	VMOVUPS Y6, 64(DI)
	VMOVUPS Y7, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE axpy32

axpy8:
	CMPQ CX, $8
	JLT axpy1check

axpy8loop:
	VMOVUPS (DI), Y4
	VFMADD231PS (SI), Y0, Y4
	VMOVUPS Y4, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE axpy8loop

axpy1check:
	TESTQ CX, CX
	JEQ axpydone

axpy1:
	VMOVSS (DI), X4
	VFMADD231SS (SI), X0, X4
	VMOVSS X4, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNZ axpy1

axpydone:
	VZEROUPPER
	RET

// Mask rows for the last 0..7 values of a dot product, for VMASKMOVPS.
DATA tailmask<>+0(SB)/4, $-1
DATA tailmask<>+4(SB)/4, $-1
DATA tailmask<>+8(SB)/4, $-1
DATA tailmask<>+12(SB)/4, $-1
DATA tailmask<>+16(SB)/4, $-1
DATA tailmask<>+20(SB)/4, $-1
DATA tailmask<>+24(SB)/4, $-1
DATA tailmask<>+28(SB)/4, $-1
DATA tailmask<>+32(SB)/4, $0
DATA tailmask<>+36(SB)/4, $0
DATA tailmask<>+40(SB)/4, $0
DATA tailmask<>+44(SB)/4, $0
DATA tailmask<>+48(SB)/4, $0
DATA tailmask<>+52(SB)/4, $0
DATA tailmask<>+56(SB)/4, $0
DATA tailmask<>+60(SB)/4, $0
GLOBL tailmask<>(SB), RODATA|NOPTR, $64

#define HSUM(y, x, t) \
	VEXTRACTF128 $1, y, t \
	VADDPS t, x, x \
	VMOVHLPS x, x, t \
	VADDPS t, x, x \
	VMOVSHDUP x, t \
	VADDSS t, x, x

// func dot4AVX2(x, m *float32, ld, k int, out *[4]float32)
// out[r] = Σp x[p]*m[r*ld+p] for r < 4: four rows share each load of x, and
// two accumulators per row hide the FMA latency. A row's arithmetic does not
// depend on the other rows, so ld = 0 (one row four times) gives exactly the
// single-row result.
TEXT ·dot4AVX2(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ m+8(FP), DI
	MOVQ ld+16(FP), R8
	SHLQ $2, R8
	MOVQ k+24(FP), CX
	LEAQ (DI)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ CX, $16
	JLT d4eight

d4loop:
	VMOVUPS (SI), Y8
	VMOVUPS 32(SI), Y9
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS 32(DI), Y9, Y1
	VFMADD231PS (R10), Y8, Y2
	VFMADD231PS 32(R10), Y9, Y3
	VFMADD231PS (R11), Y8, Y4
	VFMADD231PS 32(R11), Y9, Y5
	VFMADD231PS (R12), Y8, Y6
	VFMADD231PS 32(R12), Y9, Y7
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R10
	ADDQ $64, R11
	ADDQ $64, R12
	SUBQ $16, CX
	CMPQ CX, $16
	JGE d4loop

d4eight:
	CMPQ CX, $8
	JLT d4tail
	VMOVUPS (SI), Y8
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS (R10), Y8, Y2
	VFMADD231PS (R11), Y8, Y4
	VFMADD231PS (R12), Y8, Y6
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	SUBQ $8, CX

d4tail:
	TESTQ CX, CX
	JEQ d4reduce
	// Lanes past the end are masked off: not loaded, so not faulted on.
	LEAQ tailmask<>(SB), AX
	MOVQ $8, BX
	SUBQ CX, BX
	VMOVUPS (AX)(BX*4), Y10
	VMASKMOVPS (SI), Y10, Y8
	VMASKMOVPS (DI), Y10, Y9
	VFMADD231PS Y9, Y8, Y1
	VMASKMOVPS (R10), Y10, Y9
	VFMADD231PS Y9, Y8, Y3
	VMASKMOVPS (R11), Y10, Y9
	VFMADD231PS Y9, Y8, Y5
	VMASKMOVPS (R12), Y10, Y9
	VFMADD231PS Y9, Y8, Y7

d4reduce:
	MOVQ out+32(FP), DX
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y5, Y4, Y4
	VADDPS Y7, Y6, Y6
	HSUM(Y0, X0, X8)
	HSUM(Y2, X2, X9)
	HSUM(Y4, X4, X10)
	HSUM(Y6, X6, X11)
	VMOVSS X0, (DX)
	VMOVSS X2, 4(DX)
	VMOVSS X4, 8(DX)
	VMOVSS X6, 12(DX)
	VZEROUPPER
	RET

// func dotTile2x4(a *float32, lda int, b *float32, ldb int, k int, out *[8]float32)
// out[i*4+j] = Σp a[i*lda+p]*b[j*ldb+p] for i < 2, j < 4: a 2×4 block of
// A·Bᵀ read straight from two rows of A and four of B (both contiguous in
// p), for products too thin to pay for packing. Each output has its own
// accumulator, so lda = 0 or ldb = 0 (a repeated row) changes no bits.
TEXT ·dotTile2x4(SB), NOSPLIT, $0-48
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
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ CX, $8
	JLT dtTail

dtLoop:
	VMOVUPS (SI), Y8
	VMOVUPS (R8), Y9
	VMOVUPS (DI), Y10
	VFMADD231PS Y10, Y8, Y0
	VFMADD231PS Y10, Y9, Y4
	VMOVUPS (R10), Y11
	VFMADD231PS Y11, Y8, Y1
	VFMADD231PS Y11, Y9, Y5
	VMOVUPS (R11), Y10
	VFMADD231PS Y10, Y8, Y2
	VFMADD231PS Y10, Y9, Y6
	VMOVUPS (R12), Y11
	VFMADD231PS Y11, Y8, Y3
	VFMADD231PS Y11, Y9, Y7
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, DI
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	SUBQ $8, CX
	CMPQ CX, $8
	JGE dtLoop

dtTail:
	TESTQ CX, CX
	JEQ dtReduce
	LEAQ tailmask<>(SB), AX
	MOVQ $8, BX
	SUBQ CX, BX
	VMOVUPS (AX)(BX*4), Y12
	VMASKMOVPS (SI), Y12, Y8
	VMASKMOVPS (R8), Y12, Y9
	VMASKMOVPS (DI), Y12, Y10
	VFMADD231PS Y10, Y8, Y0
	VFMADD231PS Y10, Y9, Y4
	VMASKMOVPS (R10), Y12, Y11
	VFMADD231PS Y11, Y8, Y1
	VFMADD231PS Y11, Y9, Y5
	VMASKMOVPS (R11), Y12, Y10
	VFMADD231PS Y10, Y8, Y2
	VFMADD231PS Y10, Y9, Y6
	VMASKMOVPS (R12), Y12, Y11
	VFMADD231PS Y11, Y8, Y3
	VFMADD231PS Y11, Y9, Y7

dtReduce:
	MOVQ out+40(FP), DX
	HSUM(Y0, X0, X8)
	HSUM(Y1, X1, X9)
	HSUM(Y2, X2, X10)
	HSUM(Y3, X3, X11)
	HSUM(Y4, X4, X8)
	HSUM(Y5, X5, X9)
	HSUM(Y6, X6, X10)
	HSUM(Y7, X7, X11)
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
