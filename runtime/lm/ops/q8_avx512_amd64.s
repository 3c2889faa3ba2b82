//go:build amd64 && !purego

#include "textflag.h"

// Kernels over ng consecutive groups of 4 packed weight rows (layout:
// q8.go) and one or four activation rows of a chunk of `rows` rows, stored
// block by block:
//
// func xGroupsNAVX512(w *byte, d, m *float32, nb int, q *int8, ad, as *float32,
//	c *int32, out *float32, rows, ng, ostride int)
//
// w, d and m point at the first group; group g's 4 results for activation
// row j go to out + j·ostride + 16·g (bytes). An accumulator (ACC) holds
// d_w·d_x·(integer dot) in 16 lanes, weight row r in lanes r, r+4, r+8,
// r+12; an MACC holds Q4_1's m·s per weight row. The integer dot of a block
// starts at c (Q4_0's -8·Σq, Q8_0's -128·Σq) in lanes 0-3 (K1) and zero
// elsewhere. The four-row kernels run exactly the instructions of the
// one-row kernel for each activation row, so a row's result has the same
// bits whichever kernel computed it.
//
// Registers: SI w, BX d, R9 m, R12 byte offset into d and m (16 per block;
// w is at 4× or 8× it), DX ad, R10 as, R11 c, R13 offset into them, AX its
// step (4·rows), DI the current activation block, R14 its step (128·rows),
// CX blocks left, R8 out, R15 ostride.

#define LOADARGS \
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
	MOVQ ostride+88(FP), R15 \
	XORQ R12, R12 \
	MOVL $0x0f0f0f0f, CX \
	VPBROADCASTD CX, Z15 \
	MOVL $0x000f, CX \
	KMOVW CX, K1

#define GROUPSTART \
	MOVQ nb+24(FP), CX \
	MOVQ q+32(FP), DI \
	XORQ R13, R13 \
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
	VMOVDQU64 (SI)(R12*4), Z1 \
	VPSRLW $4, Z1, Z2 \
	VPANDD Z15, Z1, Z1 \
	VPANDD Z15, Z2, Z2 \
	VBROADCASTF32X4 (BX)(R12*1), Z7

#define BYTES8 \
	VMOVDQU64 (SI)(R12*8), Z1 \
	VMOVDQU64 64(SI)(R12*8), Z2 \
	VBROADCASTF32X4 (BX)(R12*1), Z7

// ROWC: one activation row (at byte offset qo of the block, scale offset
// so) with the integer start value c; ROW0 starts at zero and adds m·s.
#define ROWC(qo, so, acc) \
	VPBROADCASTD.Z so(R11)(R13*1), K1, Z5 \
	VPDPBUSD qo(DI), Z1, Z5 \
	VPDPBUSD qo+64(DI), Z2, Z5 \
	VCVTDQ2PS Z5, Z5 \
	VMULPS.BCST so(DX)(R13*1), Z7, Z6 \
	VFMADD231PS Z6, Z5, acc

#define ROW0(qo, so, acc, macc) \
	VPXORD Z5, Z5, Z5 \
	VPDPBUSD qo(DI), Z1, Z5 \
	VPDPBUSD qo+64(DI), Z2, Z5 \
	VCVTDQ2PS Z5, Z5 \
	VMULPS.BCST so(DX)(R13*1), Z7, Z6 \
	VFMADD231PS Z6, Z5, acc \
	VFMADD231PS.BCST so(R10)(R13*1), X8, macc

#define NEXT \
	ADDQ $16, R12 \
	ADDQ AX, R13 \
	ADDQ R14, DI \
	DECQ CX

// REDUCE: X0 = lanes r+4i of acc summed, plus macc.
#define REDUCE(acc, macc) \
	VEXTRACTF32X8 $1, acc, Y1 \
	VMOVAPS acc, Z0 \
	VADDPS Y1, Y0, Y0 \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPS X1, X0, X0 \
	VMOVAPS macc, X2 \
	VADDPS X2, X0, X0

#define STORE1 \
	REDUCE(Z16, X20) \
	VMOVUPS X0, (R8)

#define STORE4 \
	STORE1 \
	REDUCE(Z17, X21) \
	VMOVUPS X0, (R8)(R15*1) \
	REDUCE(Z18, X22) \
	VMOVUPS X0, (R8)(R15*2) \
	LEAQ (R8)(R15*2), CX \
	REDUCE(Z19, X23) \
	VMOVUPS X0, (CX)(R15*1)

#define GROUPEND(label) \
	ADDQ $16, R8 \
	DECQ ng+80(FP) \
	JNZ label \
	VZEROUPPER \
	RET

TEXT ·q4_0Groups1AVX512(SB), NOSPLIT, $0-96
	LOADARGS
q40g1group:
	GROUPSTART
q40g1:
	NIBBLES
	ROWC(0, 0, Z16)
	NEXT
	JNZ q40g1
	STORE1
	GROUPEND(q40g1group)

TEXT ·q4_0Groups4AVX512(SB), NOSPLIT, $0-96
	LOADARGS
q40g4group:
	GROUPSTART
q40g4:
	NIBBLES
	ROWC(0, 0, Z16)
	ROWC(128, 4, Z17)
	ROWC(256, 8, Z18)
	ROWC(384, 12, Z19)
	NEXT
	JNZ q40g4
	STORE4
	GROUPEND(q40g4group)

TEXT ·q4_1Groups1AVX512(SB), NOSPLIT, $0-96
	LOADARGS
q41g1group:
	GROUPSTART
q41g1:
	NIBBLES
	VMOVUPS (R9)(R12*1), X8
	ROW0(0, 0, Z16, X20)
	NEXT
	JNZ q41g1
	STORE1
	GROUPEND(q41g1group)

TEXT ·q4_1Groups4AVX512(SB), NOSPLIT, $0-96
	LOADARGS
q41g4group:
	GROUPSTART
q41g4:
	NIBBLES
	VMOVUPS (R9)(R12*1), X8
	ROW0(0, 0, Z16, X20)
	ROW0(128, 4, Z17, X21)
	ROW0(256, 8, Z18, X22)
	ROW0(384, 12, Z19, X23)
	NEXT
	JNZ q41g4
	STORE4
	GROUPEND(q41g4group)

TEXT ·q8_0Groups1AVX512(SB), NOSPLIT, $0-96
	LOADARGS
q80g1group:
	GROUPSTART
q80g1:
	BYTES8
	ROWC(0, 0, Z16)
	NEXT
	JNZ q80g1
	STORE1
	GROUPEND(q80g1group)

TEXT ·q8_0Groups4AVX512(SB), NOSPLIT, $0-96
	LOADARGS
q80g4group:
	GROUPSTART
q80g4:
	BYTES8
	ROWC(0, 0, Z16)
	ROWC(128, 4, Z17)
	ROWC(256, 8, Z18)
	ROWC(384, 12, Z19)
	NEXT
	JNZ q80g4
	STORE4
	GROUPEND(q80g4group)
