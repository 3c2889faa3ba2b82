package registry

import "fmt"

// Meta describes a plugin with plain fields. Meta.Plugin turns it into a
// Plugin, so that a package needs no type of its own to register:
//
//	func init() {
//		registry.Register(registry.Meta{Name: "hello", Version: "0.1.0", ...}.Plugin())
//	}
//
// Its optional fields give the plugin magics, a long documentation and a
// self-test without methods of its own.
type Meta struct {
	Name, Version, Summary, ImportPath, Example string
	Doc                                         string           // optional long documentation
	Magics                                      map[string]Magic // optional line magics
	SelfTest                                    func() error     // optional quick self-check
}

// Plugin returns a Plugin built from m. It implements Documenter; its magics
// and self-test are found by MagicsOf and SelfTest.
func (m Meta) Plugin() Plugin { return metaPlugin{m} }

type metaPlugin struct{ m Meta }

func (p metaPlugin) Name() string       { return p.m.Name }
func (p metaPlugin) Version() string    { return p.m.Version }
func (p metaPlugin) Summary() string    { return p.m.Summary }
func (p metaPlugin) ImportPath() string { return p.m.ImportPath }
func (p metaPlugin) Example() string    { return p.m.Example }
func (p metaPlugin) Doc() string        { return p.m.Doc }

// MagicsOf returns the line magics p offers, through Magician or Meta.Magics;
// nil when it offers none.
func MagicsOf(p Plugin) map[string]Magic {
	switch q := p.(type) {
	case Magician:
		return q.Magics()
	case metaPlugin:
		return q.m.Magics
	}
	return nil
}

// DocOf returns p's long documentation, or "" when it has none.
func DocOf(p Plugin) string {
	if d, ok := p.(Documenter); ok {
		return d.Doc()
	}
	return ""
}

// HasSelfTest reports whether p has a self-test, without running it.
func HasSelfTest(p Plugin) bool {
	switch q := p.(type) {
	case SelfTester:
		return true
	case metaPlugin:
		return q.m.SelfTest != nil
	}
	return false
}

// ErrNoSelfTest is returned by SelfTest for a plugin without a self-test.
var ErrNoSelfTest = fmt.Errorf("registry: plugin has no self-test")

// SelfTest runs p's self-test (SelfTester or Meta.SelfTest). A panic inside
// the test comes back as an error, so a broken plugin cannot take the kernel
// down. ErrNoSelfTest means p has none.
func SelfTest(p Plugin) (err error) {
	var run func() error
	switch q := p.(type) {
	case SelfTester:
		run = q.SelfTest
	case metaPlugin:
		run = q.m.SelfTest
	}
	if run == nil {
		return ErrNoSelfTest
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("registry: self-test of plugin %q panicked: %v", p.Name(), r)
		}
	}()
	if err := run(); err != nil {
		return fmt.Errorf("registry: self-test of plugin %q failed: %w", p.Name(), err)
	}
	return nil
}
