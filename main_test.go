package main

import "testing"

// TestOneVersion checks that the kernel reports the version `yak version`
// prints (kernel_info's implementation_version).
func TestOneVersion(t *testing.T) {
	e, err := newInterpreter()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := e.Info().ImplementationVer; got != Version {
		t.Errorf("kernel reports version %q, yak version says %q", got, Version)
	}
}
