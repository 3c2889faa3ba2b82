//go:build amd64 && !purego

package cpu

func cpuid(leaf, sub uint32) (a, b, c, d uint32)
func xgetbv0() uint32

// HasAVX2FMA is true when the CPU has AVX2 and FMA3 and the OS saves the YMM
// registers across context switches.
var HasAVX2FMA = detect()

// HasAVX512 is true when the CPU has AVX-512 F, BW, DQ and VL (Skylake-SP
// and later servers, Ice Lake and later clients) and the OS saves the ZMM
// and mask registers; it implies HasAVX2FMA.
var HasAVX512 = HasAVX2FMA && detectAVX512()

// HasAVX512BF16 is true when HasAVX512 and the CPU has AVX512_BF16
// (VDPBF16PS: Cooper Lake, Sapphire Rapids and later; Zen 4).
var HasAVX512BF16 = HasAVX512 && detectAVX512BF16()

// HasAMXBF16 is true when the CPU has AMX-TILE and AMX-BF16 and the OS has
// enabled the tile state in XCR0 (Sapphire Rapids and later). On Linux a
// process must still ask for the tile data with arch_prctl before its first
// tile instruction; runtime/gemm does that.
var HasAMXBF16 = HasAVX512 && detectAMXBF16()

// HasAVX512VNNI is true when HasAVX512 and the CPU has AVX512_VNNI
// (VPDPBUSD: Cascade Lake, Ice Lake and later; Zen 4), the 8-bit integer dot
// products of runtime/lm/ops.
var HasAVX512VNNI = HasAVX512 && detectAVX512VNNI()

func detectAVX512VNNI() bool {
	_, _, c, _ := cpuid(7, 0)
	return c&(1<<11) != 0
}

func detectAVX512BF16() bool {
	maxSub, _, _, _ := cpuid(7, 0)
	if maxSub < 1 {
		return false
	}
	a, _, _, _ := cpuid(7, 1)
	return a&(1<<5) != 0
}

func detectAMXBF16() bool {
	const tileState = 1<<17 | 1<<18 // XTILECFG, XTILEDATA
	if xgetbv0()&tileState != tileState {
		return false
	}
	_, _, _, d := cpuid(7, 0)
	const amxBF16, amxTile = 1 << 22, 1 << 24
	return d&(amxBF16|amxTile) == amxBF16|amxTile
}

func detectAVX512() bool {
	// XCR0: SSE, AVX, opmask, upper halves of ZMM0-15, ZMM16-31.
	const zmmState = 1<<1 | 1<<2 | 1<<5 | 1<<6 | 1<<7
	if xgetbv0()&zmmState != zmmState {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	const f, dq, bw, vl = 1 << 16, 1 << 17, 1 << 30, 1 << 31
	return b7&(f|dq|bw|vl) == f|dq|bw|vl
}

func detect() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xgetbv0()&6 != 6 { // XMM and YMM state enabled by the OS
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}
