package enginetest_test

import (
	"testing"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
)

func TestRunKeepsStateAndOutput(t *testing.T) {
	r := enginetest.Run(t, nil,
		`import ("fmt"; "os")`,
		`x := 41`,
		`fmt.Println(x + 1); fmt.Fprintln(os.Stderr, "warn")`)
	if r.Out() != "42\n" || r.Err() != "warn\n" {
		t.Errorf("stdout %q stderr %q, want %q and %q", r.Out(), r.Err(), "42\n", "warn\n")
	}
}
