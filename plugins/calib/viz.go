package calib

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/yaknb/yak/plugins/chart"
	"github.com/yaknb/yak/runtime/tensor"
)

// ReliabilityDiagram draws the reliability diagram of probs (N, C, H, W)
// against labels with bins equal-width bins (lo, hi] (15 when bins ≤ 0),
// over the foreground pixels only (the paper's ECE) or all pixels. Bad
// input gives a chart whose output is the error.
func ReliabilityDiagram(title string, probs *tensor.Tensor, labels []int, foregroundOnly bool, bins int) *chart.Calibration {
	if bins <= 0 {
		bins = 15
	}
	conf, ok, err := Reliability(probs, labels, foregroundOnly)
	if err != nil {
		return chart.ReliabilityBins(title+": "+err.Error(), nil, nil, nil)
	}
	sc, sa, cnt := make([]float64, bins), make([]float64, bins), make([]int, bins)
	for i, c := range conf {
		b := binOf(c, bins)
		cnt[b]++
		sc[b] += c
		if ok[i] {
			sa[b]++
		}
	}
	for b := range cnt {
		if cnt[b] > 0 {
			sc[b] /= float64(cnt[b])
			sa[b] /= float64(cnt[b])
		} else {
			sc[b], sa[b] = math.NaN(), math.NaN() // empty: drawn as a gap
		}
	}
	return chart.ReliabilityBins(title, sc, sa, cnt)
}

// palette colours classes 0..7 (background black).
var palette = []color.RGBA{{0, 0, 0, 255}, {230, 80, 60, 255}, {60, 160, 230, 255}, {90, 200, 90, 255},
	{240, 200, 60, 255}, {180, 90, 220, 255}, {60, 220, 210, 255}, {240, 240, 240, 255}}

// LabelImage draws image i of a label map (N·H·W) in class colours.
func LabelImage(labels []int, i, H, W int) image.Image {
	im := image.NewRGBA(image.Rect(0, 0, W, H))
	for s := 0; s < H*W && (i+1)*H*W <= len(labels); s++ {
		im.SetRGBA(s%W, s/W, palette[labels[i*H*W+s]%len(palette)])
	}
	return im
}

// GrayImage draws channel 0 of image i of x (N, C, H, W), scaled from its
// minimum to its maximum.
func GrayImage(x *tensor.Tensor, i int) image.Image {
	C, H, W := x.Dim(1), x.Dim(2), x.Dim(3)
	d := x.Data[i*C*H*W : i*C*H*W+H*W]
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range d {
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	im := image.NewGray(image.Rect(0, 0, W, H))
	for s, v := range d {
		im.SetGray(s%W, s/W, color.Gray{uint8(255 * (float64(v) - lo) / math.Max(hi-lo, 1e-12))})
	}
	return im
}

// Prediction returns the arg-max label map of probs (N, C, H, W) or (N,
// C, D, H, W).
func Prediction(probs *tensor.Tensor) []int {
	N, C := probs.Dim(0), probs.Dim(1)
	hw := probs.Len() / max(N*C, 1)
	out := make([]int, 0, N*hw)
	for n := 0; n < N; n++ {
		out = append(out, argmaxImage(probs.Data[n*C*hw:(n+1)*C*hw], C, hw)...)
	}
	return out
}

// ConfidenceMap draws the confidence (largest probability) of image i of
// probs (N, C, H, W) on a dark-to-bright heat scale from 1/C to 1: the
// uncertain pixels are the dark ones, and a calibrated model draws dark
// bands along its boundaries.
func ConfidenceMap(probs *tensor.Tensor, i int) image.Image {
	C, H, W := probs.Dim(1), probs.Dim(2), probs.Dim(3)
	hw := H * W
	p := probs.Data[i*C*hw : (i+1)*C*hw]
	im := image.NewRGBA(image.Rect(0, 0, W, H))
	for s := 0; s < hw; s++ {
		m := 0.0
		for k := 0; k < C; k++ {
			m = math.Max(m, float64(p[k*hw+s]))
		}
		t := (m - 1/float64(C)) / (1 - 1/float64(C))
		im.SetRGBA(s%W, s/W, heat(t))
	}
	return im
}

// heat maps t in [0, 1] to black → red → yellow → white.
func heat(t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	c := func(v float64) uint8 { return uint8(255 * math.Max(0, math.Min(1, v))) }
	return color.RGBA{c(3 * t), c(3*t - 1), c(3*t - 2), 255}
}

// Panel is an image grid of the first n test images: for each, the image,
// its ground truth, and each model's prediction and confidence map. Of
// volumes it shows the middle slice (depth D/2).
func Panel(title string, test *Dataset, names []string, probs []*tensor.Tensor, n int) (*chart.Grid, error) {
	if len(names) != len(probs) {
		return nil, fmt.Errorf("calib: %d names for %d models", len(names), len(probs))
	}
	if test.Images.Rank() == 5 {
		d := test.Images.Dim(2)
		for j, p := range probs {
			if p.Rank() != 5 || p.Dim(2) != d {
				return nil, fmt.Errorf("calib: probabilities of %s have shape %v; want (%d, C, %d, H, W) as the volumes", names[j], p.Shape(), test.Len(), d)
			}
		}
		mid := &Dataset{Images: middleSlice(test.Images), Classes: test.Classes}
		mid.Labels = middleLabels(test.Labels, test.Images.Shape())
		sliced := make([]*tensor.Tensor, len(probs))
		for j, p := range probs {
			sliced[j] = middleSlice(p)
		}
		test, probs = mid, sliced
	}
	H, W := test.Images.Dim(2), test.Images.Dim(3)
	n = min(n, test.Len())
	var ims []image.Image
	var labels []string
	for i := 0; i < n; i++ {
		ims = append(ims, GrayImage(test.Images, i), LabelImage(test.Labels, i, H, W))
		labels = append(labels, fmt.Sprintf("image %d", i), "truth")
		for j, p := range probs {
			if p.Dim(0) != test.Len() || p.Dim(2) != H || p.Dim(3) != W {
				return nil, fmt.Errorf("calib: probabilities of %s have shape %v; want (%d, C, %d, %d)", names[j], p.Shape(), test.Len(), H, W)
			}
			pred := argmaxImage(p.Data[i*p.Dim(1)*H*W:(i+1)*p.Dim(1)*H*W], p.Dim(1), H*W)
			ims = append(ims, LabelImage(pred, 0, H, W), ConfidenceMap(p, i))
			labels = append(labels, names[j], names[j]+" conf.")
		}
	}
	return chart.Images(title, ims, labels, 2+2*len(probs)), nil
}

// middleSlice is the slice at depth D/2 of volumes x (N, C, D, H, W), as
// images (N, C, H, W).
func middleSlice(x *tensor.Tensor) *tensor.Tensor {
	n, c, d, hw := x.Dim(0), x.Dim(1), x.Dim(2), x.Dim(3)*x.Dim(4)
	out := make([]float32, 0, n*c*hw)
	for p := 0; p < n*c; p++ {
		out = append(out, x.Data[(p*d+d/2)*hw:][:hw]...)
	}
	return tensor.New(out, n, c, x.Dim(3), x.Dim(4))
}

// middleLabels is middleSlice for the label maps of volumes of shape
// (N, 1, D, H, W).
func middleLabels(lab []int, shape []int) []int {
	n, d, hw := shape[0], shape[2], shape[3]*shape[4]
	out := make([]int, 0, n*hw)
	for i := 0; i < n; i++ {
		out = append(out, lab[(i*d+d/2)*hw:][:hw]...)
	}
	return out
}
