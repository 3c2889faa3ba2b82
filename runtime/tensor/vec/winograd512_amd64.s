//go:build amd64 && !purego

#include "textflag.h"

// Winograd F(2×2, 3×3) transforms of one row of tiles (see winograd.go),
// eight tiles per pass in the low lanes of the registers, the last pass
// under a mask (masked-off lanes neither load nor store). The adds and
// subtracts are those of winoIn23Go and winoOut23Go, in the same order.

// Lane indices: the even and odd of sixteen values, and two rows of
// eight interleaved.
DATA winoEven<>+0(SB)/4, $0
DATA winoEven<>+4(SB)/4, $2
DATA winoEven<>+8(SB)/4, $4
DATA winoEven<>+12(SB)/4, $6
DATA winoEven<>+16(SB)/4, $8
DATA winoEven<>+20(SB)/4, $10
DATA winoEven<>+24(SB)/4, $12
DATA winoEven<>+28(SB)/4, $14
DATA winoEven<>+32(SB)/8, $0
DATA winoEven<>+40(SB)/8, $0
DATA winoEven<>+48(SB)/8, $0
DATA winoEven<>+56(SB)/8, $0
GLOBL winoEven<>(SB), RODATA|NOPTR, $64

DATA winoOdd<>+0(SB)/4, $1
DATA winoOdd<>+4(SB)/4, $3
DATA winoOdd<>+8(SB)/4, $5
DATA winoOdd<>+12(SB)/4, $7
DATA winoOdd<>+16(SB)/4, $9
DATA winoOdd<>+20(SB)/4, $11
DATA winoOdd<>+24(SB)/4, $13
DATA winoOdd<>+28(SB)/4, $15
DATA winoOdd<>+32(SB)/8, $0
DATA winoOdd<>+40(SB)/8, $0
DATA winoOdd<>+48(SB)/8, $0
DATA winoOdd<>+56(SB)/8, $0
GLOBL winoOdd<>(SB), RODATA|NOPTR, $64

DATA winoZip<>+0(SB)/4, $0
DATA winoZip<>+4(SB)/4, $16
DATA winoZip<>+8(SB)/4, $1
DATA winoZip<>+12(SB)/4, $17
DATA winoZip<>+16(SB)/4, $2
DATA winoZip<>+20(SB)/4, $18
DATA winoZip<>+24(SB)/4, $3
DATA winoZip<>+28(SB)/4, $19
DATA winoZip<>+32(SB)/4, $4
DATA winoZip<>+36(SB)/4, $20
DATA winoZip<>+40(SB)/4, $5
DATA winoZip<>+44(SB)/4, $21
DATA winoZip<>+48(SB)/4, $6
DATA winoZip<>+52(SB)/4, $22
DATA winoZip<>+56(SB)/4, $7
DATA winoZip<>+60(SB)/4, $23
GLOBL winoZip<>(SB), RODATA|NOPTR, $64

// WINOROW loads input line (R10) and splits it into d0..d3: columns 2t,
// 2t+1, 2t+2 and 2t+3 of the pass's tiles.
#define WINOROW(d0, d1, d2, d3) \
	VMOVUPS.Z (R10), K1, Z16 \
	VMOVUPS.Z 8(R10), K1, Z17 \
	VPERMPS Z16, Z30, d0 \
	VPERMPS Z16, Z31, d1 \
	VPERMPS Z17, Z30, d2 \
	VPERMPS Z17, Z31, d3 \
	ADDQ R8, R10

// WINOBT applies Bᵀ to one column (d0..d3 of lines 0..3) in place.
#define WINOBT(d0, d1, d2, d3) \
	VSUBPS d2, d0, d0 \
	VADDPS d2, d1, Z16 \
	VSUBPS d1, d2, d2 \
	VSUBPS d3, d1, d3 \
	VMOVAPS Z16, d1

// WINOB applies B to one row (t0..t3) and stores the four results to
// lines (R11), (R11+R9), ... under K2.
#define WINOB(t0, t1, t2, t3) \
	VSUBPS t2, t0, Z16 \
	VADDPS t2, t1, Z17 \
	VSUBPS t1, t2, Z18 \
	VSUBPS t3, t1, Z19 \
	VMOVUPS Z16, K2, (R11) \
	ADDQ R9, R11 \
	VMOVUPS Z17, K2, (R11) \
	ADDQ R9, R11 \
	VMOVUPS Z18, K2, (R11) \
	ADDQ R9, R11 \
	VMOVUPS Z19, K2, (R11) \
	ADDQ R9, R11

// func winoIn23AVX512(src *float32, ld, rows, tiles int, dst *float32, ldd int)
TEXT ·winoIn23AVX512(SB), NOSPLIT, $0-48
	MOVQ src+0(FP), R12 // the tile row's first input line
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ rows+16(FP), BX
	MOVQ dst+32(FP), R13 // the tile row's first output column
	MOVQ ldd+40(FP), R9
	SHLQ $2, R9
	VMOVDQU32 winoEven<>(SB), Z30
	VMOVDQU32 winoOdd<>(SB), Z31
winoIn23Row:
	MOVQ R12, SI
	MOVQ R13, DI
	MOVQ tiles+24(FP), DX
winoIn23Loop:
	// K2: the pass's tiles; K1: their 2·tiles input columns.
	MOVQ DX, CX
	CMPQ CX, $8
	JLE  winoIn23Masks
	MOVQ $8, CX
winoIn23Masks:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K2
	MOVL $1, AX
	SHLL CX, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	MOVQ SI, R10
	WINOROW(Z0, Z1, Z2, Z3)
	WINOROW(Z4, Z5, Z6, Z7)
	WINOROW(Z8, Z9, Z10, Z11)
	WINOROW(Z12, Z13, Z14, Z15)
	WINOBT(Z0, Z4, Z8, Z12)
	WINOBT(Z1, Z5, Z9, Z13)
	WINOBT(Z2, Z6, Z10, Z14)
	WINOBT(Z3, Z7, Z11, Z15)
	MOVQ DI, R11
	WINOB(Z0, Z1, Z2, Z3)
	WINOB(Z4, Z5, Z6, Z7)
	WINOB(Z8, Z9, Z10, Z11)
	WINOB(Z12, Z13, Z14, Z15)
	ADDQ $64, SI
	ADDQ $32, DI
	SUBQ $8, DX
	JG   winoIn23Loop
	// The next tile row: two input lines down, tiles columns on.
	LEAQ (R12)(R8*2), R12
	MOVQ tiles+24(FP), AX
	LEAQ (R13)(AX*4), R13
	DECQ BX
	JG   winoIn23Row
	VZEROUPPER
	RET

// WINOLOAD4 loads four lines (R10, R10+R8, ...) of M under K2.
#define WINOLOAD4(m0, m1, m2, m3) \
	VMOVUPS.Z (R10), K2, m0 \
	ADDQ R8, R10 \
	VMOVUPS.Z (R10), K2, m1 \
	ADDQ R8, R10 \
	VMOVUPS.Z (R10), K2, m2 \
	ADDQ R8, R10 \
	VMOVUPS.Z (R10), K2, m3 \
	ADDQ R8, R10

// WINOAT applies Aᵀ to column b of M (m0..m3): s0 = m0+m1+m2, s1 = m1-m2-m3.
#define WINOAT(m0, m1, m2, m3, s0, s1) \
	VADDPS m1, m0, s0 \
	VADDPS m2, s0, s0 \
	VSUBPS m2, m1, s1 \
	VSUBPS m3, s1, s1

// WINOA applies A to one row (s0..s3), interleaves its two outputs into
// Z24 and adds the bias.
#define WINOA(s0, s1, s2, s3) \
	VADDPS s1, s0, Z24 \
	VADDPS s2, Z24, Z24 \
	VSUBPS s2, s1, Z25 \
	VSUBPS s3, Z25, Z25 \
	VPERMT2PS Z25, Z29, Z24 \
	VADDPS Z28, Z24, Z24

// func winoOut23AVX512(src *float32, lds, rows, tiles int, dst *float32, ldd, lines, cols int, bias float32, mode int)
TEXT ·winoOut23AVX512(SB), NOSPLIT, $16-80
	MOVQ src+0(FP), BX // the tile row's first input column
	MOVQ lds+8(FP), R8
	SHLQ $2, R8
	MOVQ rows+16(FP), AX
	MOVQ AX, 8(SP) // tile rows left
	MOVQ dst+32(FP), AX
	MOVQ AX, 0(SP) // the tile row's first output line
	MOVQ ldd+40(FP), R9
	SHLQ $2, R9
	MOVQ lines+48(FP), R12 // output lines left
	VBROADCASTSS bias+64(FP), Z28
	MOVQ mode+72(FP), R14
	VMOVDQU32 winoZip<>(SB), Z29
	VXORPS Z30, Z30, Z30
winoOut23Row:
	MOVQ BX, SI
	MOVQ 0(SP), DI
	MOVQ tiles+24(FP), DX
	MOVQ cols+56(FP), R13
winoOut23Loop:
	// K2: the pass's tiles; K3: their output columns.
	MOVQ DX, CX
	CMPQ CX, $8
	JLE  winoOut23TileMask
	MOVQ $8, CX
winoOut23TileMask:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K2
	MOVQ R13, CX
	CMPQ CX, $16
	JLE  winoOut23ColMask
	MOVQ $16, CX
winoOut23ColMask:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K3
	MOVQ SI, R10
	WINOLOAD4(Z0, Z1, Z2, Z3)
	WINOLOAD4(Z4, Z5, Z6, Z7)
	WINOLOAD4(Z8, Z9, Z10, Z11)
	WINOLOAD4(Z12, Z13, Z14, Z15)
	WINOAT(Z0, Z4, Z8, Z12, Z16, Z20)
	WINOAT(Z1, Z5, Z9, Z13, Z17, Z21)
	WINOAT(Z2, Z6, Z10, Z14, Z18, Z22)
	WINOAT(Z3, Z7, Z11, Z15, Z19, Z23)
	MOVQ DI, R11
	WINOA(Z16, Z17, Z18, Z19)
	CALL winoOut23Store<>(SB)
	CMPQ R12, $2
	JL   winoOut23Next
	ADDQ R9, R11
	WINOA(Z20, Z21, Z22, Z23)
	CALL winoOut23Store<>(SB)
winoOut23Next:
	ADDQ $32, SI
	ADDQ $64, DI
	SUBQ $16, R13
	SUBQ $8, DX
	JG   winoOut23Loop
	// The next tile row: tiles columns on, two output lines down.
	MOVQ tiles+24(FP), AX
	LEAQ (BX)(AX*4), BX
	MOVQ 0(SP), AX
	LEAQ (AX)(R9*2), AX
	MOVQ AX, 0(SP)
	SUBQ $2, R12
	DECQ 8(SP)
	JG   winoOut23Row
	VZEROUPPER
	RET

// winoOut23Store writes Z24 to (R11) under K3 as mode R14 says.
TEXT winoOut23Store<>(SB), NOSPLIT|NOFRAME, $0-0
	CMPQ R14, $1
	JEQ  winoStoreReLU
	JGT  winoStoreAdd
	VMOVUPS Z24, K3, (R11)
	RET
winoStoreReLU:
	VMAXPS Z30, Z24, Z24
	VMOVUPS Z24, K3, (R11)
	RET
winoStoreAdd:
	VMOVUPS.Z (R11), K3, Z25
	VADDPS Z24, Z25, Z25
	VMOVUPS Z25, K3, (R11)
	RET

// WINOAROW stores the four gradients of one row (s0, s1) of A·dY·Aᵀ to
// lines (R11), (R11+R9), ... under K2: s0, s0+s1, s0−s1, 0−s1.
#define WINOAROW(s0, s1) \
	VADDPS s1, s0, Z16 \
	VSUBPS s1, s0, Z17 \
	VSUBPS s1, Z30, Z18 \
	VMOVUPS s0, K2, (R11) \
	ADDQ R9, R11 \
	VMOVUPS Z16, K2, (R11) \
	ADDQ R9, R11 \
	VMOVUPS Z17, K2, (R11) \
	ADDQ R9, R11 \
	VMOVUPS Z18, K2, (R11) \
	ADDQ R9, R11

// func winoGrad23AVX512(src *float32, ld, rows, tiles int, dst *float32, ldd int)
TEXT ·winoGrad23AVX512(SB), NOSPLIT, $0-48
	MOVQ src+0(FP), R12
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ rows+16(FP), BX
	MOVQ dst+32(FP), R13
	MOVQ ldd+40(FP), R9
	SHLQ $2, R9
	VMOVDQU32 winoEven<>(SB), Z28
	VMOVDQU32 winoOdd<>(SB), Z29
	VXORPS Z30, Z30, Z30
winoGrad23Row:
	MOVQ R12, SI
	MOVQ R13, DI
	MOVQ tiles+24(FP), DX
winoGrad23Loop:
	MOVQ DX, CX
	CMPQ CX, $8
	JLE  winoGrad23Masks
	MOVQ $8, CX
winoGrad23Masks:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K2
	MOVL $1, AX
	SHLL CX, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z16
	VMOVUPS.Z (SI)(R8*1), K1, Z17
	VPERMPS Z16, Z28, Z0 // y00
	VPERMPS Z16, Z29, Z1 // y01
	VPERMPS Z17, Z28, Z2 // y10
	VPERMPS Z17, Z29, Z3 // y11
	VADDPS Z2, Z0, Z4    // s10
	VADDPS Z3, Z1, Z5    // s11
	VSUBPS Z2, Z0, Z6    // s20
	VSUBPS Z3, Z1, Z7    // s21
	VSUBPS Z2, Z30, Z8   // s30
	VSUBPS Z3, Z30, Z9   // s31
	MOVQ DI, R11
	WINOAROW(Z0, Z1)
	WINOAROW(Z4, Z5)
	WINOAROW(Z6, Z7)
	WINOAROW(Z8, Z9)
	ADDQ $64, SI
	ADDQ $32, DI
	SUBQ $8, DX
	JG   winoGrad23Loop
	LEAQ (R12)(R8*2), R12
	MOVQ tiles+24(FP), AX
	LEAQ (R13)(AX*4), R13
	DECQ BX
	JG   winoGrad23Row
	VZEROUPPER
	RET

// func padPlanesAVX512(dst *float32, ph, pw int, src *float32, planes, h, w int)
// Each row: 16 values at a time, the last under K1 (w mod 16 lanes, or 16).
TEXT ·padPlanesAVX512(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ pw+16(FP), R8
	SHLQ $2, R8
	MOVQ ph+8(FP), R9
	IMULQ R8, R9 // bytes per padded plane
	MOVQ src+24(FP), SI
	MOVQ planes+32(FP), DX
	MOVQ w+48(FP), R11
	MOVQ R11, CX
	ANDQ $15, CX
	JNZ  padTail
	MOVQ $16, CX
padTail:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	MOVQ CX, R13
	SHLQ $2, R13 // bytes of the last chunk
padPlane:
	LEAQ 4(DI)(R8*1), R10 // row 1, column 1
	MOVQ h+40(FP), BX
padRow:
	MOVQ R10, R12
	MOVQ R11, CX
padChunk:
	CMPQ CX, $16
	JLE  padLast
	VMOVUPS (SI), Z0
	VMOVUPS Z0, (R12)
	ADDQ $64, SI
	ADDQ $64, R12
	SUBQ $16, CX
	JMP  padChunk
padLast:
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS Z0, K1, (R12)
	ADDQ R13, SI
	ADDQ R8, R10
	DECQ BX
	JG   padRow
	ADDQ R9, DI
	DECQ DX
	JG   padPlane
	VZEROUPPER
	RET
