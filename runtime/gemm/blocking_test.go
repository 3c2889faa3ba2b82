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

func TestPickTile(t *testing.T) {
	k8 := &kernel{name: "8x48", mr: 8, nr: 48}
	p := packed{k: &kernel{name: "14x32", mr: 14, nr: 32, alt: []*kernel{k8}}}
	for _, c := range []struct {
		m, n int
		want string
	}{
		{8, 4096, "8x48"},    // a convolution with 8 output channels
		{16, 4096, "8x48"},   // 14 rows would pad to 28
		{64, 1024, "8x48"},   // 64 rows: 5.7% less padding, B read in place
		{14, 1024, "14x32"},  // no padding either way: the main tile
		{2048, 768, "14x32"}, // B packed: 8×48 pads 0.5% less but is slower
		{2048, 3072, "14x32"},
		{65, 1024, "14x32"},  // 14×32 pads less
		{128, 1152, "8x48"},  // 128 channels: 14 rows would pad to 140
		{128, 196, "8x48"},   // 2% less padding
		{120, 196, "14x32"},  // 14×32 pads less
		{136, 1152, "14x32"}, // more than 16 rows of 8×48 tiles
	} {
		if got := p.pickTile(c.m, c.n).name; got != c.want {
			t.Errorf("pickTile(m=%d, n=%d) = %s, want %s", c.m, c.n, got, c.want)
		}
	}
}

// TestEvenBlock: the blocks cover the units once, in order within each
// part, and the parts (what each of parts threads takes when they keep
// pace) differ by at most one unit.
func TestEvenBlock(t *testing.T) {
	for _, c := range []struct{ units, parts, sub int }{
		{74, 2, 6}, // n = 1024 in 14-row tiles on two threads
		{19, 2, 4}, // n = 256
		{147, 2, 11},
		{3, 2, 4}, // fewer units than blocks: some blocks are empty
		{100, 3, 4},
		{5, 1, 4},
	} {
		seen := make([]int, c.units)
		per := make([]int, c.parts)
		next := make([]int, c.parts)
		for blk := 0; blk < c.parts*c.sub; blk++ {
			lo, hi := evenBlock(c.units, c.parts, c.sub, blk)
			if lo > hi || lo < 0 || hi > c.units {
				t.Fatalf("%+v: block %d is [%d,%d)", c, blk, lo, hi)
			}
			part := blk % c.parts
			if lo < hi && lo != next[part] && next[part] != 0 {
				t.Errorf("%+v: block %d starts at %d, part %d ended at %d", c, blk, lo, part, next[part])
			}
			if lo < hi {
				next[part] = hi
			}
			per[part] += hi - lo
			for u := lo; u < hi; u++ {
				seen[u]++
			}
		}
		for u, n := range seen {
			if n != 1 {
				t.Errorf("%+v: unit %d in %d blocks", c, u, n)
			}
		}
		lo, hi := per[0], per[0]
		for _, n := range per {
			lo, hi = min(lo, n), max(hi, n)
		}
		if hi-lo > 1 {
			t.Errorf("%+v: parts of %v units", c, per)
		}
	}
}
