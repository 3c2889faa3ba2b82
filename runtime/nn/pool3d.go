package nn

import (
	"unsafe"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// MaxPool3d takes the maximum over K×K×K windows of (N, C, D, H, W)
// volumes, moving by Stride (0 means K), without padding.
type MaxPool3d struct {
	noParams
	K, Stride int
}

// Forward pools x.
func (m MaxPool3d) Forward(x *tensor.Tensor) *tensor.Tensor { return MaxPoolVolume(x, m.K, m.Stride) }

// Upsample3d enlarges (N, C, D, H, W) volumes by an integer Scale by
// nearest neighbour.
type Upsample3d struct {
	noParams
	Scale int
}

// Forward upsamples x.
func (u Upsample3d) Forward(x *tensor.Tensor) *tensor.Tensor {
	return UpsampleNearestVolume(x, u.Scale)
}

func volume5(op string, x *tensor.Tensor) (n, c, d, h, w int) {
	if x.Rank() != 5 {
		fail(ErrShape, "%s: input must be (N, C, D, H, W), got %v", op, x.Shape())
	}
	return x.Dim(0), x.Dim(1), x.Dim(2), x.Dim(3), x.Dim(4)
}

// MaxPoolVolume returns the k×k×k max pooling of x (N, C, D, H, W) with
// the given stride (0 means k), as PyTorch's max_pool3d without padding
// (sizes round down); the gradient goes to the first maximum of each
// window in (depth, row, column) order, and a NaN wins its window (the
// last one if several, as in PyTorch).
func MaxPoolVolume(x *tensor.Tensor, k, stride int) *tensor.Tensor {
	n, c, d, h, w := volume5("MaxPool3d", x)
	if stride == 0 {
		stride = k
	}
	if k < 1 || stride < 1 || k > d || k > h || k > w {
		fail(ErrShape, "MaxPool3d: window %d, stride %d on %dx%dx%d volumes: want 1 <= window <= each side, stride >= 1", k, stride, d, h, w)
	}
	do, ho, wo := (d-k)/stride+1, (h-k)/stride+1, (w-k)/stride+1
	vols, vin, vout := n*c, d*h*w, do*ho*wo
	out := tensor.Scratch(vols * vout) // every element is written below
	if k == 2 && stride == 2 {
		return maxPool3d2(x, out, n, c, d, h, w)
	}
	argBuf := tensor.Scratch(len(out))
	// index within the volume of each window's maximum
	arg := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(argBuf))), len(out))
	xd := x.Data
	// a 2×2×2 window's offsets from its first voxel, in (depth, row,
	// column) order
	taps2 := [8]int{0, 1, w, w + 1, h * w, h*w + 1, h*w + w, h*w + w + 1}
	tensor.Parallel(vols, len(out)*k*k*k, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			v := xd[p*vin : (p+1)*vin]
			o := p * vout
			for oz := 0; oz < do; oz++ {
				for oy := 0; oy < ho; oy++ {
					for ox := 0; ox < wo; ox++ {
						base := (oz*stride*h+oy*stride)*w + ox*stride
						best, bv := base, v[base]
						if k == 2 { // the U-Net's window, its taps unrolled
							for _, t := range taps2[1:] {
								if e := v[base+t]; e > bv || e != e {
									best, bv = base+t, e
								}
							}
						} else {
							for i := 0; i < k; i++ {
								for j := 0; j < k; j++ {
									row := ((oz*stride+i)*h+oy*stride+j)*w + ox*stride
									for m, e := range v[row : row+k] {
										if e > bv || e != e {
											best, bv = row+m, e
										}
									}
								}
							}
						}
						out[o], arg[o] = bv, int32(best)
						o++
					}
				}
			}
		}
	})
	res := tensor.FromOpScratch(out, []int{n, c, do, ho, wo}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		g := tensor.GradOf(x)
		tensor.Parallel(vols, len(out), func(lo, hi int) {
			for p := lo; p < hi; p++ {
				gv := g[p*vin : (p+1)*vin]
				for o := p * vout; o < (p+1)*vout; o++ {
					gv[arg[o]] += y.Grad[o]
				}
			}
		})
	})
	res.HoldScratch(argBuf)
	return res
}

// UpsampleNearestVolume repeats every voxel of x (N, C, D, H, W) into an
// s×s×s block (PyTorch's interpolate with mode="nearest" and an integer
// scale factor).
func UpsampleNearestVolume(x *tensor.Tensor, s int) *tensor.Tensor {
	n, c, d, h, w := volume5("Upsample3d", x)
	if s < 1 {
		fail(ErrShape, "Upsample3d: scale %d, want >= 1", s)
	}
	do, ho, wo := d*s, h*s, w*s
	vols := n * c
	out := tensor.Scratch(vols * do * ho * wo) // every element is written below
	xd := x.Data
	tensor.Parallel(vols*d, len(out), func(lo, hi int) {
		// one item per input plane (volume p, depth z): its s output planes
		for pz := lo; pz < hi; pz++ {
			first := out[pz*s*ho*wo:][:ho*wo]
			for y := 0; y < h; y++ {
				src := xd[(pz*h+y)*w:][:w]
				line := first[y*s*wo:][:wo]
				repeatEach(line, src, s)
				for r := 1; r < s; r++ {
					copy(first[(y*s+r)*wo:][:wo], line)
				}
			}
			for r := 1; r < s; r++ {
				copy(out[(pz*s+r)*ho*wo:][:ho*wo], first)
			}
		}
	})
	return tensor.FromOpScratch(out, []int{n, c, do, ho, wo}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		// Every input voxel's gradient is the sum of its block: written
		// whole, so a fresh buffer needs no clearing.
		g, assign := tensor.GradFor(x)
		dy := y.Grad
		if s == 2 {
			tensor.Parallel(vols*d, len(out), func(lo, hi int) { upsample3d2Grad(dy, g, lo, hi, h, w, assign) })
			return
		}
		tensor.Parallel(vols*d, len(out), func(lo, hi int) {
			for pz := lo; pz < hi; pz++ {
				for yy := 0; yy < h; yy++ {
					dst := g[(pz*h+yy)*w:][:w]
					for xx := range dst {
						var sum float32
						for a := 0; a < s; a++ {
							for b := 0; b < s; b++ {
								row := dy[((pz*s+a)*ho+yy*s+b)*wo+xx*s:][:s]
								for _, v := range row {
									sum += v
								}
							}
						}
						if assign {
							dst[xx] = sum
						} else {
							dst[xx] += sum
						}
					}
				}
			}
		})
	})
}

// upsample3d2Grad adds (or with assign, stores) the gradient of nearest ×2
// upsampling for input planes [lo, hi) into g: the four output lines over
// each input line are summed by vector adds, then each pair of columns.
func upsample3d2Grad(dy, g []float32, lo, hi, h, w int, assign bool) {
	ho, wo := 2*h, 2*w
	acc := tensor.Scratch(wo)
	defer tensor.Release(acc)
	for pz := lo; pz < hi; pz++ {
		for yy := 0; yy < h; yy++ {
			line := func(a, b int) []float32 { return dy[((2*pz+a)*ho+2*yy+b)*wo:][:wo] }
			vec.Sum3(acc, line(0, 0), line(0, 1))
			vec.Add(line(1, 0), acc)
			vec.Add(line(1, 1), acc)
			dst := g[(pz*h+yy)*w:][:w]
			if assign {
				for x := range dst {
					dst[x] = acc[2*x] + acc[2*x+1]
				}
				continue
			}
			for x := range dst {
				dst[x] += acc[2*x] + acc[2*x+1]
			}
		}
	}
}
