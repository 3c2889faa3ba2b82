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
