package proccpu

import "testing"

// Loop runs step as b's loop and reports, beside the wall clock, the
// process's CPU time per step as cpu-ns/op (bench/runtime_torch.py and
// bench/calib_torch.py read it).
func Loop(b *testing.B, step func()) {
	c0 := Time()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(Time()-c0)/float64(b.N), "cpu-ns/op")
}
