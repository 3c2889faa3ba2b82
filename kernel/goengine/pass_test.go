package goengine

import (
	"strings"
	"testing"
)

// passCase is one row of a pass's table test: after the setup cells ran,
// the cell in becomes the Go want, for the reason why.
type passCase struct {
	setup []string
	in    string
	want  string
	why   string
}

func testPass(t *testing.T, cases []passCase) {
	t.Helper()
	for _, c := range cases {
		e := newEngine(t, Options{})
		for _, s := range c.setup {
			must(t, e, s)
		}
		got, err := e.rewriteCell(c.in)
		if err != nil {
			t.Errorf("%s: %q: %v", c.why, c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s:\n  in:   %q\n  got:  %q\n  want: %q", c.why, c.in, got, c.want)
		}
	}
}

// The pass list is the engine's documentation of what it does to a cell:
// every pass has a name, a reason and a function.
func TestPassList(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range passes {
		if p.name == "" || p.why == "" || p.run == nil || seen[p.name] {
			t.Errorf("pass %q: a pass needs a unique name, a reason and a function", p.name)
		}
		seen[p.name] = true
	}
}

func TestDebugRewrite(t *testing.T) {
	e := newEngine(t, Options{})
	r, b := must(t, e, "%debug rewrite\nfor i := range 2 { _ = i }\n7")
	if got := r.stdout(); !strings.HasPrefix(got, "// statements:\nfunc() { for i, _yakN") || !strings.Contains(got, "i++ { _ = i } }()") {
		t.Errorf("%%debug rewrite printed %q", got)
	}
	if text(b) != "7" {
		t.Errorf("the cell's value is %q", text(b))
	}
}
