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
	// Dims is 2 for images (N, In, H, W), the default, or 3 for volumes
	// (N, In, D, H, W): the same network with 3×3×3 convolutions, 2×2×2
	// pooling and ×2 upsampling in all three directions.
	Dims int
	Seed uint64
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
	if o.Dims == 0 {
		o.Dims = 2
	}
	return o
}

// UNet is a 2-D U-Net (Ronneberger et al. 2015) in its plain form: at each
// level two 3×3 convolutions with ReLU (padding 1, so sizes are kept), 2×2
// max pooling on the way down, nearest-neighbour ×2 upsampling on the way
// up followed by concatenation with the skip connection and two more 3×3
// conv+ReLU, and a 1×1 convolution to class logits. No normalisation
// layers. Weights are initialised as PyTorch's Conv2d does. With Dims 3 it
// is the 3-D U-Net of the same design (Çiçek et al. 2016 without batch
// normalisation): 3×3×3 convolutions, 2×2×2 pooling, as PyTorch's Conv3d.
type UNet struct {
	Opt  UNetOptions
	down [][2]layer // Depth levels plus the bottleneck
	up   [][2]layer
	head layer
}

// layer is a convolution of either dimension.
type layer interface {
	Forward(*tensor.Tensor) *tensor.Tensor
	Parameters() []*tensor.Tensor
}

// NewUNet builds a U-Net with seeded weights.
func NewUNet(opt UNetOptions) (*UNet, error) {
	o := opt.defaults()
	if o.In < 1 || o.Classes < 2 || o.Base < 1 || o.Depth < 1 || o.Depth > 6 || (o.Dims != 2 && o.Dims != 3) {
		return nil, fmt.Errorf("calib: U-Net options %+v: want In ≥ 1, Classes ≥ 2, Base ≥ 1, 1 ≤ Depth ≤ 6 and Dims 2 or 3", opt)
	}
	r := tensor.NewRand(o.Seed)
	conv := func(in, out, k int) layer {
		if o.Dims == 3 {
			c := nn.NewConv3d(in, out, k, k/2, r)
			c.ReLU = k == 3
			return c
		}
		c := nn.NewConv2d(in, out, k, 1, k/2, r)
		c.ReLU = k == 3
		return c
	}
	u := &UNet{Opt: o}
	in := o.In
	for l := 0; l <= o.Depth; l++ {
		w := o.Base << l
		u.down = append(u.down, [2]layer{conv(in, w, 3), conv(w, w, 3)})
		in = w
	}
	for l := o.Depth - 1; l >= 0; l-- {
		w := o.Base << l
		u.up = append(u.up, [2]layer{conv(in+w, w, 3), conv(w, w, 3)})
		in = w
	}
	u.head = conv(in, o.Classes, 1)
	return u, nil
}

// Forward maps images (N, In, H, W) to logits (N, Classes, H, W), or with
// Dims 3 volumes (N, In, D, H, W) to (N, Classes, D, H, W); every side
// must be divisible by 2^Depth.
func (u *UNet) Forward(x *tensor.Tensor) *tensor.Tensor {
	pool, upsample := nn.MaxPool, nn.UpsampleNearest
	if u.Opt.Dims == 3 {
		pool, upsample = nn.MaxPoolVolume, nn.UpsampleNearestVolume
	}
	var skips []*tensor.Tensor
	for l, blk := range u.down {
		x = blk[1].Forward(blk[0].Forward(x))
		if l < len(u.down)-1 {
			skips = append(skips, x)
			x = pool(x, 2, 2)
		}
	}
	for i, blk := range u.up {
		s := skips[len(skips)-1-i]
		if u.Opt.Dims == 3 {
			x = tensor.Concat(1, upsample(x, 2), s)
		} else {
			x = upConcat(x, s)
		}
		x = blk[1].Forward(blk[0].Forward(x))
	}
	return u.head.Forward(x)
}

// Parameters lists the weights in a fixed order (down, up, head).
func (u *UNet) Parameters() []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, b := range append(append([][2]layer{}, u.down...), u.up...) {
		ps = append(ps, b[0].Parameters()...)
		ps = append(ps, b[1].Parameters()...)
	}
	return append(ps, u.head.Parameters()...)
}

// Train does nothing: the U-Net has no dropout or normalisation.
func (u *UNet) Train(bool) {}

// Predict returns the logits of images (N, In, H, W) (volumes (N, In, D,
// H, W) with Dims 3), batch samples at a time. It records no graph:
// tensor.NoGradFor holds this net's parameters constant, leaving the models
// an Experiment trains at the same time alone (tensor.NoGrad would switch
// recording off for all of them).
func (u *UNet) Predict(images *tensor.Tensor, batch int) (*tensor.Tensor, error) {
	if err := u.checkInput(images); err != nil {
		return nil, err
	}
	n := images.Dim(0)
	if batch <= 0 {
		batch = 16
	}
	c := u.Opt.Classes
	sp := images.Len() / max(n, 1) / u.Opt.In // pixels (voxels) per sample
	shape := images.Shape()
	out := make([]float32, n*c*sp)
	per := u.Opt.In * sp
	for i := 0; i < n; i += batch {
		j := min(i+batch, n)
		bs := append([]int{j - i}, shape[1:]...)
		x := tensor.New(images.Data[i*per:j*per], bs...)
		tensor.NoGradFor(u.Parameters(), func() { copy(out[i*c*sp:], u.Forward(x).Data) })
	}
	shape[1] = c
	return tensor.New(out, shape...), nil
}

// checkInput says what is wrong with a batch the network cannot take.
func (u *UNet) checkInput(images *tensor.Tensor) error {
	want := "(N, %d, H, W)"
	if u.Opt.Dims == 3 {
		want = "(N, %d, D, H, W)"
	}
	if images == nil || images.Rank() != 2+u.Opt.Dims || images.Dim(1) != u.Opt.In {
		var got any = "nil"
		if images != nil {
			got = images.Shape()
		}
		return fmt.Errorf("calib: U-Net input must be "+want+", got %v", u.Opt.In, got)
	}
	m := 1 << u.Opt.Depth
	for _, side := range images.Shape()[2:] {
		if side%m != 0 {
			return fmt.Errorf("calib: size %v is not divisible by 2^Depth = %d: crop or pad the images", images.Shape()[2:], m)
		}
	}
	return nil
}
