package calib

import (
	"math"
	"reflect"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// cube marks the voxels of [lo, hi)³ in an n³ volume.
func cube(n, lo, hi int) []bool {
	m := make([]bool, n*n*n)
	for z := lo; z < hi; z++ {
		for y := lo; y < hi; y++ {
			for x := lo; x < hi; x++ {
				m[(z*n+y)*n+x] = true
			}
		}
	}
	return m
}

// TestHD95VolumeByHand: nested cubes [2,6)³ in [1,7)³. The inner surface
// (4³ − 2³ = 56 voxels) is 1 from the outer; the outer surface (6³ − 4³ =
// 152) is 1 from the inner on faces (96), √2 on edges (48), √3 at corners
// (8). Of the 208 pooled distances the 95th percentile (position 196.65)
// falls among the √2.
func TestHD95VolumeByHand(t *testing.T) {
	outer, inner := cube(8, 1, 7), cube(8, 2, 6)
	if n := len(surface(outer, 8, 8, 8)); n != 152 {
		t.Errorf("outer cube: %d surface voxels, want 152", n)
	}
	if n := len(surface(cube(4, 0, 4), 4, 4, 4)); n != 56 {
		t.Errorf("full 4³ volume: %d surface voxels, want 56 (the border is surface)", n)
	}
	if d := HD95Volume(inner, outer, 8, 8, 8); math.Abs(d-math.Sqrt2) > 1e-12 {
		t.Errorf("nested cubes: %v, want √2", d)
	}
	if d := HD95Volume(outer, outer, 8, 8, 8); d != 0 {
		t.Errorf("identical: %v, want 0", d)
	}
	if d := HD95Volume(outer, make([]bool, 512), 8, 8, 8); !math.IsNaN(d) {
		t.Errorf("one empty: %v, want NaN", d)
	}
}

// TestEvaluateVolume: a volume is scored whole. A one-slice volume scores
// as the image it holds (the 4-neighbour surface stays 2-D), and a volume
// made of two different slices has Dice and ECE over all its voxels.
func TestEvaluateVolume(t *testing.T) {
	const C, H, W = 3, 6, 5
	rng := tensor.NewRand(4)
	img := Probs(tensor.Randn(rng, 2, 1, C, H, W))
	lab := make([]int, H*W)
	for i := range lab {
		lab[i] = rng.IntN(C)
	}
	want, err := Evaluate(img, lab)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Evaluate(tensor.New(img.Data, 1, C, 1, H, W), lab)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("one-slice volume scores %+v, the image %+v", got[0], want[0])
	}

	// Two slices: the second the first's labels shifted, probabilities of
	// a second draw. Foreground voxels pool over both slices.
	img2 := Probs(tensor.Randn(rng, 2, 1, C, H, W))
	lab2 := make([]int, H*W)
	for i := range lab2 {
		lab2[i] = (lab[i] + 1) % C
	}
	p := make([]float32, 0, 2*C*H*W)
	for k := 0; k < C; k++ {
		p = append(p, img.Data[k*H*W:(k+1)*H*W]...)
		p = append(p, img2.Data[k*H*W:(k+1)*H*W]...)
	}
	vol, err := Evaluate(tensor.New(p, 1, C, 2, H, W), append(append([]int{}, lab...), lab2...))
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := Evaluate(img2, lab2)
	if fg := want[0].Foreground + s2[0].Foreground; vol[0].Foreground != fg {
		t.Errorf("volume foreground %d, slices %d", vol[0].Foreground, fg)
	}
	conf, ok, err := Reliability(tensor.New(p, 1, C, 2, H, W), append(append([]int{}, lab...), lab2...), true)
	if err != nil {
		t.Fatal(err)
	}
	if e := ECE(conf, ok, 15); math.Abs(e-vol[0].ECE) > 1e-12 {
		t.Errorf("volume ECE %v, ECE of its foreground voxels %v", vol[0].ECE, e)
	}
	if math.Abs(vol[0].NLL-(want[0].NLL+s2[0].NLL)/2) > 1e-9 {
		t.Errorf("volume NLL %v, mean of its slices' %v", vol[0].NLL, (want[0].NLL+s2[0].NLL)/2)
	}
}
