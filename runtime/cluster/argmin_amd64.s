//go:build amd64 && !purego

#include "textflag.h"

DATA lanes<>+0(SB)/4, $0
DATA lanes<>+4(SB)/4, $1
DATA lanes<>+8(SB)/4, $2
DATA lanes<>+12(SB)/4, $3
DATA lanes<>+16(SB)/4, $4
DATA lanes<>+20(SB)/4, $5
DATA lanes<>+24(SB)/4, $6
DATA lanes<>+28(SB)/4, $7
GLOBL lanes<>(SB), RODATA|NOPTR, $32

DATA eights<>+0(SB)/4, $8
GLOBL eights<>(SB), RODATA|NOPTR, $4

// func argmin8(x *float32, n int, vals *[8]float32, idx *[8]int32)
// Per lane j, the smallest x[8i+j] over the n/8 blocks and its index; a
// lane keeps its earliest minimum (strict less-than), so the caller's
// reduction (smallest value, then smallest index) gives the first minimum.
TEXT ·argmin8(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VMOVUPS (SI), Y0
	VMOVDQU lanes<>(SB), Y1
	VMOVDQU Y1, Y2
	VPBROADCASTD eights<>(SB), Y3
	ADDQ $32, SI
	DECQ CX
	JEQ done

loop:
	VPADDD Y3, Y2, Y2
	VMOVUPS (SI), Y4
	VCMPPS $1, Y0, Y4, Y5
	VBLENDVPS Y5, Y4, Y0, Y0
	VBLENDVPS Y5, Y2, Y1, Y1
	ADDQ $32, SI
	DECQ CX
	JNZ loop

done:
	MOVQ vals+16(FP), AX
	MOVQ idx+24(FP), BX
	VMOVUPS Y0, (AX)
	VMOVDQU Y1, (BX)
	VZEROUPPER
	RET
