//go:build amd64 && !purego

#include "textflag.h"

// AVX2 versions of the one-row kernels in q8_avx512_amd64.s (same
// arguments, same packed layout), for CPUs without AVX-512 VNNI. A 64-byte
// half block is two YMM halves: dwords 0-7 and 8-15, both with weight row r
// in lanes r and r+4. VPMADDUBSW multiplies unsigned weight bytes by signed
// activation bytes into int16 pairs and VPMADDWD by ones widens them. Q4
// nibbles (at most 15·127·2 per pair, four pairs summed in int16) cannot
// saturate; Q8_0 weights are unpacked back to signed, and their sign moved
// onto the activations (VPABSB, VPSIGNB), so no pair exceeds 128·127·2.
//
// Registers as in the AVX-512 kernels; Y10 accumulates, X11 holds Q4_1's
// m·s, Y15 0x0f bytes, Y14 int16 ones, Y13 0x80 bytes, Y12 zero.

#define LOADARGS2 \
	MOVQ w+0(FP), SI \
	MOVQ d+8(FP), BX \
	MOVQ m+16(FP), R9 \
	MOVQ ad+40(FP), DX \
	MOVQ as+48(FP), R10 \
	MOVQ c+56(FP), R11 \
	MOVQ out+64(FP), R8 \
	MOVQ rows+72(FP), AX \
	MOVQ AX, R14 \
	SHLQ $7, R14 \
	SHLQ $2, AX \
	XORQ R12, R12 \
	MOVL $0x0f0f0f0f, CX \
	MOVQ CX, X15 \
	VPBROADCASTD X15, Y15 \
	MOVL $0x00010001, CX \
	MOVQ CX, X14 \
	VPBROADCASTD X14, Y14 \
	MOVL $0x80808080, CX \
	MOVQ CX, X13 \
	VPBROADCASTD X13, Y13 \
	VPXOR Y12, Y12, Y12

#define GROUPSTART2 \
	MOVQ nb+24(FP), CX \
	MOVQ q+32(FP), DI \
	XORQ R13, R13 \
	VPXOR Y10, Y10, Y10 \
	VPXOR Y11, Y11, Y11

// Q4DOT: Y1 = int32 dot of the block's nibbles with the activations.
#define Q4DOT \
	VMOVDQU (SI)(R12*4), Y1 \
	VMOVDQU 32(SI)(R12*4), Y2 \
	VPSRLW $4, Y1, Y3 \
	VPAND Y15, Y3, Y3 \
	VPAND Y15, Y1, Y1 \
	VPSRLW $4, Y2, Y4 \
	VPAND Y15, Y4, Y4 \
	VPAND Y15, Y2, Y2 \
	VPMADDUBSW (DI), Y1, Y1 \
	VPMADDUBSW 32(DI), Y2, Y2 \
	VPMADDUBSW 64(DI), Y3, Y3 \
	VPMADDUBSW 96(DI), Y4, Y4 \
	VPADDW Y3, Y1, Y1 \
	VPADDW Y4, Y2, Y2 \
	VPADDW Y2, Y1, Y1 \
	VPMADDWD Y14, Y1, Y1

// Q8PART: Yw = int32 dot of signed weights (stored plus 128) with the
// activations at qo.
#define Q8PART(wo, qo, Yw) \
	VMOVDQU wo(SI)(R12*8), Yw \
	VPXOR Y13, Yw, Yw \
	VMOVDQU qo(DI), Y5 \
	VPSIGNB Yw, Y5, Y5 \
	VPABSB Yw, Yw \
	VPMADDUBSW Y5, Yw, Yw \
	VPMADDWD Y14, Yw, Yw

// START: add c (the integer start value) to lanes 0-3 of Y1.
#define START \
	VPBROADCASTD (R11)(R13*1), Y5 \
	VPBLENDD $0xf0, Y12, Y5, Y5 \
	VPADDD Y5, Y1, Y1

// SCALE2: Y10 += float(Y1)·d_w·d_x.
#define SCALE2 \
	VCVTDQ2PS Y1, Y1 \
	VBROADCASTF128 (BX)(R12*1), Y7 \
	VBROADCASTSS (DX)(R13*1), Y6 \
	VMULPS Y7, Y6, Y6 \
	VFMADD231PS Y6, Y1, Y10

#define NEXT2 \
	ADDQ $16, R12 \
	ADDQ AX, R13 \
	ADDQ R14, DI \
	DECQ CX

#define STORE2 \
	VEXTRACTF128 $1, Y10, X1 \
	VADDPS X1, X10, X0 \
	VADDPS X11, X0, X0 \
	VMOVUPS X0, (R8) \
	ADDQ $16, R8 \
	DECQ ng+80(FP)

TEXT ·q4_0Groups1AVX2(SB), NOSPLIT, $0-96
	LOADARGS2
q40a2group:
	GROUPSTART2
q40a2:
	Q4DOT
	START
	SCALE2
	NEXT2
	JNZ q40a2
	STORE2
	JNZ q40a2group
	VZEROUPPER
	RET

TEXT ·q4_1Groups1AVX2(SB), NOSPLIT, $0-96
	LOADARGS2
q41a2group:
	GROUPSTART2
q41a2:
	Q4DOT
	SCALE2
	VMOVUPS (R9)(R12*1), X8
	VBROADCASTSS (R10)(R13*1), X9
	VFMADD231PS X9, X8, X11
	NEXT2
	JNZ q41a2
	STORE2
	JNZ q41a2group
	VZEROUPPER
	RET

TEXT ·q8_0Groups1AVX2(SB), NOSPLIT, $0-96
	LOADARGS2
q80a2group:
	GROUPSTART2
q80a2:
	Q8PART(0, 0, Y1)
	Q8PART(32, 32, Y2)
	Q8PART(64, 64, Y3)
	Q8PART(96, 96, Y4)
	VPADDD Y2, Y1, Y1
	VPADDD Y4, Y3, Y3
	VPADDD Y3, Y1, Y1
	SCALE2
	NEXT2
	JNZ q80a2
	STORE2
	JNZ q80a2group
	VZEROUPPER
	RET
