package registry

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
)

// fake is a compiled plugin with every optional capability.
type fake struct{ name string }

func (f fake) Name() string       { return f.name }
func (f fake) Version() string    { return "1.2.3" }
func (f fake) Summary() string    { return "a fake plugin" }
func (f fake) ImportPath() string { return "example.com/" + f.name }
func (f fake) Example() string    { return "x := 1" }
func (f fake) Doc() string        { return "long doc of " + f.name }
func (f fake) SelfTest() error    { return errors.New("wrong answer") }
func (f fake) Magics() map[string]Magic {
	return map[string]Magic{"hi": func(args string, out io.Writer) error {
		_, err := fmt.Fprintf(out, "hi %s", args)
		return err
	}}
}
func (f fake) DisplayBundle() display.Bundle { return display.HTML("<b>" + f.name + "</b>") }

// isolate gives a test an empty registry and restores the real one after.
func isolate(t *testing.T) {
	t.Helper()
	mu.Lock()
	saved := plugins
	plugins = map[string]Plugin{}
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		plugins = saved
		mu.Unlock()
	})
}

func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

func TestRegisterPanics(t *testing.T) {
	isolate(t)
	Register(fake{"taken"})
	for _, tc := range []struct {
		name string
		p    Plugin
		want string
	}{
		{"nil", nil, "nil plugin"},
		{"empty name", fake{""}, "empty name"},
		{"white space", fake{"two words"}, "white space"},
		{"duplicate", Meta{Name: "taken", ImportPath: "example.com/other"}.Plugin(), `twice for plugin "taken" (already registered by example.com/taken, now by example.com/other)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := panicOf(func() { Register(tc.p) })
			if !strings.Contains(got, tc.want) {
				t.Errorf("panic = %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

func TestReregisterFromSamePackage(t *testing.T) {
	isolate(t)
	Register(Meta{Name: "src", Version: "1", ImportPath: "example.com/src"}.Plugin())
	Register(Meta{Name: "src", Version: "2", ImportPath: "example.com/src"}.Plugin())
	if p, err := Lookup("src"); err != nil || p.Version() != "2" {
		t.Errorf("after reloading, Lookup = %v, %v; want version 2", p, err)
	}
}

func TestNamesAllLookup(t *testing.T) {
	isolate(t)
	for _, n := range []string{"zeta", "alpha", "mid"} {
		Register(fake{n})
	}
	if got, want := strings.Join(Names(), ","), "alpha,mid,zeta"; got != want {
		t.Errorf("Names() = %s, want %s", got, want)
	}
	var all []string
	for _, p := range All() {
		all = append(all, p.Name())
	}
	if got := strings.Join(all, ","); got != "alpha,mid,zeta" {
		t.Errorf("All() names = %s, want sorted", got)
	}
	p, err := Lookup("mid")
	if err != nil || p.Name() != "mid" {
		t.Fatalf("Lookup(mid) = %v, %v", p, err)
	}
	_, err = Lookup("bandit")
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("Lookup(bandit) error = %v, want *NotFoundError", err)
	}
	for _, want := range []string{`"bandit"`, `import _ "github.com/yaknb/yak/plugins/bandit"`, "%plugin load DIR", "registered: alpha, mid, zeta"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !Unregister("mid") || Unregister("mid") {
		t.Error("Unregister should report true once, then false")
	}
	if _, err := Lookup("mid"); err == nil {
		t.Error("Lookup after Unregister found the plugin")
	}
}

func TestCapabilities(t *testing.T) {
	ran := false
	meta := Meta{
		Name: "m", Version: "0.1.0", Summary: "s", ImportPath: "example.com/m", Example: "e",
		Doc:      "the doc",
		Magics:   map[string]Magic{"m": func(string, io.Writer) error { return nil }},
		SelfTest: func() error { ran = true; return nil },
	}.Plugin()
	bare := Meta{Name: "bare"}.Plugin()
	panicky := Meta{Name: "p", SelfTest: func() error { panic("boom") }}.Plugin()

	for _, tc := range []struct {
		name     string
		p        Plugin
		doc      string
		magics   int
		selfTest string // "" for success, else a substring of the error
	}{
		{"compiled", fake{"f"}, "long doc of f", 1, "failed: wrong answer"},
		{"meta", meta, "the doc", 1, ""},
		{"meta without extras", bare, "", 0, "no self-test"},
		{"panicking self-test", panicky, "", 0, `plugin "p" panicked: boom`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DocOf(tc.p); got != tc.doc {
				t.Errorf("DocOf = %q, want %q", got, tc.doc)
			}
			if got := len(MagicsOf(tc.p)); got != tc.magics {
				t.Errorf("len(MagicsOf) = %d, want %d", got, tc.magics)
			}
			err := SelfTest(tc.p)
			switch {
			case tc.selfTest == "" && err != nil:
				t.Errorf("SelfTest = %v, want nil", err)
			case tc.selfTest != "" && (err == nil || !strings.Contains(err.Error(), tc.selfTest)):
				t.Errorf("SelfTest = %v, want an error containing %q", err, tc.selfTest)
			}
		})
	}
	if !ran {
		t.Error("Meta.SelfTest was not called")
	}
	if !errors.Is(SelfTest(bare), ErrNoSelfTest) {
		t.Error("SelfTest of a plugin without one should be ErrNoSelfTest")
	}
	var b strings.Builder
	if err := MagicsOf(fake{"f"})["hi"]("there", &b); err != nil || b.String() != "hi there" {
		t.Errorf("magic wrote %q, %v", b.String(), err)
	}
	if _, ok := Plugin(fake{"f"}).(Presenter); !ok {
		t.Error("a plugin with DisplayBundle should be a Presenter")
	}
}

func ExampleRegister() {
	Register(Meta{
		Name:       "greeter",
		Version:    "0.1.0",
		Summary:    "says hello",
		ImportPath: "example.com/greeter",
		Example:    `greeter.Hello("yak")`,
	}.Plugin())
	defer Unregister("greeter")

	p, err := Lookup("greeter")
	fmt.Println(p.Name(), p.Version(), err)
	_, err = Lookup("nobody")
	fmt.Println(err != nil)
	// Output:
	// greeter 0.1.0 <nil>
	// true
}
