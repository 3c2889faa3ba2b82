//go:build amd64 && !purego

#include "textflag.h"

// The stride-2 Winograd transforms (see winograds2.go), sixteen tiles a
// pass as the F(4×4, 3×3) kernels (winograd43512_amd64.s): one tile per
// lane through gathers and scatters under the plan's masks, the columns'
// transforms first into the frame, then the rows'. The arithmetic is that
// of winoT5 and winoS5, in the same order.

// T5 is winoT5: Z0..Z4 to Z6..Z10.
#define T5 \
	VSUBPS Z2, Z0, Z6 \
	VMOVAPS Z2, Z7 \
	VSUBPS Z2, Z4, Z8 \
	VMOVAPS Z1, Z9 \
	VMOVAPS Z3, Z10

// S5 is winoS5: Z0..Z4 to Z6, Z7.
#define S5 \
	VADDPS Z1, Z0, Z6 \
	VADDPS Z3, Z6, Z6 \
	VADDPS Z2, Z1, Z7 \
	VADDPS Z4, Z7, Z7

// GATHERS2 loads the lanes' values at (R12) + idx (Z31) into z, zero where
// line mask roff(R14) ∧ column mask K5 is clear, and moves R12 a line down.
#define GATHERS2(z, roff) \
	KMOVW roff(R14), K4 \
	KANDW K5, K4, K1 \
	VMOVAPS Z30, z \
	VGATHERDPS (R12)(Z31*4), K1, z \
	ADDQ R8, R12

// func winoInS2AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)
TEXT ·winoInS2AVX512(SB), 0, $1608-56
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	SUBQ R8, SI // one line and column before the plane: the padding's origin
	SUBQ $4, SI
	MOVQ idx+16(FP), R13
	MOVQ masks+24(FP), R14
	MOVQ passes+32(FP), AX
	MOVQ AX, 1600(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	VXORPS Z30, Z30, Z30
inS2Pass:
	VMOVDQU32 (R13), Z31
	KMOVW 24(R14), K2
	// Columns j = 0..4: T[a][j] = (T d)_aj at (5a+j)·64.
	MOVQ SI, R10
	MOVQ BX, R11
	XORQ CX, CX
inS2Col:
	KMOVW 12(R14)(CX*1), K5
	MOVQ R10, R12
	GATHERS2(Z0, 0)
	GATHERS2(Z1, 2)
	GATHERS2(Z2, 4)
	GATHERS2(Z3, 6)
	GATHERS2(Z4, 8)
	T5
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 320(R11)
	VMOVUPS Z8, 640(R11)
	VMOVUPS Z9, 960(R11)
	VMOVUPS Z10, 1280(R11)
	ADDQ $4, R10
	ADDQ $64, R11
	ADDQ $2, CX
	CMPQ CX, $10
	JLT  inS2Col
	// Rows a = 0..4: output lines 5a..5a+4.
	MOVQ BX, R11
	MOVQ DI, R12
	MOVQ $5, CX
inS2Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	T5
	VMOVUPS Z6, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z7, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z8, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z9, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z10, K2, (R12)
	ADDQ R9, R12
	ADDQ $320, R11
	DECQ CX
	JNZ  inS2Row
	ADDQ $64, R13
	ADDQ $32, R14
	ADDQ $64, DI
	DECQ 1600(SP)
	JNZ  inS2Pass
	VZEROUPPER
	RET

// OUTS2J writes output column j of row i (o: before the bias) at (R12) +
// idx under line mask (R13) ∧ column mask off(AX), then moves R12 a
// column right.
#define OUTS2J(o, off) \
	VADDPS Z25, o, Z16 \
	KMOVW (R13), K4 \
	KMOVW off(AX), K5 \
	KANDW K5, K4, K1 \
	CALL winoOutS2Scatter<>(SB) \
	ADDQ $4, R12

// func winoOutS2AVX512(src *float32, lds int, idx *int32, masks *uint16, passes int, dst *float32, ldd int, bias float32, mode int)
TEXT ·winoOutS2AVX512(SB), 0, $664-72
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), DX
	MOVQ masks+24(FP), AX
	MOVQ AX, 648(SP)
	MOVQ passes+32(FP), AX
	MOVQ AX, 640(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	VBROADCASTSS bias+56(FP), Z25
	MOVQ mode+64(FP), R14
	VXORPS Z30, Z30, Z30
	MOVQ R8, R10
	IMULQ $5, R10
outS2Pass:
	VMOVDQU32 (DX), Z31
	MOVQ 648(SP), R13
	KMOVW 24(R13), K2
	// Columns b = 0..4: S[i][b] = (S M)_ib at (5i+b)·64, from lines b,
	// 5+b, ..., 20+b (5·lds apart).
	MOVQ SI, R11
	MOVQ BX, R13
	MOVQ $5, CX
outS2Col:
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
	S5
	VMOVUPS Z6, (R13)
	VMOVUPS Z7, 320(R13)
	ADDQ R8, R11
	ADDQ $64, R13
	DECQ CX
	JNZ  outS2Col
	// Rows i = 0, 1: output line i of each tile.
	MOVQ BX, R11
	MOVQ 648(SP), R13
	LEAQ 12(R13), AX
	MOVQ DI, 656(SP)
	MOVQ $2, CX
outS2Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	S5
	MOVQ DI, R12
	OUTS2J(Z6, 0)
	OUTS2J(Z7, 2)
	ADDQ R9, DI
	ADDQ $2, R13
	ADDQ $320, R11
	DECQ CX
	JNZ  outS2Row
	MOVQ 656(SP), DI
	ADDQ $64, DX
	ADDQ $32, 648(SP)
	ADDQ $64, SI
	DECQ 640(SP)
	JNZ  outS2Pass
	VZEROUPPER
	RET

// winoOutS2Scatter writes Z16 at (R12) + idx (Z31) under K1 as mode R14
// says: stored, stored through a ReLU (Z30 = 0), or added.
TEXT winoOutS2Scatter<>(SB), NOSPLIT|NOFRAME, $0-0
	CMPQ R14, $1
	JEQ  outS2ReLU
	JGT  outS2Add
	VSCATTERDPS Z16, K1, (R12)(Z31*4)
	RET
outS2ReLU:
	VMAXPS Z30, Z16, Z16
	VSCATTERDPS Z16, K1, (R12)(Z31*4)
	RET
outS2Add:
	KMOVW K1, K3
	VXORPS Z17, Z17, Z17
	VGATHERDPS (R12)(Z31*4), K3, Z17
	VADDPS Z16, Z17, Z17
	VSCATTERDPS Z17, K1, (R12)(Z31*4)
	RET

// ST5 is winoST5: Z0, Z1 to Z6..Z10.
#define ST5 \
	VMOVAPS Z0, Z6 \
	VADDPS Z1, Z0, Z7 \
	VMOVAPS Z1, Z8 \
	VMOVAPS Z0, Z9 \
	VMOVAPS Z1, Z10

// TT5 is winoTT5: Z0..Z4 to Z6..Z10.
#define TT5 \
	VMOVAPS Z0, Z6 \
	VMOVAPS Z3, Z7 \
	VSUBPS Z0, Z1, Z8 \
	VSUBPS Z2, Z8, Z8 \
	VMOVAPS Z4, Z9 \
	VMOVAPS Z2, Z10

// func winoGradS2AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)
TEXT ·winoGradS2AVX512(SB), 0, $648-56
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), R13
	MOVQ masks+24(FP), R14
	MOVQ passes+32(FP), AX
	MOVQ AX, 640(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	VXORPS Z30, Z30, Z30
gradS2Pass:
	VMOVDQU32 (R13), Z31
	KMOVW 24(R14), K2
	// Columns j = 0, 1: T[a][j] = (Sᵀ dY)_aj at (2a+j)·64.
	MOVQ SI, R10
	MOVQ BX, R11
	XORQ CX, CX
gradS2Col:
	KMOVW 12(R14)(CX*1), K5
	MOVQ R10, R12
	GATHERS2(Z0, 0)
	GATHERS2(Z1, 2)
	ST5
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 128(R11)
	VMOVUPS Z8, 256(R11)
	VMOVUPS Z9, 384(R11)
	VMOVUPS Z10, 512(R11)
	ADDQ $4, R10
	ADDQ $64, R11
	ADDQ $2, CX
	CMPQ CX, $4
	JLT  gradS2Col
	// Rows a = 0..4: output lines 5a..5a+4.
	MOVQ BX, R11
	MOVQ DI, R12
	MOVQ $5, CX
gradS2Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	ST5
	VMOVUPS Z6, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z7, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z8, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z9, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z10, K2, (R12)
	ADDQ R9, R12
	ADDQ $128, R11
	DECQ CX
	JNZ  gradS2Row
	ADDQ $64, R13
	ADDQ $32, R14
	ADDQ $64, DI
	DECQ 640(SP)
	JNZ  gradS2Pass
	VZEROUPPER
	RET

// ADDJ adds D[i][j] (frame offset doff) into (R12) + idx under line mask
// (R13) ∧ column mask off(AX), then moves R12 a column right.
#define ADDJ(doff, off) \
	KMOVW (R13), K4 \
	KMOVW off(AX), K5 \
	KANDW K5, K4, K1 \
	KMOVW K1, K3 \
	VXORPS Z17, Z17, Z17 \
	VGATHERDPS (R12)(Z31*4), K3, Z17 \
	VADDPS doff(R11), Z17, Z17 \
	VSCATTERDPS Z17, K1, (R12)(Z31*4) \
	ADDQ $4, R12

// func winoInS2AdjAVX512(src *float32, lds int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)
TEXT ·winoInS2AdjAVX512(SB), 0, $3232-56
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), DX
	MOVQ masks+24(FP), AX
	MOVQ AX, 3208(SP)
	MOVQ passes+32(FP), AX
	MOVQ AX, 3200(SP)
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	SUBQ R9, DI // the padded plane's origin, one line and column before dst
	SUBQ $4, DI
	LEAQ 0(SP), BX
	MOVQ R8, R10
	IMULQ $5, R10
adjS2Pass:
	VMOVDQU32 (DX), Z31
	MOVQ 3208(SP), R13
	KMOVW 24(R13), K2
	// Columns b = 0..4: T[i][b] = (Tᵀ dV)_ib at (5i+b)·64, from lines b,
	// 5+b, ..., 20+b.
	MOVQ SI, R11
	MOVQ BX, R13
	MOVQ $5, CX
adjS2Col:
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
	TT5
	VMOVUPS Z6, (R13)
	VMOVUPS Z7, 320(R13)
	VMOVUPS Z8, 640(R13)
	VMOVUPS Z9, 960(R13)
	VMOVUPS Z10, 1280(R13)
	ADDQ R8, R11
	ADDQ $64, R13
	DECQ CX
	JNZ  adjS2Col
	// Rows i = 0..4: D[i][j] = (T[i] T)_j at 1600 + (5i+j)·64.
	MOVQ BX, R11
	MOVQ $5, CX
adjS2Row:
	VMOVUPS (R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	TT5
	VMOVUPS Z6, 1600(R11)
	VMOVUPS Z7, 1664(R11)
	VMOVUPS Z8, 1728(R11)
	VMOVUPS Z9, 1792(R11)
	VMOVUPS Z10, 1856(R11)
	ADDQ $320, R11
	DECQ CX
	JNZ  adjS2Row
	// The adds, position by position: line i, column j of every tile's
	// block at (R12) + idx.
	LEAQ 1600(BX), R11
	MOVQ 3208(SP), R13
	LEAQ 12(R13), AX
	MOVQ DI, 3216(SP)
	MOVQ $5, CX
adjS2Add:
	MOVQ DI, R12
	ADDJ(0, 0)
	ADDJ(64, 2)
	ADDJ(128, 4)
	ADDJ(192, 6)
	ADDJ(256, 8)
	ADDQ R9, DI
	ADDQ $2, R13
	ADDQ $320, R11
	DECQ CX
	JNZ  adjS2Add
	MOVQ 3216(SP), DI
	ADDQ $64, DX
	ADDQ $32, 3208(SP)
	ADDQ $64, SI
	DECQ 3200(SP)
	JNZ  adjS2Pass
	VZEROUPPER
	RET

// Lane indices for winoInS2Row: column j of a tile row's 5×5 blocks,
// lane t taking padded column 4t+j of the line (the line loaded one lane
// right, in two registers: columns −1..14 and 15..30).
DATA winoS2Cols<>+0(SB)/4, $0
DATA winoS2Cols<>+4(SB)/4, $4
DATA winoS2Cols<>+8(SB)/4, $8
DATA winoS2Cols<>+12(SB)/4, $12
DATA winoS2Cols<>+16(SB)/4, $16
DATA winoS2Cols<>+20(SB)/4, $20
DATA winoS2Cols<>+24(SB)/4, $24
DATA winoS2Cols<>+28(SB)/4, $28
DATA winoS2Cols<>+32(SB)/4, $31
DATA winoS2Cols<>+36(SB)/4, $31
DATA winoS2Cols<>+40(SB)/4, $31
DATA winoS2Cols<>+44(SB)/4, $31
DATA winoS2Cols<>+48(SB)/4, $31
DATA winoS2Cols<>+52(SB)/4, $31
DATA winoS2Cols<>+56(SB)/4, $31
DATA winoS2Cols<>+60(SB)/4, $31
DATA winoS2Cols<>+64(SB)/4, $1
DATA winoS2Cols<>+68(SB)/4, $5
DATA winoS2Cols<>+72(SB)/4, $9
DATA winoS2Cols<>+76(SB)/4, $13
DATA winoS2Cols<>+80(SB)/4, $17
DATA winoS2Cols<>+84(SB)/4, $21
DATA winoS2Cols<>+88(SB)/4, $25
DATA winoS2Cols<>+92(SB)/4, $29
DATA winoS2Cols<>+96(SB)/4, $31
DATA winoS2Cols<>+100(SB)/4, $31
DATA winoS2Cols<>+104(SB)/4, $31
DATA winoS2Cols<>+108(SB)/4, $31
DATA winoS2Cols<>+112(SB)/4, $31
DATA winoS2Cols<>+116(SB)/4, $31
DATA winoS2Cols<>+120(SB)/4, $31
DATA winoS2Cols<>+124(SB)/4, $31
DATA winoS2Cols<>+128(SB)/4, $2
DATA winoS2Cols<>+132(SB)/4, $6
DATA winoS2Cols<>+136(SB)/4, $10
DATA winoS2Cols<>+140(SB)/4, $14
DATA winoS2Cols<>+144(SB)/4, $18
DATA winoS2Cols<>+148(SB)/4, $22
DATA winoS2Cols<>+152(SB)/4, $26
DATA winoS2Cols<>+156(SB)/4, $30
DATA winoS2Cols<>+160(SB)/4, $31
DATA winoS2Cols<>+164(SB)/4, $31
DATA winoS2Cols<>+168(SB)/4, $31
DATA winoS2Cols<>+172(SB)/4, $31
DATA winoS2Cols<>+176(SB)/4, $31
DATA winoS2Cols<>+180(SB)/4, $31
DATA winoS2Cols<>+184(SB)/4, $31
DATA winoS2Cols<>+188(SB)/4, $31
DATA winoS2Cols<>+192(SB)/4, $3
DATA winoS2Cols<>+196(SB)/4, $7
DATA winoS2Cols<>+200(SB)/4, $11
DATA winoS2Cols<>+204(SB)/4, $15
DATA winoS2Cols<>+208(SB)/4, $19
DATA winoS2Cols<>+212(SB)/4, $23
DATA winoS2Cols<>+216(SB)/4, $27
DATA winoS2Cols<>+220(SB)/4, $31
DATA winoS2Cols<>+224(SB)/4, $31
DATA winoS2Cols<>+228(SB)/4, $31
DATA winoS2Cols<>+232(SB)/4, $31
DATA winoS2Cols<>+236(SB)/4, $31
DATA winoS2Cols<>+240(SB)/4, $31
DATA winoS2Cols<>+244(SB)/4, $31
DATA winoS2Cols<>+248(SB)/4, $31
DATA winoS2Cols<>+252(SB)/4, $31
DATA winoS2Cols<>+256(SB)/4, $4
DATA winoS2Cols<>+260(SB)/4, $8
DATA winoS2Cols<>+264(SB)/4, $12
DATA winoS2Cols<>+268(SB)/4, $16
DATA winoS2Cols<>+272(SB)/4, $20
DATA winoS2Cols<>+276(SB)/4, $24
DATA winoS2Cols<>+280(SB)/4, $28
DATA winoS2Cols<>+284(SB)/4, $31
DATA winoS2Cols<>+288(SB)/4, $31
DATA winoS2Cols<>+292(SB)/4, $31
DATA winoS2Cols<>+296(SB)/4, $31
DATA winoS2Cols<>+300(SB)/4, $31
DATA winoS2Cols<>+304(SB)/4, $31
DATA winoS2Cols<>+308(SB)/4, $31
DATA winoS2Cols<>+312(SB)/4, $31
DATA winoS2Cols<>+316(SB)/4, $31
GLOBL winoS2Cols<>(SB), RODATA|NOPTR, $320

// LOADS2(a, b, off) loads plane line y = R10 + off (line i = off of the
// tile row's blocks) into a (columns −1..14, one lane right) and b
// (columns 15..30), zero outside the plane (K6, K7: the columns inside;
// R11 = h).
#define LOADS2(a, b, off) \
	LEAQ off(R10), AX \
	XORQ R13, R13 \
	CMPQ AX, R11 \
	CMOVQCS R14, R13 \
	KMOVW R13, K1 \
	KANDW K6, K1, K3 \
	KANDW K7, K1, K4 \
	IMULQ R8, AX \
	LEAQ -4(SI)(AX*1), R12 \
	VMOVUPS.Z (R12), K3, a \
	VMOVUPS.Z 64(R12), K4, b

// PICKS2(z, a, b, idx) puts column idx of line (a, b) into z.
#define PICKS2(z, a, b, idx) \
	VMOVAPS a, z \
	VPERMT2PS b, idx, z

// func winoInS2RowAVX512(src *float32, ld, h, w, rows, tiles int, dst *float32, ldd int)
// WinogradInS2 for planes at most 30 wide (7 tiles a row at most): each
// tile row's five lines are loaded whole and the tiles' columns picked by
// permutes, the tile row's tiles in the low lanes.
TEXT ·winoInS2RowAVX512(SB), 0, $1616-64
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ h+16(FP), R11
	MOVQ $-1, R14 // all lanes: a line inside the plane
	// K6: lanes 1..min(w, 15) of the first register; K7: lanes 0..w−16
	// of the second.
	MOVQ w+24(FP), CX
	CMPQ CX, $15
	JLE  s2rowK6
	MOVQ $15, CX
s2rowK6:
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	SHLL $1, AX
	KMOVW AX, K6
	XORL AX, AX
	MOVQ w+24(FP), CX
	SUBQ $15, CX
	JLE  s2rowK7
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
s2rowK7:
	KMOVW AX, K7
	// K2: the tiles of a row.
	MOVQ tiles+40(FP), CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K2
	MOVQ rows+32(FP), AX
	MOVQ AX, 1600(SP)
	MOVQ dst+48(FP), DI
	MOVQ ldd+56(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	VMOVDQU32 winoS2Cols<>+0(SB), Z21
	VMOVDQU32 winoS2Cols<>+64(SB), Z22
	VMOVDQU32 winoS2Cols<>+128(SB), Z23
	VMOVDQU32 winoS2Cols<>+192(SB), Z24
	VMOVDQU32 winoS2Cols<>+256(SB), Z25
	MOVQ $-1, R10 // the plane line under padded line 0 of the tile row
s2rowTile:
	LOADS2(Z11, Z12, 0)
	LOADS2(Z13, Z14, 1)
	LOADS2(Z15, Z16, 2)
	LOADS2(Z17, Z18, 3)
	LOADS2(Z19, Z20, 4)
	// Columns j = 0..4: T[a][j] = (T d)_aj at (5a+j)·64.
	PICKS2(Z0, Z11, Z12, Z21)
	PICKS2(Z1, Z13, Z14, Z21)
	PICKS2(Z2, Z15, Z16, Z21)
	PICKS2(Z3, Z17, Z18, Z21)
	PICKS2(Z4, Z19, Z20, Z21)
	T5
	VMOVUPS Z6, 0(BX)
	VMOVUPS Z7, 320(BX)
	VMOVUPS Z8, 640(BX)
	VMOVUPS Z9, 960(BX)
	VMOVUPS Z10, 1280(BX)
	PICKS2(Z0, Z11, Z12, Z22)
	PICKS2(Z1, Z13, Z14, Z22)
	PICKS2(Z2, Z15, Z16, Z22)
	PICKS2(Z3, Z17, Z18, Z22)
	PICKS2(Z4, Z19, Z20, Z22)
	T5
	VMOVUPS Z6, 64(BX)
	VMOVUPS Z7, 384(BX)
	VMOVUPS Z8, 704(BX)
	VMOVUPS Z9, 1024(BX)
	VMOVUPS Z10, 1344(BX)
	PICKS2(Z0, Z11, Z12, Z23)
	PICKS2(Z1, Z13, Z14, Z23)
	PICKS2(Z2, Z15, Z16, Z23)
	PICKS2(Z3, Z17, Z18, Z23)
	PICKS2(Z4, Z19, Z20, Z23)
	T5
	VMOVUPS Z6, 128(BX)
	VMOVUPS Z7, 448(BX)
	VMOVUPS Z8, 768(BX)
	VMOVUPS Z9, 1088(BX)
	VMOVUPS Z10, 1408(BX)
	PICKS2(Z0, Z11, Z12, Z24)
	PICKS2(Z1, Z13, Z14, Z24)
	PICKS2(Z2, Z15, Z16, Z24)
	PICKS2(Z3, Z17, Z18, Z24)
	PICKS2(Z4, Z19, Z20, Z24)
	T5
	VMOVUPS Z6, 192(BX)
	VMOVUPS Z7, 512(BX)
	VMOVUPS Z8, 832(BX)
	VMOVUPS Z9, 1152(BX)
	VMOVUPS Z10, 1472(BX)
	PICKS2(Z0, Z11, Z12, Z25)
	PICKS2(Z1, Z13, Z14, Z25)
	PICKS2(Z2, Z15, Z16, Z25)
	PICKS2(Z3, Z17, Z18, Z25)
	PICKS2(Z4, Z19, Z20, Z25)
	T5
	VMOVUPS Z6, 256(BX)
	VMOVUPS Z7, 576(BX)
	VMOVUPS Z8, 896(BX)
	VMOVUPS Z9, 1216(BX)
	VMOVUPS Z10, 1536(BX)
	// Rows a = 0..4: output lines 5a..5a+4, the tile row's columns.
	MOVQ BX, R13
	MOVQ DI, R12
	MOVQ $5, CX
s2rowRow:
	VMOVUPS (R13), Z0
	VMOVUPS 64(R13), Z1
	VMOVUPS 128(R13), Z2
	VMOVUPS 192(R13), Z3
	VMOVUPS 256(R13), Z4
	T5
	VMOVUPS Z6, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z7, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z8, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z9, K2, (R12)
	ADDQ R9, R12
	VMOVUPS Z10, K2, (R12)
	ADDQ R9, R12
	ADDQ $320, R13
	DECQ CX
	JNZ  s2rowRow
	// The next tile row: four lines down, tiles columns on.
	ADDQ $4, R10
	MOVQ tiles+40(FP), AX
	LEAQ (DI)(AX*4), DI
	DECQ 1600(SP)
	JNZ  s2rowTile
	VZEROUPPER
	RET
