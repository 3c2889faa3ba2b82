package magic

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/registry"
)

// Loader is the part of the engine that loading a source plugin needs:
// compile and initialise the package in dir under importPath in the running
// interpreter (its init functions call registry.Register). The error of a
// broken plugin names the file and line.
type Loader interface {
	LoadSource(dir, importPath string) error
}

// Loaded describes one source plugin load.
type Loaded struct {
	Dir        string
	ImportPath string
	Names      []string // the plugins it registered
}

// Load loads the source plugin in dir through l and reports what it
// registered. importPath may be empty: ImportPath(dir) then finds it.
// Plugins that an earlier load of the same import path registered are
// dropped first, so that a plugin can be loaded again in a fresh
// interpreter after a kernel restart.
func Load(l Loader, dir, importPath string) (Loaded, error) {
	if importPath == "" {
		ip, err := ImportPath(dir)
		if err != nil {
			return Loaded{}, err
		}
		importPath = ip
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Loaded{}, err
	}
	// Drop what an earlier load of this import path registered: after a
	// kernel restart the fresh interpreter runs init again and registers anew.
	var earlier []registry.Plugin
	for _, p := range registry.All() {
		if p.ImportPath() == importPath {
			earlier = append(earlier, p)
			registry.Unregister(p.Name())
		}
	}
	before := registry.Names()
	if err := l.LoadSource(abs, importPath); err != nil {
		restore(earlier)
		return Loaded{}, fmt.Errorf("plugin %s (%s) did not load: %s", dir, importPath, compileError(err, importPath))
	}
	ld := Loaded{Dir: abs, ImportPath: importPath}
	for _, n := range registry.Names() {
		if !slices.Contains(before, n) {
			ld.Names = append(ld.Names, n)
		}
	}
	if len(ld.Names) == 0 && len(earlier) > 0 {
		// The package was already loaded in this interpreter, so its init did
		// not run again: the earlier registrations are the current ones.
		restore(earlier)
		for _, p := range earlier {
			ld.Names = append(ld.Names, p.Name())
		}
	}
	if len(ld.Names) == 0 {
		return ld, fmt.Errorf("plugin %s loaded as %s but registered nothing: call registry.Register in an init function", dir, importPath)
	}
	return ld, nil
}

// compileError keeps what matters of a load error: the interpreter reports
// the failing file and line after the position of its own import statement.
func compileError(err error, importPath string) string {
	msg := err.Error()
	marker := "import " + strconv.Quote(importPath) + " error: "
	if i := strings.Index(msg, marker); i >= 0 {
		return msg[i+len(marker):]
	}
	return msg
}

func restore(ps []registry.Plugin) {
	for _, p := range ps {
		if _, err := registry.Lookup(p.Name()); err != nil {
			registry.Register(p)
		}
	}
}

// LoadPath loads every directory in a YAK_PLUGIN_PATH-style list (separated
// by the OS list separator, ':' on Unix). It keeps going past a broken
// plugin and returns one error per failure, so that the kernel still starts.
func LoadPath(l Loader, list string) ([]Loaded, []error) {
	var done []Loaded
	var errs []error
	for _, dir := range filepath.SplitList(list) {
		if dir = strings.TrimSpace(dir); dir == "" {
			continue
		}
		ld, err := Load(l, dir, "")
		if err != nil {
			errs = append(errs, fmt.Errorf("YAK_PLUGIN_PATH: %w", err))
			continue
		}
		done = append(done, ld)
	}
	return done, errs
}

// EnvPath is the environment variable that lists source plugin directories
// to load when the kernel starts.
const EnvPath = "YAK_PLUGIN_PATH"

// LoadEnv loads the directories listed in $YAK_PLUGIN_PATH (see LoadPath).
func LoadEnv(l Loader) ([]Loaded, []error) { return LoadPath(l, os.Getenv(EnvPath)) }

// Plugins is the %plugins magic: one line per registered plugin with its
// version, import path and summary.
func Plugins(args string, out io.Writer) error {
	if strings.TrimSpace(args) != "" {
		return fmt.Errorf("%%plugins takes no arguments (use %%plugin info NAME for one plugin)")
	}
	all := registry.All()
	if len(all) == 0 {
		_, err := io.WriteString(out, "no plugins are registered (built-ins register when \"github.com/yaknb/yak/plugins/all\" is imported; load your own with %plugin load DIR)\n")
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tIMPORT PATH\tSUMMARY")
	for _, p := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name(), p.Version(), p.ImportPath(), p.Summary())
	}
	return tw.Flush()
}

// Plugin returns the %plugin magic, with its subcommands:
//
//	%plugin info NAME               documentation and example of one plugin
//	%plugin load DIR [IMPORTPATH]   load a source plugin through l
//	%plugin test NAME               run the plugin's self-test
func Plugin(l Loader) registry.Magic {
	return func(args string, out io.Writer) error {
		fields := strings.Fields(args)
		if len(fields) == 0 {
			return errors.New(usage)
		}
		switch cmd, rest := fields[0], fields[1:]; cmd {
		case "info":
			if len(rest) != 1 {
				return errors.New("%plugin info takes one plugin name, e.g. %plugin info bandit")
			}
			return info(rest[0], out)
		case "load":
			if len(rest) < 1 || len(rest) > 2 {
				return errors.New("%plugin load takes a directory and optionally its import path: %plugin load DIR [IMPORTPATH]")
			}
			if l == nil {
				return errors.New("%plugin load is not available: this engine cannot load Go source")
			}
			ip := ""
			if len(rest) == 2 {
				ip = rest[1]
			}
			ld, err := Load(l, rest[0], ip)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "loaded %s from %s: registered %s; import %q\n",
				ld.ImportPath, rest[0], strings.Join(ld.Names, ", "), ld.ImportPath)
			return err
		case "test":
			if len(rest) != 1 {
				return errors.New("%plugin test takes one plugin name, e.g. %plugin test bandit")
			}
			p, err := registry.Lookup(rest[0])
			if err != nil {
				return err
			}
			if err := registry.SelfTest(p); err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "%s: self-test passed\n", p.Name())
			return err
		default:
			return fmt.Errorf("%%plugin: unknown subcommand %q; %s", cmd, usage)
		}
	}
}

const usage = "usage: %plugin info NAME | %plugin load DIR [IMPORTPATH] | %plugin test NAME (and %plugins lists them all)"

// info writes a plugin's description; a plugin with a default display
// (registry.Presenter) is also shown rich.
func info(name string, out io.Writer) error {
	p, err := registry.Lookup(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s %s — %s\nimport %q\n", p.Name(), p.Version(), p.Summary(), p.ImportPath())
	if doc := registry.DocOf(p); doc != "" {
		fmt.Fprintf(out, "\n%s\n", strings.TrimSpace(doc))
	}
	if ex := p.Example(); ex != "" {
		fmt.Fprintf(out, "\nExample:\n%s\n", indent(strings.TrimSpace(ex)))
	}
	var extras []string
	if m := registry.MagicsOf(p); len(m) > 0 {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, "%"+n)
		}
		slices.Sort(names)
		extras = append(extras, "magics: "+strings.Join(names, " "))
	}
	if registry.HasSelfTest(p) {
		extras = append(extras, "self-test: %plugin test "+p.Name())
	}
	if len(extras) > 0 {
		fmt.Fprintf(out, "\n%s\n", strings.Join(extras, "; "))
	}
	if pr, ok := p.(registry.Presenter); ok {
		display.Display(pr.DisplayBundle())
	}
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// Find returns the line magic that a registered plugin offers under name
// (without the '%'), so that the engine can run magics of plugins loaded
// after it started. When several plugins offer the same name, the first by
// plugin name wins.
func Find(name string) (registry.Magic, bool) {
	for _, p := range registry.All() {
		if m, ok := registry.MagicsOf(p)[name]; ok && m != nil {
			return m, true
		}
	}
	return nil, false
}

// Magics returns the plugin magics by name: %plugins and %plugin. loader is
// asked for the engine when a %plugin load runs, so the engine may be
// created after the magics; a nil Loader makes %plugin load an error.
func Magics(loader func() Loader) map[string]registry.Magic {
	return map[string]registry.Magic{
		"plugins": Plugins,
		"plugin": func(args string, out io.Writer) error {
			var l Loader
			if loader != nil {
				l = loader()
			}
			return Plugin(l)(args, out)
		},
	}
}
