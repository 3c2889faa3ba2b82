//go:build amd64 && !purego

#include "textflag.h"

// Row kernels of the transformer blocks on 16 lanes, with masked loads and
// stores for a row's last partial 16: the attention softmax over a row's
// valid prefix, and LayerNorm with the residual added in the same pass.

DATA rowK<>+0(SB)/4, $0xff800000  // −Inf
DATA rowK<>+4(SB)/4, $0xc2aeac4f  // −87.3365: e^x stays a normal float32
DATA rowK<>+8(SB)/4, $0x3fb8aa3b  // log2 e
DATA rowK<>+12(SB)/4, $0x3f318000 // ln 2, high part
DATA rowK<>+16(SB)/4, $0xb95e8083 // ln 2, low part
DATA rowK<>+20(SB)/4, $0x3f800000 // 1
DATA rowK<>+24(SB)/4, $0x39506967 // expf c0
DATA rowK<>+28(SB)/4, $0x3ab743ce
DATA rowK<>+32(SB)/4, $0x3c088908
DATA rowK<>+36(SB)/4, $0x3d2aa9c1
DATA rowK<>+40(SB)/4, $0x3e2aaaaa
DATA rowK<>+44(SB)/4, $0x3f000000 // expf c5
GLOBL rowK<>(SB), RODATA|NOPTR, $48

// MASK sets K1 to the lanes of the next step: all 16 when CX >= 16, the low
// CX otherwise (clobbers AX).
#define MASK(full, next) \
	CMPQ CX, $16 \
	JL   next \
	KXNORW K1, K1, K1 \
	JMP  full \
next: \
	MOVL  $1, AX \
	SHLL  CX, AX \
	DECL  AX \
	KMOVW AX, K1

// HSUM16 adds Z's 16 lanes into the low lane of X (clobbers Y8, X9).
#define HSUM16(Z, Y, X) \
	VEXTRACTF64X4 $1, Z, Y8 \
	VADDPS        Y8, Y, Y \
	VEXTRACTF128  $1, Y, X9 \
	VADDPS        X9, X, X \
	VPERMILPS     $0x4e, X, X9 \
	VADDPS        X9, X, X \
	VPERMILPS     $0xb1, X, X9 \
	VADDSS        X9, X, X

// func softmaxPrefixAVX512(row *float32, n int)
// row[:n] = softmax(row[:n]), n >= 1: the maximum, then e^(x − max) stored
// and summed (e^x by the Cephes expf polynomial, arguments clamped at
// −87.34 as vec.Exp's), then the scaling by the sum's reciprocal.
TEXT ·softmaxPrefixAVX512(SB), NOSPLIT, $0-16
	MOVQ         row+0(FP), DI
	MOVQ         n+8(FP), DX
	VBROADCASTSS rowK<>+0(SB), Z20
	VBROADCASTSS rowK<>+4(SB), Z21
	VBROADCASTSS rowK<>+8(SB), Z22
	VBROADCASTSS rowK<>+12(SB), Z23
	VBROADCASTSS rowK<>+16(SB), Z24
	VBROADCASTSS rowK<>+20(SB), Z25
	VBROADCASTSS rowK<>+24(SB), Z26
	VBROADCASTSS rowK<>+28(SB), Z27
	VBROADCASTSS rowK<>+32(SB), Z28
	VBROADCASTSS rowK<>+36(SB), Z29
	VBROADCASTSS rowK<>+40(SB), Z30
	VBROADCASTSS rowK<>+44(SB), Z31

	// the maximum; lanes past n read as −Inf
	VMOVAPS Z20, Z10
	MOVQ    DI, SI
	MOVQ    DX, CX

smmax:
	MASK(smmaxfull, smmaxtail)

smmaxfull:
	VMOVAPS Z20, Z0
	VMOVUPS (SI), K1, Z0
	VMAXPS  Z0, Z10, Z10
	ADDQ    $64, SI
	SUBQ    $16, CX
	JG      smmax
	VEXTRACTF64X4 $1, Z10, Y8
	VMAXPS        Y8, Y10, Y10
	VEXTRACTF128  $1, Y10, X9
	VMAXPS        X9, X10, X10
	VPERMILPS     $0x4e, X10, X9
	VMAXPS        X9, X10, X10
	VPERMILPS     $0xb1, X10, X9
	VMAXPS        X9, X10, X10
	VBROADCASTSS  X10, Z10

	// e^(x − max), stored, and their sum over the valid lanes
	VXORPS Z11, Z11, Z11
	MOVQ   DI, SI
	MOVQ   DX, CX

smexp:
	MASK(smexpfull, smexptail)

smexpfull:
	VMOVUPS.Z    (SI), K1, Z0
	VSUBPS       Z10, Z0, Z0
	VMAXPS       Z21, Z0, Z0
	VMULPS       Z22, Z0, Z1
	VRNDSCALEPS  $0, Z1, Z1
	VFNMADD231PS Z23, Z1, Z0
	VFNMADD231PS Z24, Z1, Z0
	VMOVAPS      Z26, Z2
	VFMADD213PS  Z27, Z0, Z2
	VFMADD213PS  Z28, Z0, Z2
	VFMADD213PS  Z29, Z0, Z2
	VFMADD213PS  Z30, Z0, Z2
	VFMADD213PS  Z31, Z0, Z2
	VMULPS       Z0, Z0, Z3
	VFMADD213PS  Z0, Z3, Z2
	VADDPS       Z25, Z2, Z2
	VSCALEFPS    Z1, Z2, Z2
	VMOVUPS      Z2, K1, (SI)
	VADDPS       Z2, Z11, K1, Z11
	ADDQ         $64, SI
	SUBQ         $16, CX
	JG           smexp
	HSUM16(Z11, Y11, X11)
	VDIVSS       X11, X25, X11
	VBROADCASTSS X11, Z11

	// scale by 1/sum
	MOVQ DI, SI
	MOVQ DX, CX

smscale:
	MASK(smscalefull, smscaletail)

smscalefull:
	VMULPS.Z (SI), Z11, K1, Z0
	VMOVUPS  Z0, K1, (SI)
	ADDQ     $64, SI
	SUBQ     $16, CX
	JG       smscale
	VZEROUPPER
	RET

// func layerNormAVX512(x, res, bias, gamma, beta *float32, dim int, eps float32)
// One row of width dim >= 1: x = LayerNorm(x + res + bias) (res or bias
// nil: not added) with gain gamma and shift beta; the mean and the variance
// (two passes) summed in float32 over 16 lanes.
TEXT ·layerNormAVX512(SB), NOSPLIT, $0-52
	MOVQ x+0(FP), DI
	MOVQ res+8(FP), R8
	MOVQ bias+16(FP), R11
	MOVQ gamma+24(FP), R9
	MOVQ beta+32(FP), R10
	MOVQ dim+40(FP), DX

	// s = x + res + bias (stored back when either is added), and its sum
	VXORPS Z10, Z10, Z10
	MOVQ   DI, SI
	MOVQ   R8, BX
	MOVQ   R11, R12
	MOVQ   DX, CX

lnsum:
	MASK(lnsumfull, lnsumtail)

lnsumfull:
	VMOVUPS.Z (SI), K1, Z0
	TESTQ     BX, BX
	JZ        lnnores
	VADDPS.Z  (BX), Z0, K1, Z0
	ADDQ      $64, BX

lnnores:
	TESTQ    R12, R12
	JZ       lnnobias
	VADDPS.Z (R12), Z0, K1, Z0
	ADDQ     $64, R12

lnnobias:
	VMOVUPS Z0, K1, (SI)
	VADDPS Z0, Z10, Z10
	ADDQ   $64, SI
	SUBQ   $16, CX
	JG     lnsum
	HSUM16(Z10, Y10, X10)
	VCVTSI2SSQ   DX, X12, X12 // dim
	VDIVSS       X12, X10, X10
	VBROADCASTSS X10, Z10     // mean

	// the variance
	VXORPS Z11, Z11, Z11
	MOVQ   DI, SI
	MOVQ   DX, CX

lnvar:
	MASK(lnvarfull, lnvartail)

lnvarfull:
	VMOVUPS.Z   (SI), K1, Z0
	VSUBPS.Z    Z10, Z0, K1, Z0
	VFMADD231PS Z0, Z0, Z11
	ADDQ        $64, SI
	SUBQ        $16, CX
	JG          lnvar
	HSUM16(Z11, Y11, X11)
	VDIVSS       X12, X11, X11
	VADDSS       eps+48(FP), X11, X11
	VSQRTSS      X11, X11, X11
	VBROADCASTSS rowK<>+20(SB), X13
	VDIVSS       X11, X13, X11
	VBROADCASTSS X11, Z11      // 1/sqrt(var + eps)

	// x = (s − mean)·inv·gamma + beta
	MOVQ DI, SI
	MOVQ DX, CX

lnout:
	MASK(lnoutfull, lnouttail)

lnoutfull:
	VMOVUPS.Z   (SI), K1, Z0
	VSUBPS      Z10, Z0, Z0
	VMULPS      Z11, Z0, Z0
	VMOVUPS.Z   (R9), K1, Z1
	VMOVUPS.Z   (R10), K1, Z2
	VFMADD213PS Z2, Z1, Z0
	VMOVUPS     Z0, K1, (SI)
	ADDQ        $64, SI
	ADDQ        $64, R9
	ADDQ        $64, R10
	SUBQ        $16, CX
	JG          lnout
	VZEROUPPER
	RET
