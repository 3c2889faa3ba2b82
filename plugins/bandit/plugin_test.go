package bandit

import (
	"testing"

	"github.com/yaknb/yak/plugins/registry"
)

func TestRegisteredWithSelfTest(t *testing.T) {
	p, err := registry.Lookup("bandit")
	if err != nil {
		t.Fatal(err)
	}
	if p.ImportPath() != registry.BuiltinPrefix+"bandit" {
		t.Errorf("import path %q", p.ImportPath())
	}
	if err := registry.SelfTest(p); err != nil {
		t.Fatal(err)
	}
}
