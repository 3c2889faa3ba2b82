//go:build amd64 && !purego

#include "textflag.h"

// AMX tile instructions, which Go's assembler does not know, as bytes. Each
// line's comment is the instruction in GNU as (AT&T) syntax; the bytes are
// what GNU as 2.40 emits for it (VEX-encoded: C4, then R̄X̄B̄ and map 0F38
// (0xE2, or 0x82 with r8-r15 as base and index), W/vvvv/L/pp, the opcode,
// ModRM, SIB and disp8). Registers: DI cfg then B, SI and BX the two A
// tiles' rows, DX A's stride, CX B's stride (128 bytes: a 32-column panel
// of pairs), R10 and R11 the two C tile rows, R8 C's stride.
#define LDTILECFG_DI    BYTE $0xc4; BYTE $0xe2; BYTE $0x78; BYTE $0x49; BYTE $0x07 // ldtilecfg (%rdi)
#define TILEZERO_0      BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x49; BYTE $0xc0 // tilezero %tmm0
#define TILEZERO_1      BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x49; BYTE $0xc8 // tilezero %tmm1
#define TILEZERO_2      BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x49; BYTE $0xd0 // tilezero %tmm2
#define TILEZERO_3      BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x49; BYTE $0xd8 // tilezero %tmm3
#define LOAD_A0         BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x4b; BYTE $0x24; BYTE $0x16 // tileloadd (%rsi,%rdx,1),%tmm4
#define LOAD_A1         BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x4b; BYTE $0x2c; BYTE $0x13 // tileloadd (%rbx,%rdx,1),%tmm5
#define LOAD_B0         BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x4b; BYTE $0x34; BYTE $0x0f // tileloadd (%rdi,%rcx,1),%tmm6
#define LOAD_B1         BYTE $0xc4; BYTE $0xe2; BYTE $0x7b; BYTE $0x4b; BYTE $0x7c; BYTE $0x0f; BYTE $0x40 // tileloadd 0x40(%rdi,%rcx,1),%tmm7
#define DP_00           BYTE $0xc4; BYTE $0xe2; BYTE $0x4a; BYTE $0x5c; BYTE $0xc4 // tdpbf16ps %tmm6,%tmm4,%tmm0
#define DP_01           BYTE $0xc4; BYTE $0xe2; BYTE $0x42; BYTE $0x5c; BYTE $0xcc // tdpbf16ps %tmm7,%tmm4,%tmm1
#define DP_10           BYTE $0xc4; BYTE $0xe2; BYTE $0x4a; BYTE $0x5c; BYTE $0xd5 // tdpbf16ps %tmm6,%tmm5,%tmm2
#define DP_11           BYTE $0xc4; BYTE $0xe2; BYTE $0x42; BYTE $0x5c; BYTE $0xdd // tdpbf16ps %tmm7,%tmm5,%tmm3
#define STORE_C00       BYTE $0xc4; BYTE $0x82; BYTE $0x7a; BYTE $0x4b; BYTE $0x04; BYTE $0x02 // tilestored %tmm0,(%r10,%r8,1)
#define STORE_C01       BYTE $0xc4; BYTE $0x82; BYTE $0x7a; BYTE $0x4b; BYTE $0x4c; BYTE $0x02; BYTE $0x40 // tilestored %tmm1,0x40(%r10,%r8,1)
#define STORE_C10       BYTE $0xc4; BYTE $0x82; BYTE $0x7a; BYTE $0x4b; BYTE $0x14; BYTE $0x03 // tilestored %tmm2,(%r11,%r8,1)
#define STORE_C11       BYTE $0xc4; BYTE $0x82; BYTE $0x7a; BYTE $0x4b; BYTE $0x5c; BYTE $0x03; BYTE $0x40 // tilestored %tmm3,0x40(%r11,%r8,1)
#define LOAD_C00        BYTE $0xc4; BYTE $0x82; BYTE $0x7b; BYTE $0x4b; BYTE $0x04; BYTE $0x02 // tileloadd (%r10,%r8,1),%tmm0
#define LOAD_C01        BYTE $0xc4; BYTE $0x82; BYTE $0x7b; BYTE $0x4b; BYTE $0x4c; BYTE $0x02; BYTE $0x40 // tileloadd 0x40(%r10,%r8,1),%tmm1
#define LOAD_C10        BYTE $0xc4; BYTE $0x82; BYTE $0x7b; BYTE $0x4b; BYTE $0x14; BYTE $0x03 // tileloadd (%r11,%r8,1),%tmm2
#define LOAD_C11        BYTE $0xc4; BYTE $0x82; BYTE $0x7b; BYTE $0x4b; BYTE $0x5c; BYTE $0x03; BYTE $0x40 // tileloadd 0x40(%r11,%r8,1),%tmm3
#define TILERELEASE     BYTE $0xc4; BYTE $0xe2; BYTE $0x78; BYTE $0x49; BYTE $0xc0 // tilerelease

// func amxBlock(cfg *[64]byte, a *float32, ablock int, b *float32, ksteps int, c *float32, ldc int, blocks int, load int)
// For each of blocks 32-row blocks: C[32×32] (=, or += when load != 0)
// A[32 rows, 32·ksteps bf16] · B. A is blocked as the tiles read it: for
// each k step 2 KiB, 32 rows of 16 pairs (64 bytes) one after the other;
// row blocks are ablock float32s apart. B is a panel of 32 columns of
// pairs, 128 bytes a row. Four C
// tiles (tmm0-3), two A (tmm4-5), two B (tmm6-7), each 16 rows of 64 bytes.
// The tile state lives only inside this function: it loads the config
// first and releases the tiles before it returns, so no tile register is
// live across Go code. Go does not preempt assembly asynchronously, so the
// goroutine stays on this thread until the RET; a signal arriving meanwhile
// has the tile data saved in its frame by the kernel and restored on return.
TEXT ·amxBlock(SB), NOSPLIT, $0-72
	MOVQ cfg+0(FP), DI
	LDTILECFG_DI
	MOVQ a+8(FP), R13
	MOVQ $64, DX
	MOVQ c+40(FP), R10
	MOVQ ldc+48(FP), R8
	SHLQ $2, R8
	MOVQ blocks+56(FP), R12
	MOVQ $128, CX

block:
	MOVQ R8, R11
	SHLQ $4, R11
	ADDQ R10, R11
	// Ask for this block's 32 rows of C for writing now: the tile stores
	// at the end of the k loop then find them in cache instead of waiting
	// on 64 read-for-ownership misses.
	MOVQ R10, AX
	MOVQ $32, R9

pfc:
	BYTE $0x0f; BYTE $0x0d; BYTE $0x08 // prefetchw (%rax)
	BYTE $0x0f; BYTE $0x0d; BYTE $0x48; BYTE $0x40 // prefetchw 0x40(%rax)
	ADDQ R8, AX
	DECQ R9
	JNZ pfc
	MOVQ load+64(FP), AX
	TESTQ AX, AX
	JNE loadc
	TILEZERO_0
	TILEZERO_1
	TILEZERO_2
	TILEZERO_3
	JMP kinit

loadc:
	LOAD_C00
	LOAD_C01
	LOAD_C10
	LOAD_C11

kinit:
	MOVQ R13, SI
	LEAQ 1024(R13), BX
	MOVQ b+24(FP), DI
	MOVQ ksteps+32(FP), R9

kloop:
	LOAD_A0
	LOAD_B0
	LOAD_B1
	DP_00
	DP_01
	LOAD_A1
	DP_10
	DP_11
	ADDQ $2048, SI
	ADDQ $2048, BX
	ADDQ $2048, DI
	DECQ R9
	JNZ kloop

	STORE_C00
	STORE_C01
	STORE_C10
	STORE_C11
	MOVQ ablock+16(FP), AX
	SHLQ $2, AX
	ADDQ AX, R13
	MOVQ R8, AX
	SHLQ $5, AX
	ADDQ AX, R10
	DECQ R12
	JNZ block

	TILERELEASE
	RET

// VCVTNE2PS2BF16 (AVX512_BF16), also unknown to Go's assembler:
// Z2.bf16[0:16] = round(Z0), Z2.bf16[16:32] = round(Z1), ties to even,
// denormals flushed to zero.
#define CVT_Z0_Z1_Z2    BYTE $0x62; BYTE $0xf2; BYTE $0x77; BYTE $0x48; BYTE $0x72; BYTE $0xd0 // vcvtne2ps2bf16 %zmm0,%zmm1,%zmm2

// func cvtPairsBF16(dst, src *float32, n, stride int)
// Rounds n float32s at src to bfloat16, in order, 32 at a time: chunk c (16
// pairs, the even value in each pair's low half) goes to dst + c*stride
// bytes. The last chunk is zero past n, written whole.
TEXT ·cvtPairsBF16(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ stride+24(FP), R8
	CMPQ CX, $32
	JLT ctail

c32:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z1
	CVT_Z0_Z1_Z2
	VMOVUPS Z2, (DI)
	ADDQ $128, SI
	ADDQ R8, DI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE c32

ctail:
	TESTQ CX, CX
	JEQ cdone
	// K1: the first min(n,16) values, K2: the rest (shift counts must be
	// in CX, so n moves to DX). Lanes masked off load as zero.
	MOVQ CX, DX
	CMPQ CX, $16
	JLE clo
	MOVQ $16, CX

clo:
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K1
	MOVQ DX, CX
	SUBQ $16, CX
	JGT chi
	XORQ CX, CX

chi:
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K2
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z 64(SI), K2, Z1
	CVT_Z0_Z1_Z2
	VMOVUPS Z2, (DI)

cdone:
	VZEROUPPER
	RET
