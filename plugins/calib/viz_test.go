package calib

import (
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

func TestChartsAndImages(t *testing.T) {
	lab := []int{0, 1, 1, 2, 0, 0, 2, 2, 1}
	p := onehotProbs(lab, 1, 3, 3, 3, 0.3)
	d := ReliabilityDiagram("r", p, lab, true, 15)
	if d.Err() != nil || d.ECE() < 0.29 || d.ECE() > 0.31 {
		t.Errorf("reliability: err %v, ECE %v (want 0.3)", d.Err(), d.ECE())
	}
	// no foreground and mismatched labels: the chart carries the problem, no panic
	bg := make([]int, 9)
	_ = ReliabilityDiagram("empty", onehotProbs(bg, 1, 3, 3, 3, 0.1), bg, true, 15).String()
	if s := ReliabilityDiagram("bad", p, lab[:4], true, 15).String(); !strings.Contains(s, "labels") {
		t.Errorf("bad labels: %q", s)
	}
	m := ConfidenceMap(p, 0)
	if r, g, b, _ := m.At(0, 0).RGBA(); r == 0 && g == 0 && b == 0 {
		t.Error("confidence 0.7 of 3 classes drawn black")
	}
	ds := &Dataset{Images: tensor.Zeros(1, 1, 3, 3), Labels: lab, Classes: 3}
	if _, err := Panel("p", ds, []string{"a"}, []*tensor.Tensor{p}, 1); err != nil {
		t.Error(err)
	}
	if _, err := Panel("p", ds, []string{"a"}, []*tensor.Tensor{tensor.Zeros(2, 3, 3, 3)}, 1); err == nil {
		t.Error("probabilities of 2 images for 1: no error")
	}
	if got := Prediction(p); got[3] != 2 || got[1] != 1 {
		t.Errorf("prediction %v", got)
	}
}
