package drm

import (
	"math"
	"testing"
)

// TestRandomHParamsRanges draws many trials and checks every value lies in
// DomainBed's range for small images, that trial 0 is the defaults, and
// that a trial's draw does not depend on anything but its number.
func TestRandomHParamsRanges(t *testing.T) {
	if RandomHParams(0) != DefaultHParams() {
		t.Fatalf("trial 0 = %+v, want the defaults %+v", RandomHParams(0), DefaultHParams())
	}
	in := func(name string, v, lo, hi float64) {
		t.Helper()
		if v < lo || v > hi || math.IsNaN(v) {
			t.Fatalf("%s = %v outside [%v, %v]", name, v, lo, hi)
		}
	}
	var lrLo, lrHi = 1.0, 0.0
	var bLo, bHi = 1 << 20, 0
	for trial := uint64(1); trial <= 2000; trial++ {
		h := RandomHParams(trial)
		if h != RandomHParams(trial) {
			t.Fatalf("trial %d: two draws differ", trial)
		}
		in("lr", h.LR, math.Pow(10, -4.5), math.Pow(10, -2.5))
		in("batch", float64(h.Batch), 8, 511)
		in("coral weight", h.CoralWeight, 0.1, 10)
		in("irm lambda", h.IRMLambda, 0.1, 1e5)
		in("irm anneal", float64(h.IRMAnneal), 1, 9999)
		lrLo, lrHi = min(lrLo, h.LR), max(lrHi, h.LR)
		bLo, bHi = min(bLo, h.Batch), max(bHi, h.Batch)
	}
	// The draws cover their ranges (log-uniform: both ends are reached
	// within a factor of 1.1 in 2,000 draws with near certainty).
	if lrLo > 1.1*math.Pow(10, -4.5) || lrHi < math.Pow(10, -2.5)/1.1 || bLo > 9 || bHi < 460 {
		t.Fatalf("draws do not cover the ranges: lr [%g, %g], batch [%d, %d]", lrLo, lrHi, bLo, bHi)
	}
}

func TestHParamsApplyRescalesAnneal(t *testing.T) {
	h := DefaultHParams()
	c := h.Apply(Config{Steps: 100})
	if c.LR != 1e-3 || c.Batch != 64 || c.CoralWeight != 1 || c.IRMLambda != 100 {
		t.Fatalf("Apply: %+v", c)
	}
	if c.IRMAnneal != 10 { // 500 of 5,000 steps is a tenth
		t.Fatalf("IRMAnneal = %d for 100 steps, want 10", c.IRMAnneal)
	}
	h.IRMAnneal = 1
	if c := h.Apply(Config{Steps: 100}); c.IRMAnneal != 1 {
		t.Fatalf("IRMAnneal = %d, want at least 1", c.IRMAnneal)
	}
}
