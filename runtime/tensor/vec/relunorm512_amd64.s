//go:build amd64 && !purego

#include "textflag.h"

// func reluSumDotAVX512(x, y *float32, n int) (sum, dot float32)
// As sumDotAVX512 with y through max(y, 0) (VMAXPS as reluAVX512: a NaN
// in y stays NaN); the tail loaded as zeros.
TEXT ·reluSumDotAVX512(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ n+16(FP), CX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z7, Z7, Z7
rsd16:
	CMPQ CX, $16
	JL   rsdtail
	VMOVUPS (SI), Z4
	VMAXPS (DX), Z7, Z6
	VMULPS Z6, Z4, Z5
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  rsd16
rsdtail:
	TESTQ CX, CX
	JZ    rsdreduce
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DX), K1, Z6
	VMAXPS Z6, Z7, Z6
	VMULPS Z6, Z4, Z5
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
rsdreduce:
	VEXTRACTF64X4 $1, Z0, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF64X4 $1, Z1, Y3
	VADDPS Y3, Y1, Y1
	VEXTRACTF128 $1, Y0, X2
	VADDPS X2, X0, X0
	VEXTRACTF128 $1, Y1, X3
	VADDPS X3, X1, X1
	VMOVHLPS X0, X2, X2
	VADDPS X2, X0, X0
	VMOVHLPS X1, X3, X3
	VADDPS X3, X1, X1
	VMOVSHDUP X0, X2
	VADDSS X2, X0, X0
	VMOVSHDUP X1, X3
	VADDSS X3, X1, X1
	MOVSS X0, sum+24(FP)
	MOVSS X1, dot+28(FP)
	VZEROUPPER
	RET

// func reluAffineMixAVX512(dst, x, y *float32, a, b, c float32, n int)
// dst = (a·x + c) + b·y where x > 0 (ordered: not for NaN), else 0.
TEXT ·reluAffineMixAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	VBROADCASTSS a+24(FP), Z0
	VBROADCASTSS b+28(FP), Z1
	VBROADCASTSS c+32(FP), Z2
	VXORPS Z3, Z3, Z3
	MOVQ n+40(FP), CX
ram16:
	CMPQ CX, $16
	JL   ramtail
	VMOVUPS (SI), Z6
	VCMPPS $0x1e, Z3, Z6, K2 // x > 0, ordered, quiet
	VMULPS Z6, Z0, Z4
	VADDPS Z2, Z4, Z4
	VMULPS (DX), Z1, Z5
	VADDPS Z5, Z4, Z4
	VMOVAPS.Z Z4, K2, Z4
	VMOVUPS Z4, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  ram16
ramtail:
	TESTQ CX, CX
	JZ    ramdone
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z6
	VMOVUPS.Z (DX), K1, Z7
	VCMPPS $0x1e, Z3, Z6, K2
	VMULPS Z6, Z0, Z4
	VADDPS Z2, Z4, Z4
	VMULPS Z7, Z1, Z5
	VADDPS Z5, Z4, Z4
	VMOVAPS.Z Z4, K2, Z4
	VMOVUPS Z4, K1, (DI)
ramdone:
	VZEROUPPER
	RET
