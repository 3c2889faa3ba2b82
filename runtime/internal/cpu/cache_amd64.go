//go:build amd64 && !purego

package cpu

// L1DSize and L2Size are the bytes of this core's level-1 data cache and
// level-2 cache from CPUID's cache descriptors (leaf 4 on Intel, leaf
// 0x8000001D on AMD), or 0 when the CPU does not describe them (the
// kernels then keep their built-in block sizes).
var L1DSize, L2Size = cacheSizes()

func cacheSizes() (l1d, l2 int) {
	maxLeaf, b, c, d := cpuid(0, 0)
	leaf := uint32(4)
	if b != 0x756e6547 || d != 0x49656e69 || c != 0x6c65746e { // not "GenuineIntel"
		maxExt, _, _, _ := cpuid(0x80000000, 0)
		if maxExt < 0x8000001d {
			return 0, 0
		}
		leaf = 0x8000001d
	} else if maxLeaf < 4 {
		return 0, 0
	}
	for sub := uint32(0); sub < 16; sub++ {
		a, b, c, _ := cpuid(leaf, sub)
		kind, level := a&0x1f, (a>>5)&7
		if kind == 0 { // no more caches
			break
		}
		// ways × partitions × line size × sets, each stored minus one.
		size := int(b>>22+1) * int((b>>12)&0x3ff+1) * int(b&0xfff+1) * int(c+1)
		switch {
		case level == 1 && kind == 1: // data
			l1d = size
		case level == 2 && (kind == 3 || kind == 1): // unified (or data)
			l2 = size
		}
	}
	return l1d, l2
}
