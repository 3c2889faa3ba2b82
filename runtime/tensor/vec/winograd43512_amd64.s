//go:build amd64 && !purego

#include "textflag.h"

// Winograd F(4×4, 3×3) transforms, sixteen tiles a pass (see
// winograd43.go and wino43Plan): one tile per lane, read (and, for the
// output, written) through gathers and scatters at the lane offsets idx
// under the plan's masks (a lane whose line or column lies outside the
// plane reads zero and writes nothing), the columns' transforms first into
// the frame, then the rows'. The arithmetic is that of winoBT6, winoAT6
// and winoA4, in the same order.

// BT6 is winoBT6: Z0..Z5 to Z6..Z11 (Z28 = 4, Z29 = 5; Z12, Z13 scratch).
#define BT6 \
	VMULPS Z28, Z2, Z12 \
	VSUBPS Z12, Z4, Z12 \
	VMULPS Z28, Z1, Z13 \
	VSUBPS Z13, Z3, Z13 \
	VADDPS Z13, Z12, Z7 \
	VSUBPS Z13, Z12, Z8 \
	VSUBPS Z2, Z4, Z12 \
	VSUBPS Z1, Z3, Z13 \
	VADDPS Z13, Z13, Z13 \
	VADDPS Z13, Z12, Z9 \
	VSUBPS Z13, Z12, Z10 \
	VMULPS Z28, Z0, Z12 \
	VMULPS Z29, Z2, Z13 \
	VSUBPS Z13, Z12, Z12 \
	VADDPS Z4, Z12, Z6 \
	VMULPS Z28, Z1, Z12 \
	VMULPS Z29, Z3, Z13 \
	VSUBPS Z13, Z12, Z12 \
	VADDPS Z5, Z12, Z11

// A4 is winoA4: Z0..Z3 to Z6..Z11 (Z27 = 2, Z28 = 4, Z26 = 8; Z12..Z14
// scratch).
#define A4 \
	VADDPS Z2, Z0, Z12 \
	VADDPS Z3, Z1, Z13 \
	VADDPS Z13, Z12, Z7 \
	VSUBPS Z13, Z12, Z8 \
	VMULPS Z28, Z2, Z12 \
	VADDPS Z12, Z0, Z12 \
	VMULPS Z27, Z1, Z13 \
	VMULPS Z26, Z3, Z14 \
	VADDPS Z14, Z13, Z13 \
	VADDPS Z13, Z12, Z9 \
	VSUBPS Z13, Z12, Z10 \
	VMOVAPS Z0, Z6 \
	VMOVAPS Z3, Z11

// AT6 is winoAT6: Z0..Z5 to Z6..Z9 (Z28 = 4, Z26 = 8; Z12..Z15 scratch).
#define AT6 \
	VADDPS Z2, Z1, Z12 \
	VSUBPS Z2, Z1, Z13 \
	VADDPS Z4, Z3, Z14 \
	VSUBPS Z4, Z3, Z15 \
	VADDPS Z12, Z0, Z6 \
	VADDPS Z14, Z6, Z6 \
	VADDPS Z15, Z15, Z7 \
	VADDPS Z7, Z13, Z7 \
	VMULPS Z28, Z14, Z8 \
	VADDPS Z8, Z12, Z8 \
	VMULPS Z26, Z15, Z9 \
	VADDPS Z9, Z13, Z9 \
	VADDPS Z5, Z9, Z9

// GATHERM loads the lanes' values at (R12) + idx (Z31) into z, zero where
// line mask (R14+roff) ∧ column mask K5 is clear, and moves R12 a line
// down (R8).
#define GATHERM(z, roff) \
	KMOVW roff(R14), K4 \
	KANDW K5, K4, K1 \
	VMOVAPS Z30, z \
	VGATHERDPS (R12)(Z31*4), K1, z \
	ADDQ R8, R12

#define CONSTS \
	MOVL $0x40800000, AX \
	VPBROADCASTD AX, Z28 \
	MOVL $0x40a00000, AX \
	VPBROADCASTD AX, Z29 \
	MOVL $0x40000000, AX \
	VPBROADCASTD AX, Z27 \
	MOVL $0x41000000, AX \
	VPBROADCASTD AX, Z26 \
	VXORPS Z30, Z30, Z30

// STORE6 stores Z6..Z11 to lines (R12), (R12+R9), ... under K2.
#define STORE6 \
	VMOVUPS Z6, K2, (R12) \
	ADDQ R9, R12 \
	VMOVUPS Z7, K2, (R12) \
	ADDQ R9, R12 \
	VMOVUPS Z8, K2, (R12) \
	ADDQ R9, R12 \
	VMOVUPS Z9, K2, (R12) \
	ADDQ R9, R12 \
	VMOVUPS Z10, K2, (R12) \
	ADDQ R9, R12 \
	VMOVUPS Z11, K2, (R12) \
	ADDQ R9, R12

// func winoIn43AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)
TEXT ·winoIn43AVX512(SB), 0, $2312-56
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	SUBQ R8, SI // the padded plane's origin, one line and column before the plane
	SUBQ $4, SI
	MOVQ idx+16(FP), R13
	MOVQ masks+24(FP), R14
	MOVQ passes+32(FP), AX
	MOVQ AX, 2304(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	CONSTS
in43Pass:
	VMOVDQU32 (R13), Z31
	KMOVW 24(R14), K2
	// Columns j = 0..5: T[a][j] = (Bᵀ d)_aj at tmp + (6a+j)·64.
	MOVQ SI, R10
	MOVQ BX, R11
	XORQ CX, CX
in43Col:
	KMOVW 12(R14)(CX*1), K5
	MOVQ R10, R12
	GATHERM(Z0, 0)
	GATHERM(Z1, 2)
	GATHERM(Z2, 4)
	GATHERM(Z3, 6)
	GATHERM(Z4, 8)
	GATHERM(Z5, 10)
	BT6
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 384(R11)
	VMOVUPS Z8, 768(R11)
	VMOVUPS Z9, 1152(R11)
	VMOVUPS Z10, 1536(R11)
	VMOVUPS Z11, 1920(R11)
	ADDQ $4, R10
	ADDQ $64, R11
	ADDQ $2, CX
	CMPQ CX, $12
	JLT  in43Col
	// Rows a = 0..5: output lines 6a..6a+5.
	MOVQ BX, R11
	MOVQ DI, R12
	MOVQ $6, CX
in43Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	VMOVUPS 320(R11), Z5
	BT6
	STORE6
	ADDQ $384, R11
	DECQ CX
	JNZ  in43Row
	ADDQ $64, R13
	ADDQ $32, R14
	ADDQ $64, DI
	DECQ 2304(SP)
	JNZ  in43Pass
	VZEROUPPER
	RET

// func winoGrad43AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)
TEXT ·winoGrad43AVX512(SB), 0, $1544-56
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), R13
	MOVQ masks+24(FP), R14
	MOVQ passes+32(FP), AX
	MOVQ AX, 1536(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	CONSTS
grad43Pass:
	VMOVDQU32 (R13), Z31
	KMOVW 24(R14), K2
	// Columns j = 0..3: T[a][j] = (A dY)_aj at tmp + (4a+j)·64.
	MOVQ SI, R10
	MOVQ BX, R11
	XORQ CX, CX
grad43Col:
	KMOVW 12(R14)(CX*1), K5
	MOVQ R10, R12
	GATHERM(Z0, 0)
	GATHERM(Z1, 2)
	GATHERM(Z2, 4)
	GATHERM(Z3, 6)
	A4
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 256(R11)
	VMOVUPS Z8, 512(R11)
	VMOVUPS Z9, 768(R11)
	VMOVUPS Z10, 1024(R11)
	VMOVUPS Z11, 1280(R11)
	ADDQ $4, R10
	ADDQ $64, R11
	ADDQ $2, CX
	CMPQ CX, $8
	JLT  grad43Col
	// Rows a = 0..5: output lines 6a..6a+5.
	MOVQ BX, R11
	MOVQ DI, R12
	MOVQ $6, CX
grad43Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	A4
	STORE6
	ADDQ $256, R11
	DECQ CX
	JNZ  grad43Row
	ADDQ $64, R13
	ADDQ $32, R14
	ADDQ $64, DI
	DECQ 1536(SP)
	JNZ  grad43Pass
	VZEROUPPER
	RET

// OUTJ writes output column j of row i (o: the value before the bias) at
// (R12) + idx under line mask (R13) ∧ column mask off(AX) through
// winoOut43Scatter, then moves R12 a column right.
#define OUTJ(o, off) \
	VADDPS Z25, o, Z16 \
	KMOVW (R13), K4 \
	KMOVW off(AX), K5 \
	KANDW K5, K4, K1 \
	CALL winoOut43Scatter<>(SB) \
	ADDQ $4, R12

// func winoOut43AVX512(src *float32, lds int, idx *int32, masks *uint16, passes int, dst *float32, ldd int, bias float32, mode int)
TEXT ·winoOut43AVX512(SB), 0, $1560-72
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), DX
	MOVQ masks+24(FP), AX
	MOVQ AX, 1544(SP)
	MOVQ passes+32(FP), AX
	MOVQ AX, 1536(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	VBROADCASTSS bias+56(FP), Z25
	MOVQ mode+64(FP), R14
	CONSTS
	MOVQ R8, R10
	IMULQ $6, R10
out43Pass:
	VMOVDQU32 (DX), Z31
	MOVQ 1544(SP), R13
	KMOVW 24(R13), K2
	// Columns b = 0..5: S[i][b] = (Aᵀ M)_ib at tmp + (6i+b)·64, from
	// lines b, 6+b, ..., 30+b (6·lds apart).
	MOVQ SI, R11
	MOVQ BX, R13
	MOVQ $6, CX
out43Col:
	MOVQ R11, R12
	VMOVUPS.Z (R12), K2, Z0
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z1
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z2
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z3
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z4
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z5
	AT6
	VMOVUPS Z6, (R13)
	VMOVUPS Z7, 384(R13)
	VMOVUPS Z8, 768(R13)
	VMOVUPS Z9, 1152(R13)
	ADDQ R8, R11
	ADDQ $64, R13
	DECQ CX
	JNZ  out43Col
	// Rows i = 0..3: output line i of each tile.
	MOVQ BX, R11
	MOVQ 1544(SP), R13
	LEAQ 12(R13), AX
	MOVQ DI, 1552(SP)
	MOVQ $4, CX
out43Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	VMOVUPS 320(R11), Z5
	AT6
	MOVQ DI, R12
	OUTJ(Z6, 0)
	OUTJ(Z7, 2)
	OUTJ(Z8, 4)
	OUTJ(Z9, 6)
	ADDQ R9, DI
	ADDQ $2, R13
	ADDQ $384, R11
	DECQ CX
	JNZ  out43Row
	MOVQ 1552(SP), DI
	ADDQ $64, DX
	ADDQ $32, 1544(SP)
	ADDQ $64, SI
	DECQ 1536(SP)
	JNZ  out43Pass
	VZEROUPPER
	RET

// winoOut43Scatter writes Z16 at (R12) + idx (Z31) under K1 as mode R14
// says: stored, stored through a ReLU (Z30 = 0), or added.
TEXT winoOut43Scatter<>(SB), NOSPLIT|NOFRAME, $0-0
	CMPQ R14, $1
	JEQ  out43ReLU
	JGT  out43Add
	VSCATTERDPS Z16, K1, (R12)(Z31*4)
	RET
out43ReLU:
	VMAXPS Z30, Z16, Z16
	VSCATTERDPS Z16, K1, (R12)(Z31*4)
	RET
out43Add:
	KMOVW K1, K3
	VXORPS Z17, Z17, Z17
	VGATHERDPS (R12)(Z31*4), K3, Z17
	VADDPS Z16, Z17, Z17
	VSCATTERDPS Z17, K1, (R12)(Z31*4)
	RET

// Lane indices for winoOut43Row4: output line 4r+i of a pass whose
// tiles are four to a row takes, in lane 4t+j, lane 4r+t of column j's
// result (j even: the first table, odd: the second, 16 on).
DATA wino43Rows<>+0(SB)/4, $0
DATA wino43Rows<>+4(SB)/4, $16
DATA wino43Rows<>+8(SB)/4, $0
DATA wino43Rows<>+12(SB)/4, $16
DATA wino43Rows<>+16(SB)/4, $1
DATA wino43Rows<>+20(SB)/4, $17
DATA wino43Rows<>+24(SB)/4, $1
DATA wino43Rows<>+28(SB)/4, $17
DATA wino43Rows<>+32(SB)/4, $2
DATA wino43Rows<>+36(SB)/4, $18
DATA wino43Rows<>+40(SB)/4, $2
DATA wino43Rows<>+44(SB)/4, $18
DATA wino43Rows<>+48(SB)/4, $3
DATA wino43Rows<>+52(SB)/4, $19
DATA wino43Rows<>+56(SB)/4, $3
DATA wino43Rows<>+60(SB)/4, $19
GLOBL wino43Rows<>(SB), RODATA|NOPTR, $64

// ROW4 writes output line (R12) from Z6..Z9 (columns j = 0..3 of the
// pass's tile row r = index vector idx's) under K7 as mode R14 says.
#define ROW4(idx) \
	VMOVAPS Z6, Z20 \
	VPERMT2PS Z7, idx, Z20 \
	VMOVAPS Z8, Z21 \
	VPERMT2PS Z9, idx, Z21 \
	VMOVAPS Z21, K6, Z20 \
	VADDPS Z25, Z20, Z20 \
	CALL winoOut43Line<>(SB)

// func winoOut43Row4AVX512(src *float32, lds, n int, dst *float32, ldd, lines int, bias float32, mode int, colMask int)
// WinogradOut43 for tiles four to a row (maps 13 to 16 wide): the lanes
// of a pass are four tile rows, and each output line is put together from
// the columns' results by two permutes and a blend, stored whole (no
// scatter).
TEXT ·winoOut43Row4AVX512(SB), 0, $1560-72
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), R8
	SHLQ $2, R8
	MOVQ n+16(FP), AX
	MOVQ AX, 1536(SP) // tiles left
	MOVQ dst+24(FP), DI
	MOVQ ldd+32(FP), R9
	SHLQ $2, R9
	MOVQ lines+40(FP), AX
	MOVQ AX, 1544(SP) // output lines left, from this pass's first
	LEAQ 0(SP), BX
	VBROADCASTSS bias+48(FP), Z25
	MOVQ mode+56(FP), R14
	MOVQ colMask+64(FP), AX
	KMOVW AX, K7
	MOVL $0xcccc, AX
	KMOVW AX, K6
	CONSTS
	VMOVDQU32 wino43Rows<>(SB), Z24
	MOVL $4, AX
	VPBROADCASTD AX, Z23
	VPADDD Z23, Z24, Z22 // tile row 1
	VPADDD Z23, Z22, Z19 // tile row 2
	VPADDD Z23, Z19, Z18 // tile row 3
	MOVQ R8, R10
	IMULQ $6, R10
row4Pass:
	// K2: the pass's tiles.
	MOVQ 1536(SP), CX
	CMPQ CX, $16
	JLE  row4Mask
	MOVQ $16, CX
row4Mask:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K2
	// Columns b = 0..5: S[i][b] at tmp + (6i+b)·64.
	MOVQ SI, R11
	MOVQ BX, R13
	MOVQ $6, CX
row4Col:
	MOVQ R11, R12
	VMOVUPS.Z (R12), K2, Z0
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z1
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z2
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z3
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z4
	ADDQ R10, R12
	VMOVUPS.Z (R12), K2, Z5
	AT6
	VMOVUPS Z6, (R13)
	VMOVUPS Z7, 384(R13)
	VMOVUPS Z8, 768(R13)
	VMOVUPS Z9, 1152(R13)
	ADDQ R8, R11
	ADDQ $64, R13
	DECQ CX
	JNZ  row4Col
	// Rows i = 0..3: output lines 4r+i of tile rows r = 0..3, while
	// there are lines left.
	MOVQ BX, R11
	XORQ CX, CX
row4Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	VMOVUPS 320(R11), Z5
	AT6
	MOVQ CX, AX
	IMULQ R9, AX
	LEAQ (DI)(AX*1), R12 // line i
	MOVQ R9, R13
	SHLQ $2, R13 // four lines
	MOVQ 1544(SP), DX
	CMPQ CX, DX
	JGE  row4Next
	ROW4(Z24)
	ADDQ $4, CX
	ADDQ R13, R12
	CMPQ CX, DX
	JGE  row4Back1
	ROW4(Z22)
	ADDQ $4, CX
	ADDQ R13, R12
	CMPQ CX, DX
	JGE  row4Back2
	ROW4(Z19)
	ADDQ $4, CX
	ADDQ R13, R12
	CMPQ CX, DX
	JGE  row4Back3
	ROW4(Z18)
	SUBQ $12, CX
	JMP  row4Next
row4Back1:
	SUBQ $4, CX
	JMP  row4Next
row4Back2:
	SUBQ $8, CX
	JMP  row4Next
row4Back3:
	SUBQ $12, CX
row4Next:
	ADDQ $384, R11
	INCQ CX
	CMPQ CX, $4
	JLT  row4Row
	// The next pass: sixteen tiles (columns) on, sixteen lines down.
	ADDQ $64, SI
	MOVQ R9, AX
	SHLQ $4, AX
	ADDQ AX, DI
	SUBQ $16, 1544(SP)
	SUBQ $16, 1536(SP)
	JG   row4Pass
	VZEROUPPER
	RET

// winoOut43Line writes Z20 to (R12) under K7 as mode R14 says: stored,
// stored through a ReLU (Z30 = 0), or added.
TEXT winoOut43Line<>(SB), NOSPLIT|NOFRAME, $0-0
	CMPQ R14, $1
	JEQ  lineReLU
	JGT  lineAdd
	VMOVUPS Z20, K7, (R12)
	RET
lineReLU:
	VMAXPS Z30, Z20, Z20
	VMOVUPS Z20, K7, (R12)
	RET
lineAdd:
	VMOVUPS.Z (R12), K7, Z21
	VADDPS Z20, Z21, Z21
	VMOVUPS Z21, K7, (R12)
	RET

// Lane indices for winoIn43Row4: column j of the 6×6 blocks of four tile
// rows, lane 4r+t taking padded column 4t+j of tile row r's line (rows
// r = 0, 2 from the first table, 1, 3 from the second, 16 on); columns
// past 15 are padding, read from lane 15, which is zero when the plane is
// at most 14 wide.
DATA wino43In4<>+0(SB)/4, $0
DATA wino43In4<>+4(SB)/4, $4
DATA wino43In4<>+8(SB)/4, $8
DATA wino43In4<>+12(SB)/4, $12
DATA wino43In4<>+16(SB)/4, $16
DATA wino43In4<>+20(SB)/4, $20
DATA wino43In4<>+24(SB)/4, $24
DATA wino43In4<>+28(SB)/4, $28
DATA wino43In4<>+32(SB)/4, $0
DATA wino43In4<>+36(SB)/4, $4
DATA wino43In4<>+40(SB)/4, $8
DATA wino43In4<>+44(SB)/4, $12
DATA wino43In4<>+48(SB)/4, $16
DATA wino43In4<>+52(SB)/4, $20
DATA wino43In4<>+56(SB)/4, $24
DATA wino43In4<>+60(SB)/4, $28
DATA wino43In4<>+64(SB)/4, $1
DATA wino43In4<>+68(SB)/4, $5
DATA wino43In4<>+72(SB)/4, $9
DATA wino43In4<>+76(SB)/4, $13
DATA wino43In4<>+80(SB)/4, $17
DATA wino43In4<>+84(SB)/4, $21
DATA wino43In4<>+88(SB)/4, $25
DATA wino43In4<>+92(SB)/4, $29
DATA wino43In4<>+96(SB)/4, $1
DATA wino43In4<>+100(SB)/4, $5
DATA wino43In4<>+104(SB)/4, $9
DATA wino43In4<>+108(SB)/4, $13
DATA wino43In4<>+112(SB)/4, $17
DATA wino43In4<>+116(SB)/4, $21
DATA wino43In4<>+120(SB)/4, $25
DATA wino43In4<>+124(SB)/4, $29
DATA wino43In4<>+128(SB)/4, $2
DATA wino43In4<>+132(SB)/4, $6
DATA wino43In4<>+136(SB)/4, $10
DATA wino43In4<>+140(SB)/4, $14
DATA wino43In4<>+144(SB)/4, $18
DATA wino43In4<>+148(SB)/4, $22
DATA wino43In4<>+152(SB)/4, $26
DATA wino43In4<>+156(SB)/4, $30
DATA wino43In4<>+160(SB)/4, $2
DATA wino43In4<>+164(SB)/4, $6
DATA wino43In4<>+168(SB)/4, $10
DATA wino43In4<>+172(SB)/4, $14
DATA wino43In4<>+176(SB)/4, $18
DATA wino43In4<>+180(SB)/4, $22
DATA wino43In4<>+184(SB)/4, $26
DATA wino43In4<>+188(SB)/4, $30
DATA wino43In4<>+192(SB)/4, $3
DATA wino43In4<>+196(SB)/4, $7
DATA wino43In4<>+200(SB)/4, $11
DATA wino43In4<>+204(SB)/4, $15
DATA wino43In4<>+208(SB)/4, $19
DATA wino43In4<>+212(SB)/4, $23
DATA wino43In4<>+216(SB)/4, $27
DATA wino43In4<>+220(SB)/4, $31
DATA wino43In4<>+224(SB)/4, $3
DATA wino43In4<>+228(SB)/4, $7
DATA wino43In4<>+232(SB)/4, $11
DATA wino43In4<>+236(SB)/4, $15
DATA wino43In4<>+240(SB)/4, $19
DATA wino43In4<>+244(SB)/4, $23
DATA wino43In4<>+248(SB)/4, $27
DATA wino43In4<>+252(SB)/4, $31
DATA wino43In4<>+256(SB)/4, $4
DATA wino43In4<>+260(SB)/4, $8
DATA wino43In4<>+264(SB)/4, $12
DATA wino43In4<>+268(SB)/4, $15
DATA wino43In4<>+272(SB)/4, $20
DATA wino43In4<>+276(SB)/4, $24
DATA wino43In4<>+280(SB)/4, $28
DATA wino43In4<>+284(SB)/4, $31
DATA wino43In4<>+288(SB)/4, $4
DATA wino43In4<>+292(SB)/4, $8
DATA wino43In4<>+296(SB)/4, $12
DATA wino43In4<>+300(SB)/4, $15
DATA wino43In4<>+304(SB)/4, $20
DATA wino43In4<>+308(SB)/4, $24
DATA wino43In4<>+312(SB)/4, $28
DATA wino43In4<>+316(SB)/4, $31
DATA wino43In4<>+320(SB)/4, $5
DATA wino43In4<>+324(SB)/4, $9
DATA wino43In4<>+328(SB)/4, $13
DATA wino43In4<>+332(SB)/4, $15
DATA wino43In4<>+336(SB)/4, $21
DATA wino43In4<>+340(SB)/4, $25
DATA wino43In4<>+344(SB)/4, $29
DATA wino43In4<>+348(SB)/4, $31
DATA wino43In4<>+352(SB)/4, $5
DATA wino43In4<>+356(SB)/4, $9
DATA wino43In4<>+360(SB)/4, $13
DATA wino43In4<>+364(SB)/4, $15
DATA wino43In4<>+368(SB)/4, $21
DATA wino43In4<>+372(SB)/4, $25
DATA wino43In4<>+376(SB)/4, $29
DATA wino43In4<>+380(SB)/4, $31
GLOBL wino43In4<>(SB), RODATA|NOPTR, $384

// LOADROW loads plane line y = R10 + DX + off (the line under padded line
// i of tile row r, off = 4r) into z shifted one lane right (lane 0, the
// left padding, zero), lanes past the plane's width zero, all zero when y
// is outside 0..h−1 (R11).
#define LOADROW(z, off) \
	LEAQ off(R10)(DX*1), AX \
	XORQ R13, R13 \
	CMPQ AX, R11 \
	CMOVQCS R14, R13 \
	KMOVW R13, K1 \
	IMULQ R8, AX \
	LEAQ -4(SI)(AX*1), R12 \
	VMOVUPS.Z (R12), K1, z

// PICKJ writes column j (index vector idx) of padded line i of the four
// tile rows (Z0..Z3) to off(R13): lanes 0-7 from rows 0 and 1, 8-15 from
// rows 2 and 3.
#define PICKJ(idx, off) \
	VMOVAPS Z0, Z4 \
	VPERMT2PS Z1, idx, Z4 \
	VMOVAPS Z2, Z5 \
	VPERMT2PS Z3, idx, Z5 \
	VMOVAPS Z5, K6, Z4 \
	VMOVUPS Z4, off(R13)

// func winoIn43Row4AVX512(src *float32, ld, h, w, rows int, dst *float32, ldd int)
// WinogradIn43 for tiles four to a row on planes at most 14 wide: each
// pass (four tile rows) loads the 24 plane lines under them whole and
// picks the tiles' columns out by permutes instead of gathering them.
TEXT ·winoIn43Row4AVX512(SB), 0, $4616-56
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ h+16(FP), R11
	MOVQ w+24(FP), CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	SHLL $1, AX
	MOVQ AX, R14 // lanes 1..w
	MOVQ rows+32(FP), AX
	MOVQ AX, 4608(SP) // tile rows left
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	CONSTS
	VMOVDQU32 wino43In4<>+0(SB), Z16
	VMOVDQU32 wino43In4<>+64(SB), Z17
	VMOVDQU32 wino43In4<>+128(SB), Z18
	VMOVDQU32 wino43In4<>+192(SB), Z19
	VMOVDQU32 wino43In4<>+256(SB), Z20
	VMOVDQU32 wino43In4<>+320(SB), Z21
	MOVL $0xff00, AX
	KMOVW AX, K6
	MOVQ $-1, R10 // the plane line under padded line 0 of the pass's first tile row
in4Pass:
	// K2: the lanes of the tile rows left.
	MOVQ 4608(SP), CX
	MOVL $0xffff, AX
	CMPQ CX, $4
	JGE  in4Mask
	SHLQ $2, CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
in4Mask:
	KMOVW AX, K2
	// D[i][j] at (6i+j)·64: padded line i, column j of the sixteen tiles.
	XORQ DX, DX
in4Line:
	LOADROW(Z0, 0)
	LOADROW(Z1, 4)
	LOADROW(Z2, 8)
	LOADROW(Z3, 12)
	MOVQ DX, AX
	IMULQ $384, AX
	LEAQ (BX)(AX*1), R13
	PICKJ(Z16, 0)
	PICKJ(Z17, 64)
	PICKJ(Z18, 128)
	PICKJ(Z19, 192)
	PICKJ(Z20, 256)
	PICKJ(Z21, 320)
	INCQ DX
	CMPQ DX, $6
	JLT  in4Line
	// Columns j = 0..5: T[a][j] = (Bᵀ D)_aj at 2304 + (6a+j)·64.
	MOVQ BX, R11
	XORQ CX, CX
in4Col:
	VMOVUPS (R11), Z0
	VMOVUPS 384(R11), Z1
	VMOVUPS 768(R11), Z2
	VMOVUPS 1152(R11), Z3
	VMOVUPS 1536(R11), Z4
	VMOVUPS 1920(R11), Z5
	BT6
	VMOVUPS Z6, 2304(R11)
	VMOVUPS Z7, 2688(R11)
	VMOVUPS Z8, 3072(R11)
	VMOVUPS Z9, 3456(R11)
	VMOVUPS Z10, 3840(R11)
	VMOVUPS Z11, 4224(R11)
	ADDQ $64, R11
	INCQ CX
	CMPQ CX, $6
	JLT  in4Col
	MOVQ h+16(FP), R11
	// Rows a = 0..5: output lines 6a..6a+5.
	LEAQ 2304(BX), R13
	MOVQ DI, R12
	MOVQ $6, CX
in4Row:
	VMOVUPS (R13), Z0
	VMOVUPS 64(R13), Z1
	VMOVUPS 128(R13), Z2
	VMOVUPS 192(R13), Z3
	VMOVUPS 256(R13), Z4
	VMOVUPS 320(R13), Z5
	BT6
	STORE6
	ADDQ $384, R13
	DECQ CX
	JNZ  in4Row
	ADDQ $16, R10
	ADDQ $64, DI
	SUBQ $4, 4608(SP)
	JG   in4Pass
	VZEROUPPER
	RET

// Lane indices for winoGrad43Row4: column j of the 4×4 output-gradient
// blocks of four tile rows, lane 4r+t taking column 4t+j of tile row r's
// line (rows r = 0, 2 from the first table, 1, 3 from the second).
DATA wino43Grad4<>+0(SB)/4, $0
DATA wino43Grad4<>+4(SB)/4, $4
DATA wino43Grad4<>+8(SB)/4, $8
DATA wino43Grad4<>+12(SB)/4, $12
DATA wino43Grad4<>+16(SB)/4, $16
DATA wino43Grad4<>+20(SB)/4, $20
DATA wino43Grad4<>+24(SB)/4, $24
DATA wino43Grad4<>+28(SB)/4, $28
DATA wino43Grad4<>+32(SB)/4, $0
DATA wino43Grad4<>+36(SB)/4, $4
DATA wino43Grad4<>+40(SB)/4, $8
DATA wino43Grad4<>+44(SB)/4, $12
DATA wino43Grad4<>+48(SB)/4, $16
DATA wino43Grad4<>+52(SB)/4, $20
DATA wino43Grad4<>+56(SB)/4, $24
DATA wino43Grad4<>+60(SB)/4, $28
DATA wino43Grad4<>+64(SB)/4, $1
DATA wino43Grad4<>+68(SB)/4, $5
DATA wino43Grad4<>+72(SB)/4, $9
DATA wino43Grad4<>+76(SB)/4, $13
DATA wino43Grad4<>+80(SB)/4, $17
DATA wino43Grad4<>+84(SB)/4, $21
DATA wino43Grad4<>+88(SB)/4, $25
DATA wino43Grad4<>+92(SB)/4, $29
DATA wino43Grad4<>+96(SB)/4, $1
DATA wino43Grad4<>+100(SB)/4, $5
DATA wino43Grad4<>+104(SB)/4, $9
DATA wino43Grad4<>+108(SB)/4, $13
DATA wino43Grad4<>+112(SB)/4, $17
DATA wino43Grad4<>+116(SB)/4, $21
DATA wino43Grad4<>+120(SB)/4, $25
DATA wino43Grad4<>+124(SB)/4, $29
DATA wino43Grad4<>+128(SB)/4, $2
DATA wino43Grad4<>+132(SB)/4, $6
DATA wino43Grad4<>+136(SB)/4, $10
DATA wino43Grad4<>+140(SB)/4, $14
DATA wino43Grad4<>+144(SB)/4, $18
DATA wino43Grad4<>+148(SB)/4, $22
DATA wino43Grad4<>+152(SB)/4, $26
DATA wino43Grad4<>+156(SB)/4, $30
DATA wino43Grad4<>+160(SB)/4, $2
DATA wino43Grad4<>+164(SB)/4, $6
DATA wino43Grad4<>+168(SB)/4, $10
DATA wino43Grad4<>+172(SB)/4, $14
DATA wino43Grad4<>+176(SB)/4, $18
DATA wino43Grad4<>+180(SB)/4, $22
DATA wino43Grad4<>+184(SB)/4, $26
DATA wino43Grad4<>+188(SB)/4, $30
DATA wino43Grad4<>+192(SB)/4, $3
DATA wino43Grad4<>+196(SB)/4, $7
DATA wino43Grad4<>+200(SB)/4, $11
DATA wino43Grad4<>+204(SB)/4, $15
DATA wino43Grad4<>+208(SB)/4, $19
DATA wino43Grad4<>+212(SB)/4, $23
DATA wino43Grad4<>+216(SB)/4, $27
DATA wino43Grad4<>+220(SB)/4, $31
DATA wino43Grad4<>+224(SB)/4, $3
DATA wino43Grad4<>+228(SB)/4, $7
DATA wino43Grad4<>+232(SB)/4, $11
DATA wino43Grad4<>+236(SB)/4, $15
DATA wino43Grad4<>+240(SB)/4, $19
DATA wino43Grad4<>+244(SB)/4, $23
DATA wino43Grad4<>+248(SB)/4, $27
DATA wino43Grad4<>+252(SB)/4, $31
GLOBL wino43Grad4<>(SB), RODATA|NOPTR, $256

// LOADGROW is LOADROW without the shift: plane line y = R10 + DX + off
// into z, lanes past the width zero, all zero when y ≥ h (R11).
#define LOADGROW(z, off) \
	LEAQ off(R10)(DX*1), AX \
	XORQ R13, R13 \
	CMPQ AX, R11 \
	CMOVQCS R14, R13 \
	KMOVW R13, K1 \
	IMULQ R8, AX \
	LEAQ (SI)(AX*1), R12 \
	VMOVUPS.Z (R12), K1, z

// func winoGrad43Row4AVX512(src *float32, ld, h, w, rows int, dst *float32, ldd int)
// WinogradGrad43 for tiles four to a row (planes 13 to 16 wide), as
// winoIn43Row4: whole lines and permutes instead of gathers.
TEXT ·winoGrad43Row4AVX512(SB), 0, $2568-56
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ h+16(FP), R11
	MOVQ w+24(FP), CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	MOVQ AX, R14 // lanes 0..w-1
	MOVQ rows+32(FP), AX
	MOVQ AX, 2560(SP) // tile rows left
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	CONSTS
	VMOVDQU32 wino43Grad4<>+0(SB), Z16
	VMOVDQU32 wino43Grad4<>+64(SB), Z17
	VMOVDQU32 wino43Grad4<>+128(SB), Z18
	VMOVDQU32 wino43Grad4<>+192(SB), Z19
	MOVL $0xff00, AX
	KMOVW AX, K6
	XORQ R10, R10 // the pass's first line
grad4Pass:
	MOVQ 2560(SP), CX
	MOVL $0xffff, AX
	CMPQ CX, $4
	JGE  grad4Mask
	SHLQ $2, CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
grad4Mask:
	KMOVW AX, K2
	// D[i][j] at (4i+j)·64: line i, column j of the sixteen tiles' blocks.
	XORQ DX, DX
grad4Line:
	LOADGROW(Z0, 0)
	LOADGROW(Z1, 4)
	LOADGROW(Z2, 8)
	LOADGROW(Z3, 12)
	MOVQ DX, AX
	SHLQ $8, AX
	LEAQ (BX)(AX*1), R13
	PICKJ(Z16, 0)
	PICKJ(Z17, 64)
	PICKJ(Z18, 128)
	PICKJ(Z19, 192)
	INCQ DX
	CMPQ DX, $4
	JLT  grad4Line
	// Columns j = 0..3: T[a][j] = (A D)_aj at 1024 + (4a+j)·64.
	MOVQ BX, R13
	XORQ CX, CX
grad4Col:
	VMOVUPS (R13), Z0
	VMOVUPS 256(R13), Z1
	VMOVUPS 512(R13), Z2
	VMOVUPS 768(R13), Z3
	A4
	VMOVUPS Z6, 1024(R13)
	VMOVUPS Z7, 1280(R13)
	VMOVUPS Z8, 1536(R13)
	VMOVUPS Z9, 1792(R13)
	VMOVUPS Z10, 2048(R13)
	VMOVUPS Z11, 2304(R13)
	ADDQ $64, R13
	INCQ CX
	CMPQ CX, $4
	JLT  grad4Col
	// Rows a = 0..5: output lines 6a..6a+5.
	LEAQ 1024(BX), R13
	MOVQ DI, R12
	MOVQ $6, CX
grad4Row:
	VMOVUPS (R13), Z0
	VMOVUPS 64(R13), Z1
	VMOVUPS 128(R13), Z2
	VMOVUPS 192(R13), Z3
	A4
	STORE6
	ADDQ $256, R13
	DECQ CX
	JNZ  grad4Row
	ADDQ $16, R10
	ADDQ $64, DI
	SUBQ $4, 2560(SP)
	JG   grad4Pass
	VZEROUPPER
	RET
