//go:build amd64 && !purego

package vec

import (
	"sync"
	"sync/atomic"
)

//go:noescape
func winoIn43AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)

//go:noescape
func winoIn43Row4AVX512(src *float32, ld, h, w, rows int, dst *float32, ldd int)

//go:noescape
func winoGrad43Row4AVX512(src *float32, ld, h, w, rows int, dst *float32, ldd int)

//go:noescape
func winoGrad43AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)

//go:noescape
func winoOut43Row4AVX512(src *float32, lds, n int, dst *float32, ldd, lines int, bias float32, mode int, colMask int)

//go:noescape
func winoOut43AVX512(src *float32, lds int, idx *int32, masks *uint16, passes int, dst *float32, ldd int, bias float32, mode int)

// wino43Plan is what the AVX-512 kernels need for one plane geometry,
// sixteen tiles (lanes) a pass: each tile's offset 4r·ld + 4t, and per
// pass sixteen lane masks: for the tile's lines i = 0..5, then its
// columns j = 0..5, the lanes where that line (column) lies in the plane,
// and the pass's lanes. The masks come in two kinds: padded (line 4r+i−1,
// column 4t+j−1, the input transform's) and plain (4r+i, 4t+j: the
// output and its gradient).
type wino43Plan struct {
	idx           []int32
	padded, plain []uint16
}

type wino43Key struct{ step, ld, h, w, rows, tiles int }

// wino43Plans caches the plans by geometry: a short list replaced, never
// changed, so that a lookup takes no lock and hashes nothing (a training
// step asks for the same one or two every call; a map's hash of the key
// cost 7% of a layer's time).
var (
	wino43Plans  atomic.Pointer[[]wino43Entry]
	wino43PlanMu sync.Mutex
)

type wino43Entry struct {
	key  wino43Key
	plan *wino43Plan
}

func findPlan43(key wino43Key) *wino43Plan {
	if l := wino43Plans.Load(); l != nil {
		for i := range *l {
			if (*l)[i].key == key {
				return (*l)[i].plan
			}
		}
	}
	return nil
}

// plan43 is the plan of tiles step values apart (4 for F(4×4, 3×3), 2 for
// the outputs of WinogradOutS2).
func plan43(step, ld, h, w, rows, tiles int) *wino43Plan {
	key := wino43Key{step, ld, h, w, rows, tiles}
	if p := findPlan43(key); p != nil {
		return p
	}
	wino43PlanMu.Lock()
	defer wino43PlanMu.Unlock()
	if p := findPlan43(key); p != nil {
		return p
	}
	n := rows * tiles
	passes := (n + 15) / 16
	p := &wino43Plan{idx: make([]int32, 16*passes), padded: make([]uint16, 16*passes), plain: make([]uint16, 16*passes)}
	for k := 0; k < n; k++ {
		r, t := k/tiles, k%tiles
		p.idx[k] = int32(step*r*ld + step*t)
		m := k / 16 * 16
		bit := uint16(1) << (k % 16)
		for i := 0; i < 6; i++ {
			if y := step*r + i - 1; y >= 0 && y < h {
				p.padded[m+i] |= bit
			}
			if x := step*t + i - 1; x >= 0 && x < w {
				p.padded[m+6+i] |= bit
			}
			if step*r+i < h {
				p.plain[m+i] |= bit
			}
			if step*t+i < w {
				p.plain[m+6+i] |= bit
			}
		}
		p.padded[m+12] |= bit
		p.plain[m+12] |= bit
	}
	// The most recent first; a few dozen geometries at most are kept.
	next := []wino43Entry{{key, p}}
	if old := wino43Plans.Load(); old != nil {
		next = append(next, (*old)[:min(len(*old), 31)]...)
	}
	wino43Plans.Store(&next)
	return p
}

// winoIn43Fast runs WinogradIn43 (arguments checked) when AVX-512 is
// there, and reports whether it did.
func winoIn43Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	if tiles == 4 && w <= 14 { // whole lines and permutes, no gathers (the MNIST CNN's 14×14)
		winoIn43Row4AVX512(&src[0], ld, h, w, rows, &dst[0], ldd)
		return true
	}
	p := plan43(4, ld, h, w, rows, tiles)
	winoIn43AVX512(&src[0], ld, &p.idx[0], &p.padded[0], len(p.idx)/16, &dst[0], ldd)
	return true
}

// winoGrad43Fast is winoIn43Fast for WinogradGrad43.
func winoGrad43Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	if tiles == 4 && w <= 16 { // whole lines and permutes, no gathers
		winoGrad43Row4AVX512(&src[0], ld, h, w, rows, &dst[0], ldd)
		return true
	}
	p := plan43(4, ld, h, w, rows, tiles)
	winoGrad43AVX512(&src[0], ld, &p.idx[0], &p.plain[0], len(p.idx)/16, &dst[0], ldd)
	return true
}

// winoOut43Fast is winoIn43Fast for WinogradOut43 (the plan of the output
// plane: lines × cols, line stride ldd).
func winoOut43Fast(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	if tiles == 4 { // whole output lines, no scatter (the MNIST CNN's 14×14)
		winoOut43Row4AVX512(&src[0], lds, rows*tiles, &dst[0], ldd, lines, bias, mode, 1<<cols-1)
		return true
	}
	p := plan43(4, ldd, lines, cols, rows, tiles)
	winoOut43AVX512(&src[0], lds, &p.idx[0], &p.plain[0], len(p.idx)/16, &dst[0], ldd, bias, mode)
	return true
}
