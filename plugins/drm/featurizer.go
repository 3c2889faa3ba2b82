package drm

import (
	"fmt"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// Featurizer maps a batch of inputs (N, C, H, W) to features (N, OutDim).
// Every algorithm puts linear heads on one.
type Featurizer interface {
	nn.Module
	OutDim() int
}

// FeaturizerFunc makes a fresh featurizer for inputs of shape (c, h, w)
// from rng; the protocol calls it once per training run.
type FeaturizerFunc func(c, h, w int, rng *rand.Rand) Featurizer

// MLP is DomainBed's MLP featurizer without dropout: the flattened input,
// then hidden-wide ReLU layers.
func MLP(hidden, layers int) FeaturizerFunc {
	return func(c, h, w int, rng *rand.Rand) Featurizer {
		s := nn.NewSequential(nn.Flatten{})
		in := c * h * w
		for range max(1, layers) {
			s.Append(nn.NewLinear(in, hidden, rng))
			s.Append(nn.ReLU{})
			in = hidden
		}
		return &seqFeat{Sequential: s, out: hidden}
	}
}

// CNN is a small convolutional featurizer for small images: two blocks of
// 3×3 convolution with ReLU and 2×2 max pooling (width and 2·width
// channels), then a linear layer to out features with ReLU. It is a reduced
// version of DomainBed's MNIST_CNN (four convolutions of 64–128 channels and
// group normalisation), sized for a CPU.
func CNN(width, out int) FeaturizerFunc {
	return func(c, h, w int, rng *rand.Rand) Featurizer {
		if h < 4 || w < 4 {
			panic(fmt.Sprintf("drm: CNN needs images of at least 4×4, got %d×%d", h, w))
		}
		c1 := nn.NewConv2d(c, width, 3, 1, 1, rng)
		c1.ReLU = true
		c2 := nn.NewConv2d(width, 2*width, 3, 1, 1, rng)
		c2.ReLU = true
		s := nn.NewSequential(c1, nn.MaxPool2d{K: 2}, c2, nn.MaxPool2d{K: 2}, nn.Flatten{},
			nn.NewLinear(2*width*(h/4)*(w/4), out, rng), nn.ReLU{})
		return &seqFeat{Sequential: s, out: out}
	}
}

// MNISTCNN is DomainBed's MNIST_CNN featurizer, the default for image
// data: four 3×3 convolutions of 64, 128, 128 and 128 channels (the second
// with stride 2), each followed by ReLU and then group normalisation in 8
// groups, and the mean over pixels, giving 128 features. DomainBed uses it
// for Rotated and Colored MNIST alike; on 14×14 Colored MNIST images the
// same layers give 7×7 maps before the pooling. Each ReLU is taken by the
// group norm after it (newReLUGroupNorm), so the convolutions run without
// a fused ReLU and their backward passes without its masking pass.
func MNISTCNN() FeaturizerFunc {
	return func(c, h, w int, rng *rand.Rand) Featurizer {
		if h < 2 || w < 2 {
			panic(fmt.Sprintf("drm: MNISTCNN needs images of at least 2×2, got %d×%d", h, w))
		}
		s := nn.NewSequential(
			nn.NewConv2d(c, 64, 3, 1, 1, rng), newReLUGroupNorm(8, 64),
			nn.NewConv2d(64, 128, 3, 2, 1, rng), newReLUGroupNorm(8, 128),
			nn.NewConv2d(128, 128, 3, 1, 1, rng), newReLUGroupNorm(8, 128),
			nn.NewConv2d(128, 128, 3, 1, 1, rng), newReLUGroupNorm(8, 128),
			globalAvgPool{})
		return &seqFeat{Sequential: s, out: 128}
	}
}

// DefaultFeaturizer is what a Config without a Featurizer gets, chosen by
// the input shape as DomainBed's Featurizer does: MNISTCNN for images (H
// and W above 1), MLP(128, 2) for tables.
func DefaultFeaturizer(c, h, w int) FeaturizerFunc {
	if h > 1 && w > 1 {
		return MNISTCNN()
	}
	return MLP(128, 2)
}

type seqFeat struct {
	*nn.Sequential
	out int
}

func (f *seqFeat) OutDim() int { return f.out }

// snapshot copies parameters' values, to restore a checkpoint or to reset
// an adapted model between test domains.
func snapshot(ps []*tensor.Tensor) [][]float32 {
	out := make([][]float32, len(ps))
	for i, p := range ps {
		out[i] = append([]float32(nil), p.Data...)
	}
	return out
}

func restore(ps []*tensor.Tensor, s [][]float32) {
	for i, p := range ps {
		copy(p.Data, s[i])
		p.Grad = nil
	}
}
