//go:build amd64 && !purego

#include "textflag.h"

// Kernels over one group of 4 packed weight rows (layout: q8.go) and one or
// four activation rows of a chunk of `rows` rows, stored per block:
//
// func xGroupNAVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32, c *int32, out *float32, rows int)
//
// An accumulator (ACC) holds d_w·d_x·(integer dot) in 16 lanes, weight row
// r in lanes r, r+4, r+8, r+12; an MACC holds Q4_1's m·s per weight row. The
// integer dot of a block starts at c (Q4_0's -8·Σq, Q8_0's -128·Σq) in
// lanes 0-3 (K1) and zero elsewhere. The four-row kernels run exactly the
// instructions of the one-row kernel for each activation row, so a row's
// result has the same bits whichever kernel computed it.

#define LOADARGS \
	MOVQ w+0(FP), SI \
	MOVQ d+8(FP), BX \
	MOVQ m+16(FP), R9 \
	MOVQ nb+24(FP), CX \
	MOVQ q+32(FP), DI \
	MOVQ ad+40(FP), DX \
	MOVQ as+48(FP), R10 \
	MOVQ c+56(FP), R11 \
	MOVQ out+64(FP), R8 \
	MOVQ rows+72(FP), R13 \
	MOVQ R13, R12 \
	SHLQ $7, R12 \
	SHLQ $2, R13 \
	MOVL $0x0f0f0f0f, AX \
	VPBROADCASTD AX, Z15 \
	MOVL $0x000f, AX \
	KMOVW AX, K1 \
	VPXORD Z16, Z16, Z16 \
	VPXORD Z17, Z17, Z17 \
	VPXORD Z18, Z18, Z18 \
	VPXORD Z19, Z19, Z19 \
	VPXORD Z20, Z20, Z20 \
	VPXORD Z21, Z21, Z21 \
	VPXORD Z22, Z22, Z22 \
	VPXORD Z23, Z23, Z23

// NIBBLES: Z1 = low nibbles (elements 0-15), Z2 = high (16-31); Z7 = the
// 4 rows' scales repeated.
#define NIBBLES \
	VMOVDQU64 (SI), Z1 \
	VPSRLW $4, Z1, Z2 \
	VPANDD Z15, Z1, Z1 \
	VPANDD Z15, Z2, Z2 \
	VBROADCASTF32X4 (BX), Z7

#define BYTES8 \
	VMOVDQU64 (SI), Z1 \
	VMOVDQU64 64(SI), Z2 \
	VBROADCASTF32X4 (BX), Z7

// ROWC: one activation row (at byte offset qo of the block, scale offset so)
// with the integer start value c; ROW0 starts at zero and adds m·s.
#define ROWC(qo, so, acc) \
	VPBROADCASTD.Z so(R11), K1, Z5 \
	VPDPBUSD qo(DI), Z1, Z5 \
	VPDPBUSD qo+64(DI), Z2, Z5 \
	VCVTDQ2PS Z5, Z5 \
	VMULPS.BCST so(DX), Z7, Z6 \
	VFMADD231PS Z6, Z5, acc

#define ROW0(qo, so, acc, macc) \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD qo(DI), Z1, Z5 \
	VPDPBUSD qo+64(DI), Z2, Z5 \
	VCVTDQ2PS Z5, Z5 \
	VMULPS.BCST so(DX), Z7, Z6 \
	VFMADD231PS Z6, Z5, acc \
	VFMADD231PS.BCST so(R10), X8, macc

#define NEXT(wb) \
	ADDQ $wb, SI \
	ADDQ $16, BX \
	ADDQ $16, R9 \
	ADDQ R12, DI \
	ADDQ R13, DX \
	ADDQ R13, R10 \
	ADDQ R13, R11 \
	DECQ CX

// STORE: out[o/4 + r] = lanes r+4i of acc summed, plus macc.
#define STORE(acc, macc, o) \
	VEXTRACTF32X8 $1, acc, Y1 \
	VMOVAPS acc, Z0 \
	VADDPS Y1, Y0, Y0 \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPS X1, X0, X0 \
	VMOVAPS macc, X2 \
	VADDPS X2, X0, X0 \
	VMOVUPS X0, o(R8)

TEXT ·q4_0Group1AVX512(SB), NOSPLIT, $0-80
	LOADARGS
q40g1:
	NIBBLES
	ROWC(0, 0, Z16)
	NEXT(64)
	JNZ q40g1
	STORE(Z16, X20, 0)
	VZEROUPPER
	RET

TEXT ·q4_0Group4AVX512(SB), NOSPLIT, $0-80
	LOADARGS
q40g4:
	NIBBLES
	ROWC(0, 0, Z16)
	ROWC(128, 4, Z17)
	ROWC(256, 8, Z18)
	ROWC(384, 12, Z19)
	NEXT(64)
	JNZ q40g4
	STORE(Z16, X20, 0)
	STORE(Z17, X21, 16)
	STORE(Z18, X22, 32)
	STORE(Z19, X23, 48)
	VZEROUPPER
	RET

TEXT ·q4_1Group1AVX512(SB), NOSPLIT, $0-80
	LOADARGS
q41g1:
	NIBBLES
	VMOVUPS (R9), X8
	ROW0(0, 0, Z16, X20)
	NEXT(64)
	JNZ q41g1
	STORE(Z16, X20, 0)
	VZEROUPPER
	RET

TEXT ·q4_1Group4AVX512(SB), NOSPLIT, $0-80
	LOADARGS
q41g4:
	NIBBLES
	VMOVUPS (R9), X8
	ROW0(0, 0, Z16, X20)
	ROW0(128, 4, Z17, X21)
	ROW0(256, 8, Z18, X22)
	ROW0(384, 12, Z19, X23)
	NEXT(64)
	JNZ q41g4
	STORE(Z16, X20, 0)
	STORE(Z17, X21, 16)
	STORE(Z18, X22, 32)
	STORE(Z19, X23, 48)
	VZEROUPPER
	RET

TEXT ·q8_0Group1AVX512(SB), NOSPLIT, $0-80
	LOADARGS
q80g1:
	BYTES8
	ROWC(0, 0, Z16)
	NEXT(128)
	JNZ q80g1
	STORE(Z16, X20, 0)
	VZEROUPPER
	RET

TEXT ·q8_0Group4AVX512(SB), NOSPLIT, $0-80
	LOADARGS
q80g4:
	BYTES8
	ROWC(0, 0, Z16)
	ROWC(128, 4, Z17)
	ROWC(256, 8, Z18)
	ROWC(384, 12, Z19)
	NEXT(128)
	JNZ q80g4
	STORE(Z16, X20, 0)
	STORE(Z17, X21, 16)
	STORE(Z18, X22, 32)
	STORE(Z19, X23, 48)
	VZEROUPPER
	RET
