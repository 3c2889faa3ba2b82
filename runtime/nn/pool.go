package nn

import (
	"math"
	"unsafe"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// MaxPool2d takes the maximum over K×K windows of (N, C, H, W) images,
// moving by Stride (0 means K), without padding.
type MaxPool2d struct {
	noParams
	K, Stride int
}

// Forward pools x.
func (m MaxPool2d) Forward(x *tensor.Tensor) *tensor.Tensor { return MaxPool(x, m.K, m.Stride) }

func image4(op string, x *tensor.Tensor) (n, c, h, w int) {
	s := x.Shape()
	if len(s) != 4 {
		fail(ErrShape, "%s: input must be (N, C, H, W), got %v", op, s)
	}
	return s[0], s[1], s[2], s[3]
}

// MaxPool returns the k×k max pooling of x (N, C, H, W) with the given
// stride (0 means k); the gradient goes to the first maximum of each window.
func MaxPool(x *tensor.Tensor, k, stride int) *tensor.Tensor {
	n, c, h, w := image4("MaxPool", x)
	if stride == 0 {
		stride = k
	}
	if k < 1 || stride < 1 || k > h || k > w {
		fail(ErrShape, "MaxPool: window %d, stride %d on %dx%d images", k, stride, h, w)
	}
	ho, wo := (h-k)/stride+1, (w-k)/stride+1
	planes := n * c
	out := tensor.Scratch(planes * ho * wo) // every element is written below
	xd := x.Data
	grad := x.RequiresGrad() && tensor.GradEnabled()
	if k == 2 && stride == 2 {
		return maxPool2(x, out, grad, n, c, h, w)
	}
	argBuf := tensor.Scratch(len(out))
	arg := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(argBuf))), len(out)) // index within the plane of each window's maximum
	tensor.Parallel(planes, len(out)*k*k, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			plane := xd[p*h*w : (p+1)*h*w]
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					best := (oy*stride)*w + ox*stride
					bv := plane[best]
					for i := 0; i < k; i++ {
						row := (oy*stride + i) * w
						for j := 0; j < k; j++ {
							if v := plane[row+ox*stride+j]; v > bv || (v != v && bv == bv) {
								best, bv = row+ox*stride+j, v
							}
						}
					}
					o := (p*ho+oy)*wo + ox
					out[o], arg[o] = bv, int32(best)
				}
			}
		}
	})
	res := tensor.FromOpScratch(out, []int{n, c, ho, wo}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		g := tensor.GradOf(x)
		tensor.Parallel(planes, len(out), func(lo, hi int) {
			for p := lo; p < hi; p++ {
				gp := g[p*h*w : (p+1)*h*w]
				for o := p * ho * wo; o < (p+1)*ho*wo; o++ {
					gp[arg[o]] += y.Grad[o]
				}
			}
		})
	})
	res.HoldScratch(argBuf)
	return res
}

// maxPool2 is the 2×2, stride-2 window of a U-Net's down path, a row of
// windows at a time by vec.MaxPool2 (AVX-512 where the CPU has it). When
// x needs a gradient, each window keeps a one-byte code of its maximum, and
// the backward writes each pair of gradient rows in one pass from it.
func maxPool2(x *tensor.Tensor, out []float32, grad bool, n, c, h, w int) *tensor.Tensor {
	ho, wo := h/2, w/2
	planes := n * c
	xd := x.Data
	var codeBuf []float32
	var code []uint8
	if grad {
		codeBuf = tensor.Scratch((len(out) + 3) / 4)
		code = unsafe.Slice((*uint8)(unsafe.Pointer(unsafe.SliceData(codeBuf))), len(out))
	}
	tensor.Parallel(planes, 4*len(out), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			for oy := 0; oy < ho; oy++ {
				o := (p*ho + oy) * wo
				r0 := xd[(p*h+2*oy)*w : (p*h+2*oy+1)*w]
				r1 := xd[(p*h+2*oy+1)*w : (p*h+2*oy+2)*w]
				var cr []uint8
				if code != nil {
					cr = code[o : o+wo]
				}
				vec.MaxPool2(out[o:o+wo], cr, r0, r1)
			}
		}
	})
	res := tensor.FromOpScratch(out, []int{n, c, ho, wo}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		// Windows tile the plane: a fresh gradient buffer is written
		// whole, row pair by row pair, instead of cleared and scattered into.
		g, assign := tensor.GradFor(x)
		tensor.Parallel(planes, len(out), func(lo, hi int) {
			for p := lo; p < hi; p++ {
				gp := g[p*h*w : (p+1)*h*w]
				for oy := 0; oy < ho; oy++ {
					o := (p*ho + oy) * wo
					r0, r1 := gp[2*oy*w:(2*oy+1)*w], gp[(2*oy+1)*w:(2*oy+2)*w]
					vec.MaxPool2Grad(r0, r1, y.Grad[o:o+wo], code[o:o+wo], assign)
					if assign && w > 2*wo { // an odd last column
						r0[w-1], r1[w-1] = 0, 0
					}
				}
				if assign {
					clear(gp[2*ho*w:]) // an odd last row
				}
			}
		})
	})
	if codeBuf != nil {
		res.HoldScratch(codeBuf)
	}
	return res
}

// Upsample enlarges (N, C, H, W) images by an integer Scale, by nearest
// neighbour or, with Bilinear set, by bilinear interpolation.
type Upsample struct {
	noParams
	Scale    int
	Bilinear bool
}

// Forward upsamples x.
func (u Upsample) Forward(x *tensor.Tensor) *tensor.Tensor {
	if u.Bilinear {
		return UpsampleBilinear(x, u.Scale)
	}
	return UpsampleNearest(x, u.Scale)
}

// UpsampleNearest repeats every pixel of x (N, C, H, W) into an s×s block.
func UpsampleNearest(x *tensor.Tensor, s int) *tensor.Tensor {
	n, c, h, w := image4("UpsampleNearest", x)
	if s < 1 {
		fail(ErrShape, "UpsampleNearest: scale %d, want >= 1", s)
	}
	ho, wo := h*s, w*s
	planes := n * c
	out := tensor.Scratch(planes * ho * wo) // every element is written below
	xd := x.Data
	tensor.Parallel(planes, len(out), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			for y := 0; y < h; y++ {
				src := xd[(p*h+y)*w : (p*h+y+1)*w]
				first := out[(p*ho+y*s)*wo : (p*ho+y*s+1)*wo]
				repeatEach(first, src, s)
				for r := 1; r < s; r++ { // the other rows of the block are copies
					copy(out[(p*ho+y*s+r)*wo:(p*ho+y*s+r+1)*wo], first)
				}
			}
		}
	})
	return tensor.FromOpScratch(out, []int{n, c, ho, wo}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		if s == 2 {
			g, assign := tensor.GradFor(x)
			tensor.Parallel(planes, len(out), func(lo, hi int) { upsample2Grad(y.Grad, g, lo, hi, h, w, assign) })
			return
		}
		g := tensor.GradOf(x)
		tensor.Parallel(planes, len(out), func(lo, hi int) {
			acc := make([]float32, wo)
			for p := lo; p < hi; p++ {
				for yy := 0; yy < h; yy++ {
					// Sum the block's s rows, then each run of s columns.
					base := (p*ho + yy*s) * wo
					copy(acc, y.Grad[base:base+wo])
					for r := 1; r < s; r++ {
						vec.Add(y.Grad[base+r*wo:base+(r+1)*wo], acc)
					}
					dst := g[(p*h+yy)*w : (p*h+yy+1)*w]
					for xx := range dst {
						var sum float32
						for _, v := range acc[xx*s : (xx+1)*s] {
							sum += v
						}
						dst[xx] += sum
					}
				}
			}
		})
	})
}

// upsample2Grad adds (or with assign, stores) the gradient of nearest ×2
// upsampling for planes [lo, hi) into g: each input pixel gets the sum of
// its 2×2 block, added in the general loop's order (the two rows first,
// then the two columns).
func upsample2Grad(dy, g []float32, lo, hi, h, w int, assign bool) {
	wo := 2 * w
	for p := lo; p < hi; p++ {
		for yy := 0; yy < h; yy++ {
			base := (p*2*h + 2*yy) * wo
			r0, r1 := dy[base:base+wo], dy[base+wo:base+2*wo]
			dst := g[(p*h+yy)*w : (p*h+yy+1)*w]
			r0, r1 = r0[:2*len(dst)], r1[:2*len(dst)]
			if assign {
				for x := range dst {
					dst[x] = (r0[2*x] + r1[2*x]) + (r0[2*x+1] + r1[2*x+1])
				}
				continue
			}
			for x := range dst {
				dst[x] += (r0[2*x] + r1[2*x]) + (r0[2*x+1] + r1[2*x+1])
			}
		}
	}
}

// bilinearTaps gives, for each output coordinate along one axis, the two
// source indices and the weight of the second, with PyTorch's
// align_corners=False convention: src = (dst + 0.5)/scale − 0.5, clamped at 0.
func bilinearTaps(in, s int) (i0, i1 []int, lam []float32) {
	out := in * s
	i0, i1, lam = make([]int, out), make([]int, out), make([]float32, out)
	for d := 0; d < out; d++ {
		src := math.Max((float64(d)+0.5)/float64(s)-0.5, 0)
		a := int(src)
		if a > in-1 {
			a = in - 1
		}
		b := min(a+1, in-1)
		i0[d], i1[d], lam[d] = a, b, float32(src-float64(a))
	}
	return i0, i1, lam
}

// UpsampleBilinear enlarges x (N, C, H, W) by s with bilinear interpolation
// (PyTorch's mode="bilinear", align_corners=False).
func UpsampleBilinear(x *tensor.Tensor, s int) *tensor.Tensor {
	n, c, h, w := image4("UpsampleBilinear", x)
	if s < 1 {
		fail(ErrShape, "UpsampleBilinear: scale %d, want >= 1", s)
	}
	ho, wo := h*s, w*s
	y0, y1, ly := bilinearTaps(h, s)
	x0, x1, lx := bilinearTaps(w, s)
	planes := n * c
	out := tensor.Scratch(planes * ho * wo) // every element is written below
	xd := x.Data
	tensor.Parallel(planes, len(out)*4, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			plane := xd[p*h*w : (p+1)*h*w]
			for oy := 0; oy < ho; oy++ {
				r0, r1 := plane[y0[oy]*w:(y0[oy]+1)*w], plane[y1[oy]*w:(y1[oy]+1)*w]
				wy := ly[oy]
				dst := out[(p*ho+oy)*wo : (p*ho+oy+1)*wo]
				for ox := range dst {
					a := r0[x0[ox]] + lx[ox]*(r0[x1[ox]]-r0[x0[ox]])
					b := r1[x0[ox]] + lx[ox]*(r1[x1[ox]]-r1[x0[ox]])
					dst[ox] = a + wy*(b-a)
				}
			}
		}
	})
	return tensor.FromOpScratch(out, []int{n, c, ho, wo}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		g := tensor.GradOf(x)
		tensor.Parallel(planes, len(out)*4, func(lo, hi int) {
			for p := lo; p < hi; p++ {
				gp := g[p*h*w : (p+1)*h*w]
				for oy := 0; oy < ho; oy++ {
					src := y.Grad[(p*ho+oy)*wo : (p*ho+oy+1)*wo]
					wy := ly[oy]
					r0, r1 := gp[y0[oy]*w:(y0[oy]+1)*w], gp[y1[oy]*w:(y1[oy]+1)*w]
					for ox, gv := range src {
						a, b := gv*(1-wy), gv*wy
						r0[x0[ox]] += a * (1 - lx[ox])
						r0[x1[ox]] += a * lx[ox]
						r1[x0[ox]] += b * (1 - lx[ox])
						r1[x1[ox]] += b * lx[ox]
					}
				}
			}
		})
	})
}

// repeatEach writes each value of src s times in a row into dst (a row of
// nearest upsampling, 2-D or 3-D).
func repeatEach(dst, src []float32, s int) {
	if s == 2 { // the U-Net's case, without a loop per element
		dst = dst[:2*len(src)]
		for x, v := range src {
			dst[2*x], dst[2*x+1] = v, v
		}
		return
	}
	for x, v := range src {
		blk := dst[x*s : (x+1)*s]
		for i := range blk {
			blk[i] = v
		}
	}
}
