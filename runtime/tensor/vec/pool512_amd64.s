//go:build amd64 && !purego

#include "textflag.h"

// 2×2 stride-2 max pooling, 16 outputs (32 input columns of two rows) at a
// time. Permutations split each row into its even and odd columns, so the
// four candidates of 16 windows sit in four registers and are compared in
// the scalar code's order, lane by lane.

// Indices for VPERMT2PS over a 32-float row: its even and odd columns.
DATA mpEven<>+0(SB)/4, $0
DATA mpEven<>+4(SB)/4, $2
DATA mpEven<>+8(SB)/4, $4
DATA mpEven<>+12(SB)/4, $6
DATA mpEven<>+16(SB)/4, $8
DATA mpEven<>+20(SB)/4, $10
DATA mpEven<>+24(SB)/4, $12
DATA mpEven<>+28(SB)/4, $14
DATA mpEven<>+32(SB)/4, $16
DATA mpEven<>+36(SB)/4, $18
DATA mpEven<>+40(SB)/4, $20
DATA mpEven<>+44(SB)/4, $22
DATA mpEven<>+48(SB)/4, $24
DATA mpEven<>+52(SB)/4, $26
DATA mpEven<>+56(SB)/4, $28
DATA mpEven<>+60(SB)/4, $30
GLOBL mpEven<>(SB), RODATA|NOPTR, $64

DATA mpOdd<>+0(SB)/4, $1
DATA mpOdd<>+4(SB)/4, $3
DATA mpOdd<>+8(SB)/4, $5
DATA mpOdd<>+12(SB)/4, $7
DATA mpOdd<>+16(SB)/4, $9
DATA mpOdd<>+20(SB)/4, $11
DATA mpOdd<>+24(SB)/4, $13
DATA mpOdd<>+28(SB)/4, $15
DATA mpOdd<>+32(SB)/4, $17
DATA mpOdd<>+36(SB)/4, $19
DATA mpOdd<>+40(SB)/4, $21
DATA mpOdd<>+44(SB)/4, $23
DATA mpOdd<>+48(SB)/4, $25
DATA mpOdd<>+52(SB)/4, $27
DATA mpOdd<>+56(SB)/4, $29
DATA mpOdd<>+60(SB)/4, $31
GLOBL mpOdd<>(SB), RODATA|NOPTR, $64

// Indices for VPERMPS/VPERMD: each of lanes 0-7 (lo) or 8-15 (hi) twice.
DATA mpDupLo<>+0(SB)/4, $0
DATA mpDupLo<>+4(SB)/4, $0
DATA mpDupLo<>+8(SB)/4, $1
DATA mpDupLo<>+12(SB)/4, $1
DATA mpDupLo<>+16(SB)/4, $2
DATA mpDupLo<>+20(SB)/4, $2
DATA mpDupLo<>+24(SB)/4, $3
DATA mpDupLo<>+28(SB)/4, $3
DATA mpDupLo<>+32(SB)/4, $4
DATA mpDupLo<>+36(SB)/4, $4
DATA mpDupLo<>+40(SB)/4, $5
DATA mpDupLo<>+44(SB)/4, $5
DATA mpDupLo<>+48(SB)/4, $6
DATA mpDupLo<>+52(SB)/4, $6
DATA mpDupLo<>+56(SB)/4, $7
DATA mpDupLo<>+60(SB)/4, $7
GLOBL mpDupLo<>(SB), RODATA|NOPTR, $64

DATA mpDupHi<>+0(SB)/4, $8
DATA mpDupHi<>+4(SB)/4, $8
DATA mpDupHi<>+8(SB)/4, $9
DATA mpDupHi<>+12(SB)/4, $9
DATA mpDupHi<>+16(SB)/4, $10
DATA mpDupHi<>+20(SB)/4, $10
DATA mpDupHi<>+24(SB)/4, $11
DATA mpDupHi<>+28(SB)/4, $11
DATA mpDupHi<>+32(SB)/4, $12
DATA mpDupHi<>+36(SB)/4, $12
DATA mpDupHi<>+40(SB)/4, $13
DATA mpDupHi<>+44(SB)/4, $13
DATA mpDupHi<>+48(SB)/4, $14
DATA mpDupHi<>+52(SB)/4, $14
DATA mpDupHi<>+56(SB)/4, $15
DATA mpDupHi<>+60(SB)/4, $15
GLOBL mpDupHi<>(SB), RODATA|NOPTR, $64

// The code of each column of the first row (0, 1, 0, 1, ...); the second
// row's are these plus 2.
DATA mpCol<>+0(SB)/4, $0
DATA mpCol<>+4(SB)/4, $1
DATA mpCol<>+8(SB)/4, $0
DATA mpCol<>+12(SB)/4, $1
DATA mpCol<>+16(SB)/4, $0
DATA mpCol<>+20(SB)/4, $1
DATA mpCol<>+24(SB)/4, $0
DATA mpCol<>+28(SB)/4, $1
DATA mpCol<>+32(SB)/4, $0
DATA mpCol<>+36(SB)/4, $1
DATA mpCol<>+40(SB)/4, $0
DATA mpCol<>+44(SB)/4, $1
DATA mpCol<>+48(SB)/4, $0
DATA mpCol<>+52(SB)/4, $1
DATA mpCol<>+56(SB)/4, $0
DATA mpCol<>+60(SB)/4, $1
GLOBL mpCol<>(SB), RODATA|NOPTR, $64

// TAILMASKS sets, for m = CX windows (1 to 15), K5 to the low m bits and
// K3, K4 to the low and high halves of the low 2m bits.
#define TAILMASKS \
	MOVL $1, AX \
	SHLL CX, AX \
	DECL AX \
	KMOVW AX, K5 \
	MOVQ CX, BX \
	ADDQ BX, BX \
	MOVQ BX, CX \
	MOVL $1, AX \
	SHLL CX, AX \
	DECL AX \
	KMOVW AX, K3 \
	SHRL $16, AX \
	KMOVW AX, K4

// CANDIDATE replaces the running maximum Z5 (and its code Z7) by the lanes
// of reg that are greater or NaN, as the scalar b > v || b != b.
#define CANDIDATE(reg, codereg) \
	VCMPPS $0x1e, Z5, reg, K1 \
	VCMPPS $3, reg, reg, K2 \
	KORW K1, K2, K1 \
	VMOVAPS reg, K1, Z5 \
	VMOVDQA32 codereg, K1, Z7

// func maxPool2AVX512(out *float32, code *uint8, r0, r1 *float32, n int)
TEXT ·maxPool2AVX512(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ code+8(FP), R8
	MOVQ r0+16(FP), SI
	MOVQ r1+24(FP), DX
	MOVQ n+32(FP), CX
	VMOVDQU32 mpEven<>(SB), Z30
	VMOVDQU32 mpOdd<>(SB), Z31
	MOVL $1, AX
	VPBROADCASTD AX, Z27
	MOVL $2, AX
	VPBROADCASTD AX, Z28
	MOVL $3, AX
	VPBROADCASTD AX, Z29
mp16:
	CMPQ CX, $16
	JL   mpdone
	VMOVUPS (SI), Z1
	VMOVUPS 64(SI), Z2
	VMOVUPS (DX), Z3
	VMOVUPS 64(DX), Z4
	VMOVAPS Z1, Z5
	VPERMT2PS Z2, Z30, Z5 // r0's even columns: the running maximum
	VPERMT2PS Z2, Z31, Z1 // r0's odd columns
	VMOVAPS Z3, Z6
	VPERMT2PS Z4, Z30, Z6 // r1's even columns
	VPERMT2PS Z4, Z31, Z3 // r1's odd columns
	VPXORD Z7, Z7, Z7
	CANDIDATE(Z1, Z27)
	CANDIDATE(Z6, Z28)
	CANDIDATE(Z3, Z29)
	VMOVUPS Z5, (DI)
	TESTQ R8, R8
	JZ    mpnext
	VPMOVDB Z7, (R8)
	ADDQ $16, R8
mpnext:
	ADDQ $64, DI
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $16, CX
	JMP  mp16
mpdone:
	TESTQ CX, CX
	JZ    mpret
	// The last m < 16 windows: 2m columns of each row under K3 (the first
	// 16) and K4 (the rest), masked-off lanes read as zero and not stored.
	TAILMASKS
	VMOVUPS.Z (SI), K3, Z1
	VMOVUPS.Z 64(SI), K4, Z2
	VMOVUPS.Z (DX), K3, Z3
	VMOVUPS.Z 64(DX), K4, Z4
	VMOVAPS Z1, Z5
	VPERMT2PS Z2, Z30, Z5
	VPERMT2PS Z2, Z31, Z1
	VMOVAPS Z3, Z6
	VPERMT2PS Z4, Z30, Z6
	VPERMT2PS Z4, Z31, Z3
	VPXORD Z7, Z7, Z7
	CANDIDATE(Z1, Z27)
	CANDIDATE(Z6, Z28)
	CANDIDATE(Z3, Z29)
	VMOVUPS Z5, K5, (DI)
	TESTQ R8, R8
	JZ    mpret
	VPMOVDB Z7, K5, (R8)
mpret:
	VZEROUPPER
	RET

// func maxPool2GradAVX512(g0, g1, dy *float32, code *uint8, n int, assign bool)
// Each dy and code is duplicated into the two columns of its window; a
// column takes dy where its code matches (stored, zero elsewhere, with
// assign; added under the mask otherwise, leaving the rest untouched).
TEXT ·maxPool2GradAVX512(SB), NOSPLIT, $0-41
	MOVQ g0+0(FP), DI
	MOVQ g1+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ code+24(FP), R8
	MOVQ n+32(FP), CX
	MOVBLZX assign+40(FP), R9
	VMOVDQU32 mpDupLo<>(SB), Z28
	VMOVDQU32 mpDupHi<>(SB), Z29
	VMOVDQU32 mpCol<>(SB), Z30
	MOVL $2, AX
	VPBROADCASTD AX, Z31
	VPADDD Z31, Z30, Z31 // the second row's codes: 2, 3, 2, 3, ...
mg16:
	CMPQ CX, $16
	JL   mgdone
	VMOVUPS (DX), Z1
	VPMOVZXBD (R8), Z2
	VPERMPS Z1, Z28, Z3 // dy of columns 0-15
	VPERMPS Z1, Z29, Z4 // dy of columns 16-31
	VPERMD Z2, Z28, Z5  // their codes
	VPERMD Z2, Z29, Z6
	VPCMPEQD Z30, Z5, K1
	VPCMPEQD Z30, Z6, K2
	VPCMPEQD Z31, Z5, K3
	VPCMPEQD Z31, Z6, K4
	TESTQ R9, R9
	JZ    mgadd
	VMOVAPS.Z Z3, K1, Z7
	VMOVAPS.Z Z4, K2, Z8
	VMOVAPS.Z Z3, K3, Z9
	VMOVAPS.Z Z4, K4, Z10
	JMP  mgstore
mgadd:
	VMOVUPS (DI), Z7
	VMOVUPS 64(DI), Z8
	VMOVUPS (SI), Z9
	VMOVUPS 64(SI), Z10
	VADDPS Z3, Z7, K1, Z7
	VADDPS Z4, Z8, K2, Z8
	VADDPS Z3, Z9, K3, Z9
	VADDPS Z4, Z10, K4, Z10
mgstore:
	VMOVUPS Z7, (DI)
	VMOVUPS Z8, 64(DI)
	VMOVUPS Z9, (SI)
	VMOVUPS Z10, 64(SI)
	ADDQ $128, DI
	ADDQ $128, SI
	ADDQ $64, DX
	ADDQ $16, R8
	SUBQ $16, CX
	JMP  mg16
mgdone:
	TESTQ CX, CX
	JZ    mgret
	TAILMASKS
	VMOVUPS.Z (DX), K5, Z1
	VPMOVZXBD.Z (R8), K5, Z2
	VPERMPS Z1, Z28, Z3
	VPERMPS Z1, Z29, Z4
	VPERMD Z2, Z28, Z5
	VPERMD Z2, Z29, Z6
	VPCMPEQD Z30, Z5, K1
	VPCMPEQD Z30, Z6, K2
	VPCMPEQD Z31, Z5, K6
	VPCMPEQD Z31, Z6, K7
	TESTQ R9, R9
	JZ    mgtailadd
	VMOVAPS.Z Z3, K1, Z7
	VMOVAPS.Z Z4, K2, Z8
	VMOVAPS.Z Z3, K6, Z9
	VMOVAPS.Z Z4, K7, Z10
	JMP  mgtailstore
mgtailadd:
	VMOVUPS.Z (DI), K3, Z7
	VMOVUPS.Z 64(DI), K4, Z8
	VMOVUPS.Z (SI), K3, Z9
	VMOVUPS.Z 64(SI), K4, Z10
	VADDPS Z3, Z7, K1, Z7
	VADDPS Z4, Z8, K2, Z8
	VADDPS Z3, Z9, K6, Z9
	VADDPS Z4, Z10, K7, Z10
mgtailstore:
	VMOVUPS Z7, K3, (DI)
	VMOVUPS Z8, K4, 64(DI)
	VMOVUPS Z9, K3, (SI)
	VMOVUPS Z10, K4, 64(SI)
mgret:
	VZEROUPPER
	RET
