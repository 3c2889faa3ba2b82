package registry

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/yaknb/yak/display"
)

// Plugin is what every method plugin, built-in or loaded from source,
// registers. All five methods are plain metadata: they must be cheap and must
// not allocate models or read files, because the registry calls them while
// the kernel starts.
type Plugin interface {
	// Name is the short, unique name used by %plugin info and Lookup,
	// e.g. "bandit". Lower case, no spaces.
	Name() string
	// Version is the plugin's own version, e.g. "0.1.0".
	Version() string
	// Summary is one line saying what the plugin does.
	Summary() string
	// ImportPath is the Go import path a cell uses to reach the plugin,
	// e.g. "github.com/yaknb/yak/plugins/bandit".
	ImportPath() string
	// Example is a short, runnable cell showing typical use.
	Example() string
}

// Magic runs a line magic. args is the text after the magic's name; output
// written to out goes to the cell's standard output, and rich output may be
// sent with the display package.
type Magic func(args string, out io.Writer) error

// Magician is implemented by plugins that add line magics. The keys are magic
// names without the leading '%'.
type Magician interface {
	Magics() map[string]Magic
}

// SelfTester is implemented by plugins that can check themselves quickly
// (a second or less) against a known answer; %plugin test NAME runs it.
type SelfTester interface {
	SelfTest() error
}

// Documenter is implemented by plugins with documentation longer than their
// Summary; %plugin info NAME shows it.
type Documenter interface {
	Doc() string
}

// Presenter is implemented by plugins with a default display: the rich card
// that %plugin info NAME shows instead of the generated description. It is
// display's own Bundler contract, so the same value also renders rich when a
// cell ends with it.
type Presenter = display.Bundler

var (
	mu      sync.RWMutex
	plugins = map[string]Plugin{}
)

// Register makes p available under p.Name(). It panics if p is nil, if its
// name is empty or contains white space, or if another package already took
// the name: all are programming errors in a plugin's init function, caught
// the first time the binary or the source plugin runs.
//
// A second registration of a name from the same import path replaces the
// first. That is a source plugin being loaded again: after a kernel restart
// the new interpreter runs the plugin's init once more.
func Register(p Plugin) {
	if p == nil {
		panic("registry: Register of a nil plugin")
	}
	name := p.Name()
	if name == "" {
		panic("registry: Register of a plugin with an empty name (import path " + p.ImportPath() + ")")
	}
	if strings.ContainsAny(name, " \t\r\n") {
		panic(fmt.Sprintf("registry: plugin name %q contains white space", name))
	}
	mu.Lock()
	defer mu.Unlock()
	if old, dup := plugins[name]; dup && old.ImportPath() != p.ImportPath() {
		panic(fmt.Sprintf("registry: Register called twice for plugin %q (already registered by %s, now by %s)", name, old.ImportPath(), p.ImportPath()))
	}
	plugins[name] = p
}

// Unregister removes the plugin registered under name and reports whether
// there was one. Built-in plugins never call it: it exists so that a source
// plugin can be loaded again after it was edited or after a kernel restart.
func Unregister(name string) bool {
	mu.Lock()
	defer mu.Unlock()
	_, ok := plugins[name]
	delete(plugins, name)
	return ok
}

// Names returns the names of the registered plugins, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(plugins))
	for n := range plugins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// All returns the registered plugins sorted by name.
func All() []Plugin {
	mu.RLock()
	defer mu.RUnlock()
	all := make([]Plugin, 0, len(plugins))
	for _, p := range plugins {
		all = append(all, p)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name() < all[j].Name() })
	return all
}

// Lookup returns the plugin registered under name. A miss is a *NotFoundError
// that says which package to import.
func Lookup(name string) (Plugin, error) {
	mu.RLock()
	p, ok := plugins[name]
	mu.RUnlock()
	if !ok {
		return nil, &NotFoundError{Name: name, Registered: Names()}
	}
	return p, nil
}

// BuiltinPrefix is the import path under which yak's own plugins live.
const BuiltinPrefix = "github.com/yaknb/yak/plugins/"

// NotFoundError is returned by Lookup for a name nobody registered.
type NotFoundError struct {
	Name       string
	Registered []string // the names that are registered, sorted
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "registry: no plugin named %q is registered; ", e.Name)
	fmt.Fprintf(&b, "a built-in plugin registers when its package is imported: "+
		"import _ %q (or %q for every built-in), ", BuiltinPrefix+e.Name, BuiltinPrefix+"all")
	b.WriteString("and a source plugin when it is loaded with %plugin load DIR or listed in YAK_PLUGIN_PATH")
	if len(e.Registered) > 0 {
		fmt.Fprintf(&b, " (registered: %s)", strings.Join(e.Registered, ", "))
	} else {
		b.WriteString(" (none are registered)")
	}
	return b.String()
}
