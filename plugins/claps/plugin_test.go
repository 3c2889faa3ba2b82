package claps

import (
	"testing"

	"github.com/yaknb/yak/plugins/registry"
)

func TestRegistered(t *testing.T) {
	p, err := registry.Lookup("claps")
	if err != nil {
		t.Fatal(err)
	}
	if p.ImportPath() != "github.com/yaknb/yak/plugins/claps" {
		t.Errorf("import path %q", p.ImportPath())
	}
	if err := registry.SelfTest(p); err != nil {
		t.Error(err)
	}
}
