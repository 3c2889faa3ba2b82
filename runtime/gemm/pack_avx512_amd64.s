//go:build amd64 && !purego

#include "textflag.h"

// func scaleRuns16(dst *float32, dstStride int, src *float32, lda, rows, lanes, cols int, alpha float32)
// For p < cols: dst[p*dstStride+i] = alpha*src[p*lda+i] for i < rows, +0 for
// rows <= i < lanes (rows <= lanes <= 16). The loads are masked to rows, so
// nothing past a run is read; the multiply zeroes the lanes past rows (a
// zero times a negative alpha would be -0, and the Go loop stores +0); the
// stores are masked to lanes. Four runs per iteration.
TEXT ·scaleRuns16(SB), NOSPLIT, $0-60
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ lda+24(FP), R9
	SHLQ $2, R9
	MOVQ rows+32(FP), CX
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K1
	MOVQ lanes+40(FP), CX
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K2
	MOVQ cols+48(FP), DX
	VBROADCASTSS alpha+56(FP), Z31

loop4:
	CMPQ DX, $4
	JLT  loop1
	LEAQ (SI)(R9*2), R10
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (SI)(R9*1), K1, Z1
	VMOVUPS.Z (R10), K1, Z2
	VMOVUPS.Z (R10)(R9*1), K1, Z3
	VMULPS.Z  Z31, Z0, K1, Z0
	VMULPS.Z  Z31, Z1, K1, Z1
	VMULPS.Z  Z31, Z2, K1, Z2
	VMULPS.Z  Z31, Z3, K1, Z3
	LEAQ (DI)(R8*2), R11
	VMOVUPS Z0, K2, (DI)
	VMOVUPS Z1, K2, (DI)(R8*1)
	VMOVUPS Z2, K2, (R11)
	VMOVUPS Z3, K2, (R11)(R8*1)
	LEAQ (SI)(R9*4), SI
	LEAQ (DI)(R8*4), DI
	SUBQ $4, DX
	JMP  loop4

loop1:
	TESTQ DX, DX
	JEQ   done
	VMOVUPS.Z (SI), K1, Z0
	VMULPS.Z  Z31, Z0, K1, Z0
	VMOVUPS   Z0, K2, (DI)
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ DX
	JMP  loop1

done:
	VZEROUPPER
	RET
