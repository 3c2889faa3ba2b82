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
