package calib

import (
	"testing"

	"github.com/yaknb/yak/plugins/registry"
)

func TestRegisteredWithSelfTest(t *testing.T) {
	p, err := registry.Lookup("calib")
	if err != nil {
		t.Fatal(err)
	}
	if p.ImportPath() != registry.BuiltinPrefix+"calib" {
		t.Errorf("import path %q", p.ImportPath())
	}
	if err := registry.SelfTest(p); err != nil {
		t.Fatal(err)
	}
}
