//go:build amd64 && !purego

#include "textflag.h"

// func sumDotAVX512(x, y *float32, n int) (sum, dot float32)
// Sixteen running sums each, the tail loaded as zeros, then the lanes
// added 8, 4, 2 and 1 apart (as SumDot's pure Go).
TEXT ·sumDotAVX512(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ n+16(FP), CX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
sd16:
	CMPQ CX, $16
	JL   sdtail
	VMOVUPS (SI), Z4
	VMULPS (DX), Z4, Z5
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  sd16
sdtail:
	TESTQ CX, CX
	JZ    sdreduce
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DX), K1, Z6
	VMULPS Z6, Z4, Z5
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
sdreduce:
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

// func affineMixAVX512(dst, x, y *float32, a, b, c float32, n int)
// dst = (a·x + c) + b·y, products rounded before they are added.
TEXT ·affineMixAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	VBROADCASTSS a+24(FP), Z0
	VBROADCASTSS b+28(FP), Z1
	VBROADCASTSS c+32(FP), Z2
	MOVQ n+40(FP), CX
am16:
	CMPQ CX, $16
	JL   amtail
	VMULPS (SI), Z0, Z4
	VADDPS Z2, Z4, Z4
	VMULPS (DX), Z1, Z5
	VADDPS Z5, Z4, Z4
	VMOVUPS Z4, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  am16
amtail:
	TESTQ CX, CX
	JZ    amdone
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z6
	VMOVUPS.Z (DX), K1, Z7
	VMULPS Z6, Z0, Z4
	VADDPS Z2, Z4, Z4
	VMULPS Z7, Z1, Z5
	VADDPS Z5, Z4, Z4
	VMOVUPS Z4, K1, (DI)
amdone:
	VZEROUPPER
	RET
