//go:build amd64 && !purego

#include "textflag.h"

// ReLU with a bit mask of the positive outputs (see relumask.go). The
// comparisons are ordered: a NaN output sets no bit and passes no
// gradient, as in ReLUGrad.

// Bit j of each lane's dword, for turning a mask byte into lane masks.
DATA rmBits<>+0(SB)/4, $1
DATA rmBits<>+4(SB)/4, $2
DATA rmBits<>+8(SB)/4, $4
DATA rmBits<>+12(SB)/4, $8
DATA rmBits<>+16(SB)/4, $16
DATA rmBits<>+20(SB)/4, $32
DATA rmBits<>+24(SB)/4, $64
DATA rmBits<>+28(SB)/4, $128
GLOBL rmBits<>(SB), RODATA|NOPTR, $32

// func reluMaskAVX2(dst *float32, mask *uint8, x *float32, n int)
TEXT ·reluMaskAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ mask+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), CX
	VXORPS Y0, Y0, Y0
rm8:
	CMPQ CX, $8
	JL   rmdone
	VMAXPS (SI), Y0, Y1
	VMOVUPS Y1, (DI)
	VCMPPS $0x1e, Y0, Y1, Y2 // Y1 > 0
	VMOVMSKPS Y2, AX
	MOVB AL, (R8)
	ADDQ $32, SI
	ADDQ $32, DI
	INCQ R8
	SUBQ $8, CX
	JMP  rm8
rmdone:
	VZEROUPPER
	RET

// func reluGradMaskAVX2(grad *float32, mask *uint8, dy *float32, n int, assign bool)
// Add mode adds dy masked to zero, as reluGradAVX2 does.
TEXT ·reluGradMaskAVX2(SB), NOSPLIT, $0-33
	MOVQ grad+0(FP), DI
	MOVQ mask+8(FP), R8
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	MOVBLZX assign+32(FP), R9
	VXORPS Y0, Y0, Y0
	VMOVDQU rmBits<>(SB), Y3
rg8:
	CMPQ CX, $8
	JL   rgdone
	MOVBLZX (R8), AX
	VMOVD AX, X2
	VPBROADCASTD X2, Y2
	VPAND Y3, Y2, Y2
	VPCMPEQD Y3, Y2, Y2      // lane j: bit j set
	VANDPS (DX), Y2, Y4
	TESTQ R9, R9
	JZ    rgadd
	VADDPS Y0, Y4, Y4        // 0 + dy: a -0 becomes +0
	JMP   rgstore
rgadd:
	VADDPS (DI), Y4, Y4
rgstore:
	VMOVUPS Y4, (DI)
	ADDQ $32, DX
	ADDQ $32, DI
	INCQ R8
	SUBQ $8, CX
	JMP  rg8
rgdone:
	VZEROUPPER
	RET

// TAILMASK512 sets K1 to the low CX bits (CX in 1..16).
#define TAILMASK512 \
	MOVL $1, AX \
	SHLL CX, AX \
	DECL AX \
	KMOVW AX, K1

// func reluGradSetAVX512(grad, y, dy *float32, n int), any n >= 1
// grad = 0 + dy where y > 0 (ordered), else 0: the zero-masked add stores
// +0 off the mask and turns a -0 in dy into +0, as a cleared buffer would.
TEXT ·reluGradSetAVX512(SB), NOSPLIT, $0-32
	MOVQ grad+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	VXORPS Z0, Z0, Z0
rgs64:
	CMPQ CX, $64
	JL   rgs16
	VCMPPS $0x11, (SI), Z0, K2 // 0 < y (ordered)
	VCMPPS $0x11, 64(SI), Z0, K3 // 0 < y (ordered)
	VCMPPS $0x11, 128(SI), Z0, K4 // 0 < y (ordered)
	VCMPPS $0x11, 192(SI), Z0, K5 // 0 < y (ordered)
	VADDPS.Z (DX), Z0, K2, Z1
	VADDPS.Z 64(DX), Z0, K3, Z2
	VADDPS.Z 128(DX), Z0, K4, Z3
	VADDPS.Z 192(DX), Z0, K5, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  rgs64
rgs16:
	CMPQ CX, $16
	JL   rgstail
	VCMPPS $0x11, (SI), Z0, K2 // 0 < y (ordered)
	VADDPS.Z (DX), Z0, K2, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  rgs16
rgstail:
	TESTQ CX, CX
	JZ    rgsdone
	TAILMASK512
	VMOVUPS.Z (SI), K1, Z1
	VCMPPS $0x1e, Z0, Z1, K1, K2
	VADDPS.Z (DX), Z0, K2, Z1
	VMOVUPS Z1, K1, (DI)
rgsdone:
	VZEROUPPER
	RET

// func reluMaskAVX512(dst *float32, mask *uint8, x *float32, n int)
TEXT ·reluMaskAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ mask+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), CX
	VXORPS Z0, Z0, Z0
rm64:
	CMPQ CX, $64
	JL   rm16
	VMAXPS (SI), Z0, Z1
	VMAXPS 64(SI), Z0, Z2
	VMAXPS 128(SI), Z0, Z3
	VMAXPS 192(SI), Z0, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	VCMPPS $0x1e, Z0, Z1, K1
	VCMPPS $0x1e, Z0, Z2, K2
	VCMPPS $0x1e, Z0, Z3, K3
	VCMPPS $0x1e, Z0, Z4, K4
	KMOVW K1, (R8)
	KMOVW K2, 2(R8)
	KMOVW K3, 4(R8)
	KMOVW K4, 6(R8)
	ADDQ $256, SI
	ADDQ $256, DI
	ADDQ $8, R8
	SUBQ $64, CX
	JMP  rm64
rm16:
	CMPQ CX, $16
	JL   rmtail
	VMAXPS (SI), Z0, Z1
	VMOVUPS Z1, (DI)
	VCMPPS $0x1e, Z0, Z1, K1
	KMOVW K1, (R8)
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $2, R8
	SUBQ $16, CX
	JMP  rm16
rmtail:
	TESTQ CX, CX
	JZ    rmret
	MOVQ CX, BX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z1
	VMAXPS Z1, Z0, Z1
	VMOVUPS Z1, K1, (DI)
	VCMPPS $0x1e, Z0, Z1, K1, K2
	KMOVW K2, AX
	MOVB AL, (R8)
	CMPQ BX, $8
	JLE  rmret
	SHRL $8, AX
	MOVB AL, 1(R8)
rmret:
	VZEROUPPER
	RET

// GRADTAILMASKS sets, for the last CX (1 to 15) elements, K1 to their
// lanes and K2 to those whose mask bit is set (one or two mask bytes).
#define GRADTAILMASKS \
	MOVBLZX (R8), BX \
	CMPQ CX, $8 \
	JLE  2(PC) \
	MOVWLZX (R8), BX \
	MOVL $1, AX \
	SHLL CX, AX \
	DECL AX \
	KMOVW AX, K1 \
	ANDL AX, BX \
	KMOVW BX, K2

// func reluGradMaskAVX512(grad *float32, mask *uint8, dy *float32, n int, assign bool)
// Add mode adds under the mask, leaving other lanes untouched.
TEXT ·reluGradMaskAVX512(SB), NOSPLIT, $0-33
	MOVQ grad+0(FP), DI
	MOVQ mask+8(FP), R8
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	MOVBLZX assign+32(FP), R9
	VXORPS Z0, Z0, Z0
	TESTQ R9, R9
	JZ    ga16
gs16:
	CMPQ CX, $16
	JL   gstail
	KMOVW (R8), K1
	VADDPS.Z (DX), Z0, K1, Z1 // 0 + dy where set, +0 elsewhere
	VMOVUPS Z1, (DI)
	ADDQ $64, DX
	ADDQ $64, DI
	ADDQ $2, R8
	SUBQ $16, CX
	JMP  gs16
gstail:
	TESTQ CX, CX
	JZ    gret
	GRADTAILMASKS
	VADDPS.Z (DX), Z0, K2, Z1
	VMOVUPS Z1, K1, (DI)
	JMP  gret
ga16:
	CMPQ CX, $16
	JL   gatail
	KMOVW (R8), K1
	VMOVUPS (DI), Z1
	VADDPS (DX), Z1, K1, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, DX
	ADDQ $64, DI
	ADDQ $2, R8
	SUBQ $16, CX
	JMP  ga16
gatail:
	TESTQ CX, CX
	JZ    gret
	GRADTAILMASKS
	VMOVUPS.Z (DI), K1, Z1
	VADDPS (DX), Z1, K2, Z1
	VMOVUPS Z1, K1, (DI)
gret:
	VZEROUPPER
	RET
