package hugepage

import "testing"

func TestInterior(t *testing.T) {
	const M = Size
	for _, c := range []struct{ p, n, beg, end uintptr }{
		{0, 4 * M, 0, 4 * M},
		{8192, 4 * M, M, 4 * M},
		{M - 8192, 2 * M, M, 2 * M},
		{8192, M, M, M},     // no whole page: empty
		{8192, 8192, M, M},  // tiny: empty
		{M, M - 4096, M, M}, // starts aligned, ends short
		{3 * M, 0, 3 * M, 3 * M},
	} {
		beg, end := interior(c.p, c.n)
		if beg != c.beg || end != c.end {
			t.Errorf("interior(%#x, %#x) = [%#x, %#x), want [%#x, %#x)", c.p, c.n, beg, end, c.beg, c.end)
		}
	}
}

func TestOff(t *testing.T) {
	for v, want := range map[string]bool{"off": true, "0": true, " OFF ": true, "false": true, "no": true,
		"": false, "on": false, "1": false} {
		if got := off(v); got != want {
			t.Errorf("off(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestFloat32sLength(t *testing.T) {
	for _, c := range [][2]int{{0, 0}, {10, 16}, {MinBytes / 4, MinBytes / 4}, {3 << 20, 5 << 20}} {
		s := Float32s(c[0], c[1])
		if len(s) != c[0] || cap(s) != c[1] {
			t.Errorf("Float32s(%d, %d): len %d cap %d", c[0], c[1], len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("Float32s(%d, %d)[%d] = %v, want 0", c[0], c[1], i, v)
			}
		}
	}
}
