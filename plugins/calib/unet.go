package calib

import (
	"fmt"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// UNetOptions configures NewUNet. Zero fields take the defaults shown.
type UNetOptions struct {
	In      int // input channels (1)
	Classes int // output classes (4)
	Base    int // channels of the first level, doubled at each level down (8)
	Depth   int // number of 2×2 poolings (3); the input side must divide by 2^Depth
	Seed    uint64
}

func (o UNetOptions) defaults() UNetOptions {
	if o.In == 0 {
		o.In = 1
	}
	if o.Classes == 0 {
		o.Classes = 4
	}
	if o.Base == 0 {
		o.Base = 8
	}
	if o.Depth == 0 {
		o.Depth = 3
	}
	return o
}

// UNet is a 2-D U-Net (Ronneberger et al. 2015) in its plain form: at each
// level two 3×3 convolutions with ReLU (padding 1, so sizes are kept), 2×2
// max pooling on the way down, nearest-neighbour ×2 upsampling on the way
// up followed by concatenation with the skip connection and two more 3×3
// conv+ReLU, and a 1×1 convolution to class logits. No normalisation
// layers. Weights are initialised as PyTorch's Conv2d does.
type UNet struct {
	Opt  UNetOptions
	down [][2]*nn.Conv2d // Depth levels plus the bottleneck
	up   [][2]*nn.Conv2d
	head *nn.Conv2d
}

// NewUNet builds a U-Net with seeded weights.
func NewUNet(opt UNetOptions) (*UNet, error) {
	o := opt.defaults()
	if o.In < 1 || o.Classes < 2 || o.Base < 1 || o.Depth < 1 || o.Depth > 6 {
		return nil, fmt.Errorf("calib: U-Net options %+v: want In ≥ 1, Classes ≥ 2, Base ≥ 1 and 1 ≤ Depth ≤ 6", opt)
	}
	r := tensor.NewRand(o.Seed)
	conv := func(in, out, k int) *nn.Conv2d {
		c := nn.NewConv2d(in, out, k, 1, k/2, r)
		c.ReLU = k == 3
		return c
	}
	u := &UNet{Opt: o}
	in := o.In
	for l := 0; l <= o.Depth; l++ {
		w := o.Base << l
		u.down = append(u.down, [2]*nn.Conv2d{conv(in, w, 3), conv(w, w, 3)})
		in = w
	}
	for l := o.Depth - 1; l >= 0; l-- {
		w := o.Base << l
		u.up = append(u.up, [2]*nn.Conv2d{conv(in+w, w, 3), conv(w, w, 3)})
		in = w
	}
	u.head = conv(in, o.Classes, 1)
	return u, nil
}

// Forward maps images (N, In, H, W) to logits (N, Classes, H, W); H and W
// must be divisible by 2^Depth.
func (u *UNet) Forward(x *tensor.Tensor) *tensor.Tensor {
	var skips []*tensor.Tensor
	for l, blk := range u.down {
		x = blk[1].Forward(blk[0].Forward(x))
		if l < len(u.down)-1 {
			skips = append(skips, x)
			x = nn.MaxPool(x, 2, 2)
		}
	}
	for i, blk := range u.up {
		s := skips[len(skips)-1-i]
		x = tensor.Concat(1, nn.UpsampleNearest(x, 2), s)
		x = blk[1].Forward(blk[0].Forward(x))
	}
	return u.head.Forward(x)
}

// Parameters lists the weights in a fixed order (down, up, head).
func (u *UNet) Parameters() []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, b := range append(append([][2]*nn.Conv2d{}, u.down...), u.up...) {
		ps = append(ps, b[0].Parameters()...)
		ps = append(ps, b[1].Parameters()...)
	}
	return append(ps, u.head.Parameters()...)
}

// Train does nothing: the U-Net has no dropout or normalisation.
func (u *UNet) Train(bool) {}

// Predict returns the logits of images (N, In, H, W), batch images at a
// time. It records no graph: tensor.NoGradFor holds this net's parameters
// constant, leaving the models an Experiment trains at the same time alone
// (tensor.NoGrad would switch recording off for all of them).
func (u *UNet) Predict(images *tensor.Tensor, batch int) (*tensor.Tensor, error) {
	if images == nil || images.Rank() != 4 || images.Dim(1) != u.Opt.In {
		return nil, fmt.Errorf("calib: U-Net input must be (N, %d, H, W)", u.Opt.In)
	}
	n, h, w := images.Dim(0), images.Dim(2), images.Dim(3)
	if m := 1 << u.Opt.Depth; h%m != 0 || w%m != 0 {
		return nil, fmt.Errorf("calib: image size %d×%d is not divisible by 2^Depth = %d: crop or pad the images", h, w, m)
	}
	if batch <= 0 {
		batch = 16
	}
	c := u.Opt.Classes
	out := make([]float32, n*c*h*w)
	per := u.Opt.In * h * w
	for i := 0; i < n; i += batch {
		j := min(i+batch, n)
		x := tensor.New(images.Data[i*per:j*per], j-i, u.Opt.In, h, w)
		tensor.NoGradFor(u.Parameters(), func() { copy(out[i*c*h*w:], u.Forward(x).Data) })
	}
	return tensor.New(out, n, c, h, w), nil
}
