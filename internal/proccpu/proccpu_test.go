package proccpu

import (
	"runtime"
	"testing"
)

func TestTimeGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no getrusage on " + runtime.GOOS)
	}
	t0 := Time()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if d := Time() - t0; d <= 0 {
		t.Errorf("CPU time after a busy loop (%d) did not grow: %v", x, d)
	}
}
