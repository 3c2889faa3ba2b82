package calib

import (
	"context"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

func TestSyntheticVolumesDeterministicAndComplete(t *testing.T) {
	const S = 16
	a, err := SyntheticVolumes(SynthOptions{N: 3, Seed: 5, Jitter: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	if sh := a.Images.Shape(); !slices.Equal(sh, []int{3, 1, S, S, S}) {
		t.Fatalf("default volumes of shape %v, want [3 1 16 16 16]", sh)
	}
	b, _ := SyntheticVolumes(SynthOptions{N: 3, Seed: 5, Jitter: 0.3})
	if !slices.Equal(a.Images.Data, b.Images.Data) || !slices.Equal(a.Labels, b.Labels) {
		t.Fatal("same seed, different data")
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	clean, _ := SyntheticVolumes(SynthOptions{N: 3, Seed: 5})
	if !slices.Equal(a.Images.Data, clean.Images.Data) {
		t.Error("the jitter changed the volumes, not only the labels")
	}
	// every class in every volume, and the shell touches the third
	// structure (a 6-neighbour pair of labels 1 and 3)
	at := func(lab []int, z, y, x int) int { return lab[(z*S+y)*S+x] }
	for n := 0; n < 3; n++ {
		lab := clean.Labels[n*S*S*S : (n+1)*S*S*S]
		seen := map[int]bool{}
		touch := false
		for z := 0; z < S; z++ {
			for y := 0; y < S; y++ {
				for x := 0; x < S; x++ {
					v := at(lab, z, y, x)
					seen[v] = true
					for _, d := range [3][3]int{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
						zz, yy, xx := z+d[0], y+d[1], x+d[2]
						if zz < S && yy < S && xx < S && v != 2 && v+at(lab, zz, yy, xx) == 4 {
							touch = true
						}
					}
				}
			}
		}
		if len(seen) != 4 || !touch {
			t.Errorf("volume %d: classes %v, shell touches third: %v", n, seen, touch)
		}
	}
	diff := 0
	for i := range a.Labels {
		if a.Labels[i] != clean.Labels[i] {
			diff++
		}
	}
	if diff == 0 {
		t.Error("Jitter 0.3 changed no label")
	}
	_, _, test, err := SyntheticVolumeSplits(SynthOptions{N: 4, Size: 8, Jitter: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if test.Len() != 2 || test.Annotated == nil || slices.Equal(test.Annotated, test.Labels) {
		t.Errorf("test split: %d volumes, annotated labels differ from clean: %v", test.Len(), test.Annotated != nil && !slices.Equal(test.Annotated, test.Labels))
	}
	for _, o := range []SynthOptions{{Size: 7}, {Jitter: -1}, {N: -1}} {
		if _, err := SyntheticVolumes(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

// TestUNet3dShapesAndTraining: the 3-D U-Net keeps the volume's size, a
// short training on volumes lowers the loss with each paper loss, the same
// seed gives the same weights, and the test scores are per volume.
func TestUNet3dShapesAndTraining(t *testing.T) {
	train, val, test, err := SyntheticVolumeSplits(SynthOptions{N: 8, Seed: 1, Jitter: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	u, err := NewUNet(UNetOptions{Base: 4, Depth: 2, Dims: 3})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := train.Batch([]int{0, 1})
	if sh := u.Forward(x).Shape(); !slices.Equal(sh, []int{2, 4, 16, 16, 16}) {
		t.Fatalf("3-D U-Net output shape %v", sh)
	}
	if _, err := u.Predict(tensor.Zeros(1, 1, 16, 16), 1); err == nil {
		t.Error("3-D U-Net on images: no error")
	}
	if _, err := u.Predict(tensor.Zeros(1, 1, 10, 16, 16), 1); err == nil {
		t.Error("depth 10 with Depth 2: no error")
	}
	if _, err := NewUNet(UNetOptions{Dims: 4}); err == nil {
		t.Error("Dims 4: no error")
	}
	for _, l := range DefaultLosses() {
		t.Run(l.Name(), func(t *testing.T) {
			opt := TrainOptions{Epochs: 3, Batch: 2, LR: 3e-3}
			tr, err := Train(context.Background(), train, val, l, UNetOptions{Base: 4, Depth: 2, Seed: 1}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Model.Opt.Dims != 3 {
				t.Fatalf("trained on volumes with Dims %d", tr.Model.Opt.Dims)
			}
			if tr.TrainLoss[2] >= tr.TrainLoss[0] {
				t.Errorf("training loss did not decrease: %v", tr.TrainLoss)
			}
			if l.Name() != "CE" {
				return
			}
			again, _ := Train(context.Background(), train, val, l, UNetOptions{Base: 4, Depth: 2, Seed: 1}, opt)
			for i, p := range tr.Model.Parameters() {
				if !slices.Equal(p.Data, again.Model.Parameters()[i].Data) {
					t.Fatal("same seeds, different weights")
				}
			}
			sum, lg, err := tr.Test(test)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Images != test.Len() || !slices.Equal(lg.Shape(), []int{test.Len(), 4, 16, 16, 16}) {
				t.Errorf("%d scored volumes, logits %v", sum.Images, lg.Shape())
			}
			if !(sum.ECE >= 0 && sum.ECE <= 1) || !(sum.Dice >= 0 && sum.Dice <= 1) {
				t.Errorf("volume scores out of range: ECE %v, Dice %v", sum.ECE, sum.Dice)
			}
		})
	}
	// volumes and images do not mix
	imgs, _, _, _ := SyntheticSplits(SynthOptions{N: 4, Size: 16})
	if _, err := Train(context.Background(), train, imgs, CE{}, UNetOptions{Base: 2, Depth: 2}, TrainOptions{Epochs: 1}); err == nil {
		t.Error("volume training set with an image validation set: no error")
	}
}

// TestPanelOfVolumes draws the middle slice of each volume and its
// prediction; probabilities of the wrong shape are an error.
func TestPanelOfVolumes(t *testing.T) {
	d, err := SyntheticVolumes(SynthOptions{N: 2, Size: 8})
	if err != nil {
		t.Fatal(err)
	}
	p := Probs(tensor.Zeros(2, 4, 8, 8, 8))
	g, err := Panel("volumes", d, []string{"flat"}, []*tensor.Tensor{p}, 2)
	if err != nil || g == nil {
		t.Fatalf("Panel of volumes: %v", err)
	}
	if b := middleSlice(d.Images); !slices.Equal(b.Data[:64], d.Images.Data[4*64:5*64]) {
		t.Error("middle slice of volume 0 is not depth 4")
	}
	if _, err := Panel("volumes", d, []string{"flat"}, []*tensor.Tensor{Probs(tensor.Zeros(2, 4, 8, 8))}, 2); err == nil {
		t.Error("image probabilities for volumes: no error")
	}
	if pred := Prediction(p); len(pred) != 2*8*8*8 {
		t.Errorf("Prediction of volumes: %d labels, want %d", len(pred), 2*8*8*8)
	}
}
