//go:build amd64 && !purego

#include "textflag.h"

// AVX2 forms of the 2×2 max-pool kernels in pool512_amd64.s: 8 windows
// (16 input columns of two rows) at a time, the rest in Go.

DATA mp2Code<>+0(SB)/4, $1
DATA mp2Code<>+4(SB)/4, $2
DATA mp2Code<>+8(SB)/4, $3
GLOBL mp2Code<>(SB), RODATA|NOPTR, $12

// Each of lanes 0-3 (lo) or 4-7 (hi) twice.
DATA mp2DupLo<>+0(SB)/4, $0
DATA mp2DupLo<>+4(SB)/4, $0
DATA mp2DupLo<>+8(SB)/4, $1
DATA mp2DupLo<>+12(SB)/4, $1
DATA mp2DupLo<>+16(SB)/4, $2
DATA mp2DupLo<>+20(SB)/4, $2
DATA mp2DupLo<>+24(SB)/4, $3
DATA mp2DupLo<>+28(SB)/4, $3
GLOBL mp2DupLo<>(SB), RODATA|NOPTR, $32

DATA mp2DupHi<>+0(SB)/4, $4
DATA mp2DupHi<>+4(SB)/4, $4
DATA mp2DupHi<>+8(SB)/4, $5
DATA mp2DupHi<>+12(SB)/4, $5
DATA mp2DupHi<>+16(SB)/4, $6
DATA mp2DupHi<>+20(SB)/4, $6
DATA mp2DupHi<>+24(SB)/4, $7
DATA mp2DupHi<>+28(SB)/4, $7
GLOBL mp2DupHi<>(SB), RODATA|NOPTR, $32

// The code of each column of the first row; the second row's are these + 2.
DATA mp2Col<>+0(SB)/4, $0
DATA mp2Col<>+4(SB)/4, $1
DATA mp2Col<>+8(SB)/4, $0
DATA mp2Col<>+12(SB)/4, $1
DATA mp2Col<>+16(SB)/4, $0
DATA mp2Col<>+20(SB)/4, $1
DATA mp2Col<>+24(SB)/4, $0
DATA mp2Col<>+28(SB)/4, $1
GLOBL mp2Col<>(SB), RODATA|NOPTR, $32

// EVENODD splits the 16 columns in lo, hi into their even columns (even)
// and odd ones (odd), in order.
#define EVENODD(lo, hi, even, odd) \
	VSHUFPS $0x88, hi, lo, even \
	VSHUFPS $0xdd, hi, lo, odd \
	VPERMPD $0xd8, even, even \
	VPERMPD $0xd8, odd, odd

// CANDIDATE2 replaces the running maximum Y5 (code Y7) by the lanes of reg
// that are greater or NaN, as the scalar b > v || b != b.
#define CANDIDATE2(reg, codereg) \
	VCMPPS $0x1e, Y5, reg, Y8 \
	VCMPPS $3, reg, reg, Y9 \
	VORPS Y9, Y8, Y8 \
	VBLENDVPS Y8, reg, Y5, Y5 \
	VBLENDVPS Y8, codereg, Y7, Y7

// func maxPool2AVX2(out *float32, code *uint8, r0, r1 *float32, n int)
// n a positive multiple of 8.
TEXT ·maxPool2AVX2(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ code+8(FP), R8
	MOVQ r0+16(FP), SI
	MOVQ r1+24(FP), DX
	MOVQ n+32(FP), CX
	VBROADCASTSS mp2Code<>+0(SB), Y12
	VBROADCASTSS mp2Code<>+4(SB), Y13
	VBROADCASTSS mp2Code<>+8(SB), Y14
mp8:
	CMPQ CX, $8
	JL   mpdone
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	EVENODD(Y0, Y1, Y5, Y2)
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	EVENODD(Y0, Y1, Y3, Y4)
	VXORPS Y7, Y7, Y7
	CANDIDATE2(Y2, Y12)
	CANDIDATE2(Y3, Y13)
	CANDIDATE2(Y4, Y14)
	VMOVUPS Y5, (DI)
	TESTQ R8, R8
	JZ    mpnext
	// 8 dword codes to 8 bytes: pack within each 128-bit half, then join
	VEXTRACTI128 $1, Y7, X8
	VPACKSSDW X8, X7, X7
	VPACKUSWB X7, X7, X7
	MOVQ X7, (R8)
	ADDQ $8, R8
mpnext:
	ADDQ $32, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  mp8
mpdone:
	VZEROUPPER
	RET

// func maxPool2GradAVX2(g0, g1, dy *float32, code *uint8, n int, assign bool)
// n a positive multiple of 8. Add mode blends g+dy into the code's column
// only, leaving the others' bits untouched.
TEXT ·maxPool2GradAVX2(SB), NOSPLIT, $0-41
	MOVQ g0+0(FP), DI
	MOVQ g1+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ code+24(FP), R8
	MOVQ n+32(FP), CX
	MOVBLZX assign+40(FP), R9
	VMOVDQU mp2DupLo<>(SB), Y12
	VMOVDQU mp2DupHi<>(SB), Y13
	VMOVDQU mp2Col<>(SB), Y14
	VPCMPEQD Y15, Y15, Y15
	VPSRLD $31, Y15, Y15      // 1 in every lane
	VPADDD Y15, Y15, Y15      // 2
	VPADDD Y14, Y15, Y15      // the second row's codes: 2, 3, 2, 3, ...
mg8:
	CMPQ CX, $8
	JL   mgdone
	VMOVUPS (DX), Y1
	VPMOVZXBD (R8), Y2
	VPERMPS Y1, Y12, Y3 // dy of columns 0-7
	VPERMPS Y1, Y13, Y4 // columns 8-15
	VPERMD Y2, Y12, Y5
	VPERMD Y2, Y13, Y6
	VPCMPEQD Y14, Y5, Y8  // first row, columns 0-7
	VPCMPEQD Y14, Y6, Y9  // first row, columns 8-15
	VPCMPEQD Y15, Y5, Y10 // second row
	VPCMPEQD Y15, Y6, Y11
	TESTQ R9, R9
	JZ    mgadd
	VANDPS Y3, Y8, Y8
	VANDPS Y4, Y9, Y9
	VANDPS Y3, Y10, Y10
	VANDPS Y4, Y11, Y11
	JMP   mgstore
mgadd:
	VMOVUPS (DI), Y0
	VADDPS Y3, Y0, Y1
	VBLENDVPS Y8, Y1, Y0, Y8
	VMOVUPS 32(DI), Y0
	VADDPS Y4, Y0, Y1
	VBLENDVPS Y9, Y1, Y0, Y9
	VMOVUPS (SI), Y0
	VADDPS Y3, Y0, Y1
	VBLENDVPS Y10, Y1, Y0, Y10
	VMOVUPS 32(SI), Y0
	VADDPS Y4, Y0, Y1
	VBLENDVPS Y11, Y1, Y0, Y11
mgstore:
	VMOVUPS Y8, (DI)
	VMOVUPS Y9, 32(DI)
	VMOVUPS Y10, (SI)
	VMOVUPS Y11, 32(SI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $32, DX
	ADDQ $8, R8
	SUBQ $8, CX
	JMP  mg8
mgdone:
	VZEROUPPER
	RET
