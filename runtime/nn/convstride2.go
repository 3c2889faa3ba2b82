package nn

import "github.com/yaknb/yak/runtime/tensor/vec"

// Stride 2 moves every other pixel: the forward pass's phases take every
// other column of every other line, and the input gradient's columns fold
// back into every other pixel. vec.EveryOther and vec.AddEveryOther do a
// block of lines per call; one value at a time these loops took 29 and 50
// ms of the MNIST CNN's 64→128 stride-2 layer (320 images, one thread,
// forward + backward 268 ms).

// layPhases2 is layPhases for stride 2 (xp already cleared): the lines y
// of one parity land on consecutive lines of their phase, so each of the
// four phases of a channel is one call.
func (g *convGeom) layPhases2(d *directGeom, x, xp []float32) {
	p := g.pad
	for c := 0; c < g.cin; c++ {
		for a := 0; a < 2; a++ {
			y0 := ((a-p)%2 + 2) % 2 // the first y with (y+pad) mod 2 == a
			if y0 >= g.h {
				continue
			}
			rows := (g.h - y0 + 1) / 2
			for b := 0; b < 2; b++ {
				x0 := ((b-p)%2 + 2) % 2
				if x0 >= g.w {
					continue
				}
				dst := xp[c*d.plane+(a*2+b)*d.phasePlane+((y0+p)/2)*d.pw+(x0+p)/2:]
				src := x[(c*g.h+y0)*g.w+x0:]
				vec.EveryOther(dst, d.pw, src, 2*g.w, rows, (g.w-x0+1)/2)
			}
		}
	}
}

// col2imStride2 is col2imLd for stride 2: column row (c, i, j) adds into
// the pixels (2·oy−pad+i, 2·ox−pad+j) of channel c that fall inside the
// input, one call per row. The same additions in the same order as the
// general loop.
func (g *convGeom) col2imStride2(col []float32, ld int, dx []float32) {
	for c := 0; c < g.cin; c++ {
		plane := dx[c*g.h*g.w : (c+1)*g.h*g.w]
		for i := 0; i < g.kh; i++ {
			oy0, oy1 := stride2Range(g.pad-i, g.h, g.ho)
			if oy1 <= oy0 {
				continue
			}
			for j := 0; j < g.kw; j++ {
				ox0, ox1 := stride2Range(g.pad-j, g.w, g.wo)
				if ox1 <= ox0 {
					continue
				}
				row := col[((c*g.kh+i)*g.kw+j)*ld:]
				dst := plane[(2*oy0-g.pad+i)*g.w+2*ox0-g.pad+j:]
				vec.AddEveryOther(dst, 2*g.w, row[oy0*g.wo+ox0:], g.wo, oy1-oy0, ox1-ox0)
			}
		}
	}
}

// stride2Range returns the outputs [lo, hi) whose input 2·o − off falls
// in [0, size), o < n.
func stride2Range(off, size, n int) (lo, hi int) {
	if off > 0 {
		lo = (off + 1) / 2
	}
	if size-1+off >= 0 {
		hi = min(n, (size-1+off)/2+1)
	}
	return lo, hi
}
