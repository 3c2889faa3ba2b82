//go:build amd64 && !purego

#include "textflag.h"

// AVX-512 kernels (F, DQ, BW, VL), chosen over the AVX2 ones by CPUID. The
// element-wise kernels take n a multiple of 8 (the Go wrappers' simd
// split), run 64 and then 16 lanes at a time, and finish a last 8 under a
// mask. The register tiles of MulAdd and MulAddT take any width: the last
// strip runs under a mask, where masked-off lanes neither load nor store.

// TAILMASK sets K1 to the low CX bits (CX in 1..16).
#define TAILMASK \
	MOVL $1, AX \
	SHLL CX, AX \
	DECL AX \
	KMOVW AX, K1

// func axpyAVX512(a float32, x, y *float32, n int)
TEXT ·axpyAVX512(SB), NOSPLIT, $0-32
	VBROADCASTSS a+0(FP), Z0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
axpy64:
	CMPQ CX, $64
	JL   axpy16
	VMOVUPS (SI), Z1
	VMOVUPS 64(SI), Z2
	VMOVUPS 128(SI), Z3
	VMOVUPS 192(SI), Z4
	VFMADD213PS (DI), Z0, Z1
	VFMADD213PS 64(DI), Z0, Z2
	VFMADD213PS 128(DI), Z0, Z3
	VFMADD213PS 192(DI), Z0, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  axpy64
axpy16:
	CMPQ CX, $16
	JL   axpytail
	VMOVUPS (SI), Z1
	VFMADD213PS (DI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  axpy16
axpytail:
	TESTQ CX, CX
	JZ    axpydone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z1
	VMOVUPS.Z (DI), K1, Z2
	VFMADD213PS Z2, Z0, Z1
	VMOVUPS Z1, K1, (DI)
axpydone:
	VZEROUPPER
	RET

// func addAVX512(dst, x, y *float32, n int)
// dst = x + y
TEXT ·addAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
add64:
	CMPQ CX, $64
	JL   add16
	VMOVUPS (SI), Z1
	VMOVUPS 64(SI), Z2
	VMOVUPS 128(SI), Z3
	VMOVUPS 192(SI), Z4
	VADDPS (DX), Z1, Z1
	VADDPS 64(DX), Z2, Z2
	VADDPS 128(DX), Z3, Z3
	VADDPS 192(DX), Z4, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  add64
add16:
	CMPQ CX, $16
	JL   addtail
	VMOVUPS (SI), Z1
	VADDPS (DX), Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  add16
addtail:
	TESTQ CX, CX
	JZ    adddone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z1
	VMOVUPS.Z (DX), K1, Z2
	VADDPS Z2, Z1, Z1
	VMOVUPS Z1, K1, (DI)
adddone:
	VZEROUPPER
	RET

// func mulAVX512(dst, x, y *float32, n int)
// dst = x · y
TEXT ·mulAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
mul64:
	CMPQ CX, $64
	JL   mul16
	VMOVUPS (SI), Z1
	VMOVUPS 64(SI), Z2
	VMOVUPS 128(SI), Z3
	VMOVUPS 192(SI), Z4
	VMULPS (DX), Z1, Z1
	VMULPS 64(DX), Z2, Z2
	VMULPS 128(DX), Z3, Z3
	VMULPS 192(DX), Z4, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  mul64
mul16:
	CMPQ CX, $16
	JL   multail
	VMOVUPS (SI), Z1
	VMULPS (DX), Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  mul16
multail:
	TESTQ CX, CX
	JZ    muldone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z1
	VMOVUPS.Z (DX), K1, Z2
	VMULPS Z2, Z1, Z1
	VMOVUPS Z1, K1, (DI)
muldone:
	VZEROUPPER
	RET

// func fillAVX512(v float32, x *float32, n int)
TEXT ·fillAVX512(SB), NOSPLIT, $0-24
	VBROADCASTSS v+0(FP), Z0
	MOVQ x+8(FP), DI
	MOVQ n+16(FP), CX
fill64:
	CMPQ CX, $64
	JL   fill16
	VMOVUPS Z0, (DI)
	VMOVUPS Z0, 64(DI)
	VMOVUPS Z0, 128(DI)
	VMOVUPS Z0, 192(DI)
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  fill64
fill16:
	CMPQ CX, $16
	JL   filltail
	VMOVUPS Z0, (DI)
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  fill16
filltail:
	TESTQ CX, CX
	JZ    filldone
	TAILMASK
	VMOVUPS Z0, K1, (DI)
filldone:
	VZEROUPPER
	RET

// func reluAVX512(dst, x *float32, n int)
// max(0, x) with x as the second source, so a NaN in x comes through.
TEXT ·reluAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VXORPS Z0, Z0, Z0
relu64:
	CMPQ CX, $64
	JL   relu16
	VMAXPS (SI), Z0, Z1
	VMAXPS 64(SI), Z0, Z2
	VMAXPS 128(SI), Z0, Z3
	VMAXPS 192(SI), Z0, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  relu64
relu16:
	CMPQ CX, $16
	JL   relutail
	VMAXPS (SI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  relu16
relutail:
	TESTQ CX, CX
	JZ    reludone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z1
	VMAXPS Z1, Z0, Z1
	VMOVUPS Z1, K1, (DI)
reludone:
	VZEROUPPER
	RET

// func reluGradAVX512(grad, y, dy *float32, n int)
// grad += dy where y > 0 (ordered: a NaN in y passes nothing)
TEXT ·reluGradAVX512(SB), NOSPLIT, $0-32
	MOVQ grad+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	VXORPS Z0, Z0, Z0
rg32:
	CMPQ CX, $32
	JL   rg16
	VMOVUPS (SI), Z1
	VMOVUPS 64(SI), Z2
	VCMPPS $0x1e, Z0, Z1, K2 // K2 = y > 0
	VCMPPS $0x1e, Z0, Z2, K3
	VMOVUPS (DI), Z3
	VMOVUPS 64(DI), Z4
	VADDPS (DX), Z3, K2, Z3
	VADDPS 64(DX), Z4, K3, Z4
	VMOVUPS Z3, (DI)
	VMOVUPS Z4, 64(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  rg32
rg16:
	CMPQ CX, $16
	JL   rgtail
	VMOVUPS (SI), Z1
	VCMPPS $0x1e, Z0, Z1, K2
	VMOVUPS (DI), Z3
	VADDPS (DX), Z3, K2, Z3
	VMOVUPS Z3, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  rg16
rgtail:
	TESTQ CX, CX
	JZ    rgdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z1
	VCMPPS $0x1e, Z0, Z1, K1, K2 // within the tail
	VMOVUPS.Z (DI), K1, Z3
	VADDPS (DX), Z3, K2, Z3
	VMOVUPS Z3, K1, (DI)
rgdone:
	VZEROUPPER
	RET

// func maxIntoAVX512(m, x *float32, n int)
// m = max(m, x) elementwise (a NaN in m is kept; one in x may be dropped).
TEXT ·maxIntoAVX512(SB), NOSPLIT, $0-24
	MOVQ m+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
mx16:
	CMPQ CX, $16
	JL   mxtail
	VMOVUPS (SI), Z0
	VMAXPS (DI), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  mx16
mxtail:
	TESTQ CX, CX
	JZ    mxdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (DI), K1, Z1
	VMAXPS Z1, Z0, Z0
	VMOVUPS Z0, K1, (DI)
mxdone:
	VZEROUPPER
	RET

// func sumAVX512(x *float32, n int) float32
TEXT ·sumAVX512(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
sum64:
	CMPQ CX, $64
	JL   sum16
	VADDPS (SI), Z0, Z0
	VADDPS 64(SI), Z1, Z1
	VADDPS 128(SI), Z2, Z2
	VADDPS 192(SI), Z3, Z3
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  sum64
sum16:
	CMPQ CX, $16
	JL   sumtail
	VADDPS (SI), Z0, Z0
	ADDQ $64, SI
	SUBQ $16, CX
	JMP  sum16
sumtail:
	TESTQ CX, CX
	JZ    sumreduce
	TAILMASK
	VMOVUPS.Z (SI), K1, Z4
	VADDPS Z4, Z1, Z1
sumreduce:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	MOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func dotAVX512(x, y *float32, n int) float32
TEXT ·dotAVX512(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ n+16(FP), CX
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
dot64:
	CMPQ CX, $64
	JL   dot16
	VMOVUPS (SI), Z4
	VMOVUPS 64(SI), Z5
	VMOVUPS 128(SI), Z6
	VMOVUPS 192(SI), Z7
	VFMADD231PS (DX), Z4, Z0
	VFMADD231PS 64(DX), Z5, Z1
	VFMADD231PS 128(DX), Z6, Z2
	VFMADD231PS 192(DX), Z7, Z3
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $64, CX
	JMP  dot64
dot16:
	CMPQ CX, $16
	JL   dottail
	VMOVUPS (SI), Z4
	VFMADD231PS (DX), Z4, Z0
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  dot16
dottail:
	TESTQ CX, CX
	JZ    dotreduce
	TAILMASK
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DX), K1, Z5
	VFMADD231PS Z5, Z4, Z1
dotreduce:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	MOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func adamAVX512(w, grad, mom, vel *float32, n int, c *[7]float32)
// c = b1, 1−b1, b2, 1−b2, step, √bc2, eps; the Go loop's operations in its
// order, none fused, so every kernel set gives the same bits.
TEXT ·adamAVX512(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), DX
	MOVQ mom+16(FP), SI
	MOVQ vel+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX
	VBROADCASTSS 0(AX), Z0
	VBROADCASTSS 4(AX), Z1
	VBROADCASTSS 8(AX), Z2
	VBROADCASTSS 12(AX), Z3
	VBROADCASTSS 16(AX), Z4
	VBROADCASTSS 20(AX), Z5
	VBROADCASTSS 24(AX), Z6
adam16:
	CMPQ CX, $16
	JL   adamtail
	VMOVUPS (SI), Z9
	VMOVUPS (BX), Z12
	VMOVUPS (DI), Z14
	VMOVUPS (DX), Z8 // g
	VMULPS Z0, Z9, Z10 // b1·m
	VMULPS Z1, Z8, Z11 // (1−b1)·g
	VADDPS Z11, Z10, Z9 // m
	VMULPS Z2, Z12, Z10 // b2·v
	VMULPS Z3, Z8, Z11 // (1−b2)·g
	VMULPS Z8, Z11, Z11 // ·g
	VADDPS Z11, Z10, Z12 // v
	VSQRTPS Z12, Z13
	VDIVPS Z5, Z13, Z13 // √v / √bc2
	VADDPS Z6, Z13, Z13 // + eps
	VMULPS Z4, Z9, Z10 // step·m
	VDIVPS Z13, Z10, Z10
	VSUBPS Z10, Z14, Z14 // w −= …
	VMOVUPS Z9, (SI)
	VMOVUPS Z12, (BX)
	VMOVUPS Z14, (DI)
	ADDQ $64, DI
	ADDQ $64, DX
	ADDQ $64, SI
	ADDQ $64, BX
	SUBQ $16, CX
	JMP  adam16
adamtail:
	TESTQ CX, CX
	JZ    adamdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z9
	VMOVUPS.Z (BX), K1, Z12
	VMOVUPS.Z (DI), K1, Z14
	VMOVUPS.Z (DX), K1, Z8
	VMULPS Z0, Z9, Z10 // b1·m
	VMULPS Z1, Z8, Z11 // (1−b1)·g
	VADDPS Z11, Z10, Z9 // m
	VMULPS Z2, Z12, Z10 // b2·v
	VMULPS Z3, Z8, Z11 // (1−b2)·g
	VMULPS Z8, Z11, Z11 // ·g
	VADDPS Z11, Z10, Z12 // v
	VSQRTPS Z12, Z13
	VDIVPS Z5, Z13, Z13 // √v / √bc2
	VADDPS Z6, Z13, Z13 // + eps
	VMULPS Z4, Z9, Z10 // step·m
	VDIVPS Z13, Z10, Z10
	VSUBPS Z10, Z14, Z14 // w −= …
	VMOVUPS Z9, K1, (SI)
	VMOVUPS Z12, K1, (BX)
	VMOVUPS Z14, K1, (DI)
adamdone:
	VZEROUPPER
	RET

// func logAVX512(dst, x *float32, n int) (special bool)
// dst = ln x for n a multiple of 8: e·ln2 + 2·atanh((m−1)/(m+1)) with
// x = m·2^e, m in [3/4, 3/2) (VGETEXPPS, VGETMANTPS), the series to s⁹.
// It reports whether any x was not a positive normal number (zero,
// negative, subnormal, infinite or NaN), for the caller to redo those.
TEXT ·logAVX512(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVL $0x3f800000, AX // 1
	VPBROADCASTD AX, Z10
	MOVL $0x3eaaaaab, AX // 1/3
	VPBROADCASTD AX, Z11
	MOVL $0x3e4ccccd, AX // 1/5
	VPBROADCASTD AX, Z12
	MOVL $0x3e124925, AX // 1/7
	VPBROADCASTD AX, Z13
	MOVL $0x3de38e39, AX // 1/9
	VPBROADCASTD AX, Z14
	MOVL $0x3f318000, AX // ln2, high part
	VPBROADCASTD AX, Z15
	MOVL $0xb95e8083, AX // ln2, low part
	VPBROADCASTD AX, Z16
	KXORW K3, K3, K3
log16:
	CMPQ CX, $16
	JL   logtail
	VMOVUPS (SI), Z1
	VFPCLASSPSZ $0xff, Z1, K2 // NaN, ±0, ±Inf, subnormal, negative
	KORW K2, K3, K3
	VGETEXPPS Z1, Z2 // e = floor(log2 x)
	VGETMANTPS $3, Z1, Z3 // m in [3/4, 3/2)
	VCMPPS $1, Z10, Z3, K4 // m < 1: the mantissa was halved
	VADDPS Z10, Z2, K4, Z2
	VSUBPS Z10, Z3, Z4
	VADDPS Z10, Z3, Z5
	VDIVPS Z5, Z4, Z4 // s = (m−1)/(m+1), |s| < 1/5
	VMULPS Z4, Z4, Z5
	VMOVAPS Z14, Z6
	VFMADD213PS Z13, Z5, Z6
	VFMADD213PS Z12, Z5, Z6
	VFMADD213PS Z11, Z5, Z6
	VFMADD213PS Z10, Z5, Z6
	VMULPS Z4, Z6, Z6
	VADDPS Z6, Z6, Z6 // ln m = 2·atanh s
	VFMADD231PS Z16, Z2, Z6 // + e·ln2, low part first
	VFMADD231PS Z15, Z2, Z6
	VMOVUPS Z6, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  log16
logtail:
	TESTQ CX, CX
	JZ    logdone
	TAILMASK
	VMOVUPS.Z (SI), K1, Z1
	VFPCLASSPSZ $0xff, Z1, K1, K2
	KORW K2, K3, K3
	VGETEXPPS Z1, Z2 // e = floor(log2 x)
	VGETMANTPS $3, Z1, Z3 // m in [3/4, 3/2)
	VCMPPS $1, Z10, Z3, K4 // m < 1: the mantissa was halved
	VADDPS Z10, Z2, K4, Z2
	VSUBPS Z10, Z3, Z4
	VADDPS Z10, Z3, Z5
	VDIVPS Z5, Z4, Z4 // s = (m−1)/(m+1), |s| < 1/5
	VMULPS Z4, Z4, Z5
	VMOVAPS Z14, Z6
	VFMADD213PS Z13, Z5, Z6
	VFMADD213PS Z12, Z5, Z6
	VFMADD213PS Z11, Z5, Z6
	VFMADD213PS Z10, Z5, Z6
	VMULPS Z4, Z6, Z6
	VADDPS Z6, Z6, Z6 // ln m = 2·atanh s
	VFMADD231PS Z16, Z2, Z6 // + e·ln2, low part first
	VFMADD231PS Z15, Z2, Z6
	VMOVUPS Z6, K1, (DI)
logdone:
	KORTESTW K3, K3
	SETNE special+24(FP)
	VZEROUPPER
	RET
