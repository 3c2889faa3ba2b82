package calib

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSyntheticDeterministicAndComplete(t *testing.T) {
	a, err := Synthetic(SynthOptions{N: 3, Size: 32, Seed: 5, Jitter: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Synthetic(SynthOptions{N: 3, Size: 32, Seed: 5, Jitter: 0.3})
	for i := range a.Images.Data {
		if a.Images.Data[i] != b.Images.Data[i] || a.Labels[i] != b.Labels[i] {
			t.Fatal("same seed, different data")
		}
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	// every class appears in every image, and the ring touches the third
	// structure (a 4-neighbour pair of labels 1 and 3)
	const S = 32
	clean, _ := Synthetic(SynthOptions{N: 3, Size: S, Seed: 5})
	for n := 0; n < 3; n++ {
		seen := map[int]bool{}
		touch := false
		lab := clean.Labels[n*S*S : (n+1)*S*S]
		for y := 0; y < S; y++ {
			for x := 0; x < S; x++ {
				seen[lab[y*S+x]] = true
				if x+1 < S && lab[y*S+x]+lab[y*S+x+1] == 4 && lab[y*S+x] != 2 {
					touch = true
				}
				if y+1 < S && lab[y*S+x]+lab[(y+1)*S+x] == 4 && lab[y*S+x] != 2 {
					touch = true
				}
			}
		}
		if len(seen) != 4 || !touch {
			t.Errorf("image %d: classes %v, ring touches third: %v", n, seen, touch)
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
	if _, err := Synthetic(SynthOptions{Jitter: 2}); err == nil {
		t.Error("Jitter 2: no error")
	}
}

func TestUNetShapesAndTraining(t *testing.T) {
	train, val, test, err := SyntheticSplits(SynthOptions{N: 16, Size: 32, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := NewUNet(UNetOptions{Base: 4, Depth: 2})
	x, _ := train.Batch([]int{0, 1})
	if sh := u.Forward(x).Shape(); sh[0] != 2 || sh[1] != 4 || sh[2] != 32 || sh[3] != 32 {
		t.Fatalf("U-Net output shape %v", sh)
	}
	tr, err := Train(context.Background(), train, val, NACL{}, UNetOptions{Base: 4, Depth: 2, Seed: 1}, TrainOptions{Epochs: 3, Batch: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.TrainLoss) != 3 || tr.TrainLoss[2] >= tr.TrainLoss[0] {
		t.Errorf("training loss did not decrease: %v", tr.TrainLoss)
	}
	if tr.BestValDice != tr.ValDice[tr.BestEpoch-1] {
		t.Errorf("best epoch %d does not hold the best Dice %v", tr.BestEpoch, tr.ValDice)
	}
	s, _, err := tr.Test(test)
	if err != nil {
		t.Fatal(err)
	}
	if math.IsNaN(s.Dice) || s.Images != test.Len() {
		t.Errorf("test summary %+v", s)
	}
	// bad input
	bad := *train
	bad.Labels = train.Labels[:5]
	if _, err := Train(context.Background(), &bad, val, CE{}, UNetOptions{}, TrainOptions{Epochs: 1}); err == nil {
		t.Error("labels of the wrong length: no error")
	}
	odd, _ := Synthetic(SynthOptions{N: 2, Size: 30})
	if _, err := Train(context.Background(), odd, odd, CE{}, UNetOptions{Depth: 3}, TrainOptions{Epochs: 1}); err == nil {
		t.Error("30×30 images with depth 3: no error")
	}
}

func TestCompareSmall(t *testing.T) {
	train, val, test, err := SyntheticSplits(SynthOptions{N: 8, Size: 16, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	opt := Experiment{Train: train, Val: val, Test: test, Losses: []Loss{CE{}, NACL{}}, Seeds: []uint64{1, 2},
		UNet: UNetOptions{Base: 2, Depth: 1}, Training: TrainOptions{Epochs: 2, Batch: 4}}
	p := &countRep{}
	opt.Progress = p
	c, err := opt.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Runs) != 4 || c.Find("NACL", 2) == nil || c.Find("NACL", 2).Temperature <= 0 {
		t.Fatalf("runs %+v", c.Runs)
	}
	if want := 2 * 2 * 2 * 2; p.done != want { // losses × seeds × epochs × steps of 4 of the 8 images
		t.Errorf("progress reached %d of %d steps", p.done, want)
	}
	if s := c.Stat("CE", "Dice", false); s.N != 2 || math.IsNaN(s.Mean) {
		t.Errorf("CE Dice %+v", s)
	}
	if tab := c.Table().String(); !strings.Contains(tab, "NACL +TS") {
		t.Errorf("table:\n%s", tab)
	}
	// same seeds, same numbers
	opt.Workers, opt.Progress = 1, nil
	c2, _ := opt.Run(context.Background())
	if c2.Stat("NACL", "ECE", false) != c.Stat("NACL", "ECE", false) {
		t.Error("Compare is not deterministic across worker counts")
	}
}

type countRep struct{ done int }

func (c *countRep) Add(n int)              { c.done += n }
func (c *countRep) Set(done int, _ ...any) { c.done = done }

// TestSyntheticSplitsAnnotated: the test set carries the clean truth and,
// from the same annotation process as the training labels, jittered
// labels of the same images.
func TestSyntheticSplitsAnnotated(t *testing.T) {
	o := SynthOptions{N: 8, Size: 32, Seed: 4, Jitter: 0.2}
	train, _, test, err := SyntheticSplits(o)
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b []int) bool { return slices.Equal(a, b) }
	jit, _ := Synthetic(SynthOptions{N: 4, Size: 32, Seed: 4 + 2000, Jitter: 0.2})
	clean, _ := Synthetic(SynthOptions{N: 4, Size: 32, Seed: 4 + 2000})
	if !same(test.Labels, clean.Labels) || !same(test.Annotated, jit.Labels) || !slices.Equal(test.Images.Data, jit.Images.Data) {
		t.Error("test split: Labels are not the clean truth or Annotated not the jittered labels of the same images")
	}
	if same(test.Labels, test.Annotated) {
		t.Error("Jitter 0.2 changed no test annotation")
	}
	trainJit, _ := Synthetic(SynthOptions{N: 8, Size: 32, Seed: 4, Jitter: 0.2})
	if !same(train.Labels, trainJit.Labels) || train.Annotated != nil {
		t.Error("training split: labels are not the jittered annotations")
	}
	_, _, test0, _ := SyntheticSplits(SynthOptions{N: 8, Size: 32, Seed: 4})
	if test0.Annotated != nil {
		t.Error("no jitter: the annotated labels are the clean ones, Annotated should be nil")
	}
	bad := *test
	bad.Annotated = test.Annotated[:5]
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "annotated") {
		t.Errorf("short Annotated: %v", err)
	}
}

func TestCompareAgainstAnnotated(t *testing.T) {
	train, val, test, err := SyntheticSplits(SynthOptions{N: 8, Size: 16, Seed: 2, Jitter: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Experiment{Train: train, Val: val, Test: test, Losses: []Loss{CE{}}, Seeds: []uint64{1},
		UNet: UNetOptions{Base: 2, Depth: 1}, Training: TrainOptions{Epochs: 1, Batch: 4}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasAnnotated() {
		t.Fatal("no scores against the annotated labels")
	}
	clean, ann := c.StatAgainst("CE", "NLL", false, false), c.StatAgainst("CE", "NLL", false, true)
	if math.IsNaN(ann.Mean) || clean == ann {
		t.Errorf("NLL against clean %v and annotated %v labels", clean, ann)
	}
	// the same probabilities scored against the annotated labels by hand
	r := c.Runs[0]
	sc, _ := Evaluate(r.Probs, test.Annotated)
	if want := Summarize(sc).NLL; ann.Mean != want {
		t.Errorf("annotated NLL %v, Evaluate gives %v", ann.Mean, want)
	}
	for _, row := range []string{"CE vs annotated", "CE +TS vs annotated"} {
		if !strings.Contains(c.Markdown(), row) || !strings.Contains(c.Table().String(), row) {
			t.Errorf("no row %q", row)
		}
	}
}
