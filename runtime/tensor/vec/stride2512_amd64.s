//go:build amd64 && !purego

#include "textflag.h"

// Every other value (see stride2.go), eight values of the narrow side per
// pass, the last pass under masks.

// The even lanes of sixteen.
DATA s2Even<>+0(SB)/4, $0
DATA s2Even<>+4(SB)/4, $2
DATA s2Even<>+8(SB)/4, $4
DATA s2Even<>+12(SB)/4, $6
DATA s2Even<>+16(SB)/4, $8
DATA s2Even<>+20(SB)/4, $10
DATA s2Even<>+24(SB)/4, $12
DATA s2Even<>+28(SB)/4, $14
DATA s2Even<>+32(SB)/8, $0
DATA s2Even<>+40(SB)/8, $0
DATA s2Even<>+48(SB)/8, $0
DATA s2Even<>+56(SB)/8, $0
GLOBL s2Even<>(SB), RODATA|NOPTR, $64

// STRIDE2MASKS sets, for CX values of the narrow side (1..8), K2 to its CX
// lanes, K1 to the 2·CX−1 lanes of the wide side and K3 to the wide
// side's even lanes among them.
#define STRIDE2MASKS \
	MOVL $1, AX \
	SHLL CX, AX \
	DECL AX \
	KMOVW AX, K2 \
	MOVL $1, AX \
	SHLL CX, AX \
	SHLL CX, AX \
	SHRL $1, AX \
	DECL AX \
	KMOVW AX, K1 \
	ANDL $0x5555, AX \
	KMOVW AX, K3

// func everyOtherAVX512(dst *float32, ldd int, src *float32, lds, rows, cols int)
TEXT ·everyOtherAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), R12
	MOVQ ldd+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), R13
	MOVQ lds+24(FP), R9
	SHLQ $2, R9
	MOVQ rows+32(FP), BX
	VMOVDQU32 s2Even<>(SB), Z30
eoRow:
	MOVQ R12, DI
	MOVQ R13, SI
	MOVQ cols+40(FP), DX
eoLoop:
	MOVQ DX, CX
	CMPQ CX, $8
	JLE  eoMasks
	MOVQ $8, CX
eoMasks:
	STRIDE2MASKS
	VMOVUPS.Z (SI), K1, Z0
	VPERMPS Z0, Z30, Z1
	VMOVUPS Z1, K2, (DI)
	ADDQ $64, SI
	ADDQ $32, DI
	SUBQ $8, DX
	JG   eoLoop
	ADDQ R8, R12
	ADDQ R9, R13
	DECQ BX
	JG   eoRow
	VZEROUPPER
	RET

// func addEveryOtherAVX512(dst *float32, ldd int, src *float32, lds, rows, cols int)
// The source values are expanded into the even lanes (K3) and added there
// alone: the odd lanes are stored back as they were loaded.
TEXT ·addEveryOtherAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), R12
	MOVQ ldd+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), R13
	MOVQ lds+24(FP), R9
	SHLQ $2, R9
	MOVQ rows+32(FP), BX
aeoRow:
	MOVQ R12, DI
	MOVQ R13, SI
	MOVQ cols+40(FP), DX
aeoLoop:
	MOVQ DX, CX
	CMPQ CX, $8
	JLE  aeoMasks
	MOVQ $8, CX
aeoMasks:
	STRIDE2MASKS
	VEXPANDPS.Z (SI), K3, Z0
	VMOVUPS.Z (DI), K1, Z1
	VADDPS Z0, Z1, K3, Z1
	VMOVUPS Z1, K1, (DI)
	ADDQ $32, SI
	ADDQ $64, DI
	SUBQ $8, DX
	JG   aeoLoop
	ADDQ R8, R12
	ADDQ R9, R13
	DECQ BX
	JG   aeoRow
	VZEROUPPER
	RET
