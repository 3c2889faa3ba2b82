package magic

import (
	"strings"
	"testing"
)

// Every magic of Magics has help, whose first line is its usage and names
// each subcommand the magic accepts.
func TestHelpCoversEveryMagic(t *testing.T) {
	help := Help()
	for name := range Magics(nil) {
		h, ok := help[name]
		if !ok {
			t.Errorf("%%%s has no help", name)
			continue
		}
		if usage, _, _ := strings.Cut(h, "\n"); !strings.HasPrefix(usage, "%"+name+" ") {
			t.Errorf("%%%s: first line %q is not its usage", name, usage)
		}
	}
	for _, sub := range []string{"info NAME", "load DIR", "test NAME"} {
		if !strings.Contains(help["plugin"], "%plugin "+sub) {
			t.Errorf("%%plugin help lacks %q", sub)
		}
	}
	if len(help) != len(Magics(nil)) {
		t.Errorf("help for %d magics, Magics has %d", len(help), len(Magics(nil)))
	}
}
