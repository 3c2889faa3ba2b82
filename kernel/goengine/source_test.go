package goengine

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestLoadSource(t *testing.T) {
	e := newEngine(t, Options{})
	if err := e.LoadSource("testdata/greet", "example.com/greet"); err != nil {
		t.Fatal(err)
	}
	_, b := must(t, e, "import \"example.com/greet\"\ngreet.Hello(\"yak\")")
	if text(b) != "HELLO YAK" {
		t.Errorf("value %q", text(b))
	}
	if _, b := must(t, e, "greet.Loaded"); text(b) != "1" {
		t.Errorf("init ran %s times", text(b))
	}
	err := e.LoadSource("testdata/broken", "example.com/broken")
	if err == nil || !strings.Contains(err.Error(), "testdata/broken/broken.go:3") {
		t.Errorf("broken package: %v (want its file and line)", err)
	}
	if err := e.LoadSource("testdata/broken", "example.com/greet"); err == nil {
		t.Errorf("a second directory under a taken import path loaded")
	}
	if _, b := must(t, e, "1 + 1"); text(b) != "2" {
		t.Errorf("engine broken after a failed load")
	}
}

// A magic (as %plugin load) may load source while its cell runs.
func TestLoadSourceFromMagic(t *testing.T) {
	var e *Engine
	e = newEngine(t, Options{Magics: map[string]Magic{
		"load": func(args string, out io.Writer) error {
			dir, ip, _ := strings.Cut(args, " ")
			if err := e.LoadSource(dir, ip); err != nil {
				return err
			}
			fmt.Fprintln(out, "loaded", ip)
			return nil
		},
	}})
	r, b := must(t, e, "%load testdata/greet example.com/greet\nimport \"example.com/greet\"\ngreet.Hello(\"a\")")
	if r.stdout() != "loaded example.com/greet\n" || text(b) != "HELLO A" {
		t.Errorf("stdout %q value %q", r.stdout(), text(b))
	}
}

func TestOnReset(t *testing.T) {
	var e *Engine
	resets := 0
	e = newEngine(t, Options{OnReset: func() {
		resets++
		if err := e.LoadSource("testdata/greet", "example.com/greet"); err != nil {
			t.Error(err)
		}
	}})
	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	must(t, e, "%reset")
	if _, b := must(t, e, "import \"example.com/greet\"\ngreet.Loaded"); text(b) != "1" || resets != 2 {
		t.Errorf("after resets: Loaded = %s, %d resets", text(b), resets)
	}
}
