//go:build amd64 && !purego

#include "textflag.h"

// Winograd F(4×4, 3×3) transforms of up to sixteen tiles (see
// winograd43.go): one tile per lane, read (and, for the output, written)
// through gathers and scatters at the lane offsets idx, the columns'
// transforms first into the frame (tmp), then the rows'. The arithmetic is that of
// winoBT6, winoAT6 and winoA4, in the same order.

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

// GATHER loads the lanes' values at (R12) + idx (Z31) into z under the
// pass's mask (DX; the gather clears K1) and moves R12 a line down (R8).
#define GATHER(z) \
	KMOVW DX, K1 \
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
	VPBROADCASTD AX, Z26

// func winoIn43AVX512(src *float32, ld int, idx *int32, mask int, dst *float32, ldd int)
TEXT ·winoIn43AVX512(SB), 0, $2304-48
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), AX
	VMOVDQU32 (AX), Z31
	MOVQ mask+24(FP), DX
	KMOVW DX, K2
	MOVQ dst+32(FP), DI
	MOVQ ldd+40(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	CONSTS
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	// Columns j = 0..5: T[a][j] = (Bᵀ d)_aj at tmp + (6a+j)·64.
	MOVQ SI, R10
	MOVQ BX, R11
	MOVQ $6, CX
in43Col:
	MOVQ R10, R12
	GATHER(Z0)
	GATHER(Z1)
	GATHER(Z2)
	GATHER(Z3)
	GATHER(Z4)
	GATHER(Z5)
	BT6
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 384(R11)
	VMOVUPS Z8, 768(R11)
	VMOVUPS Z9, 1152(R11)
	VMOVUPS Z10, 1536(R11)
	VMOVUPS Z11, 1920(R11)
	ADDQ $4, R10
	ADDQ $64, R11
	DECQ CX
	JNZ  in43Col
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
	VMOVUPS Z11, K2, (R12)
	ADDQ R9, R12
	ADDQ $384, R11
	DECQ CX
	JNZ  in43Row
	VZEROUPPER
	RET

// func winoGrad43AVX512(src *float32, ld int, idx *int32, mask int, dst *float32, ldd int)
TEXT ·winoGrad43AVX512(SB), 0, $1536-48
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), AX
	VMOVDQU32 (AX), Z31
	MOVQ mask+24(FP), DX
	KMOVW DX, K2
	MOVQ dst+32(FP), DI
	MOVQ ldd+40(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	CONSTS
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	// Columns j = 0..3: T[a][j] = (A dY)_aj at tmp + (4a+j)·64.
	MOVQ SI, R10
	MOVQ BX, R11
	MOVQ $4, CX
grad43Col:
	MOVQ R10, R12
	GATHER(Z0)
	GATHER(Z1)
	GATHER(Z2)
	GATHER(Z3)
	A4
	VMOVUPS Z6, (R11)
	VMOVUPS Z7, 256(R11)
	VMOVUPS Z8, 512(R11)
	VMOVUPS Z9, 768(R11)
	VMOVUPS Z10, 1024(R11)
	VMOVUPS Z11, 1280(R11)
	ADDQ $4, R10
	ADDQ $64, R11
	DECQ CX
	JNZ  grad43Col
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
	VMOVUPS Z11, K2, (R12)
	ADDQ R9, R12
	ADDQ $256, R11
	DECQ CX
	JNZ  grad43Row
	VZEROUPPER
	RET

// OUTJ writes output column j of row i (o: the value before the bias) at
// (R12) + idx under rowMask[i] ∧ colMask[j] (R13 points at rowMask[i],
// AX at colMask[0]; off = 2j) through winoOut43Scatter, then moves R12 a
// column right.
#define OUTJ(o, off) \
	VADDPS Z25, o, Z16 \
	KMOVW (R13), K4 \
	KMOVW off(AX), K5 \
	KANDW K5, K4, K1 \
	CALL winoOut43Scatter<>(SB) \
	ADDQ $4, R12

// func winoOut43AVX512(src *float32, lds int, idx *int32, mask int, masks *uint16, dst *float32, ldd int, bias float32, mode int)
TEXT ·winoOut43AVX512(SB), 0, $1536-72
	MOVQ src+0(FP), SI
	MOVQ lds+8(FP), R8
	SHLQ $2, R8
	MOVQ idx+16(FP), AX
	VMOVDQU32 (AX), Z31
	MOVQ mask+24(FP), DX
	KMOVW DX, K2
	MOVQ dst+40(FP), DI
	MOVQ ldd+48(FP), R9
	SHLQ $2, R9
	LEAQ 0(SP), BX
	VBROADCASTSS bias+56(FP), Z25
	MOVQ mode+64(FP), R14
	CONSTS
	VXORPS Z30, Z30, Z30
	// Columns b = 0..5: S[i][b] = (Aᵀ M)_ib at tmp + (6i+b)·64, from
	// lines b, 6+b, ..., 30+b (6·lds apart).
	MOVQ R8, R10
	IMULQ $6, R10
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
	MOVQ masks+32(FP), R13
	LEAQ 8(R13), AX
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
