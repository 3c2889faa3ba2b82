package gemm

import "testing"

func TestNCFor(t *testing.T) {
	for _, c := range []struct{ l2, kc, nr, want int }{
		{0, 256, 32, 4096},        // L2 unknown: the built-in block
		{2 << 20, 256, 32, 1024},  // 2 MiB (Sapphire Rapids): 1 MiB of B
		{2 << 20, 256, 48, 1008},  // a multiple of the tile's width
		{1 << 20, 256, 32, 512},   // 1 MiB (Skylake-SP)
		{512 << 10, 256, 16, 256}, // 512 KiB (Zen 1-3)
		{64 << 20, 256, 32, 4096}, // never more than the built-in block
		{16 << 10, 256, 32, 32},   // at least one panel
	} {
		if got := ncFor(c.l2, c.kc, c.nr); got != c.want {
			t.Errorf("ncFor(l2=%d, kc=%d, nr=%d) = %d, want %d", c.l2, c.kc, c.nr, got, c.want)
		}
	}
}
