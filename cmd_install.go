package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/yaknb/yak/jupyter/labextension"
	"github.com/yaknb/yak/kernel/spec"
	"github.com/yaknb/yak/plugins/magic"
)

func init() {
	commands["install"] = cmdInstall
	commands["uninstall"] = cmdUninstall
}

// whereFlags adds the flags that choose the Jupyter data directory.
func whereFlags(fs *flag.FlagSet, w *spec.Where) {
	fs.BoolVar(&w.User, "user", false, "the current user's Jupyter data directory")
	fs.BoolVar(&w.SysPrefix, "sys-prefix", false, "the active Python environment (VIRTUAL_ENV or CONDA_PREFIX)")
	fs.StringVar(&w.Prefix, "prefix", "", "`DIR`/share/jupyter")
}

// cmdUninstall removes a kernelspec that cmdInstall wrote.
func cmdUninstall(args []string) error {
	fs := flag.NewFlagSet("uninstall", flag.ContinueOnError)
	var w spec.Where
	whereFlags(fs, &w)
	name := fs.String("name", "yak", "kernelspec `name` to remove")
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("uninstall: unexpected argument %q", fs.Arg(0))
	}
	dataDir, err := spec.DataDir(w)
	if err != nil {
		return err
	}
	dir, err := spec.Uninstall(dataDir, *name)
	if err != nil {
		return err
	}
	fmt.Printf("removed kernelspec %s from %s\n", *name, dir)
	// The chart extension serves every yak spec of this data directory.
	if rest := spec.List(dataDir); len(rest) > 0 {
		fmt.Printf("kept the JupyterLab chart extension: kernelspecs %s still use it\n", strings.Join(rest, ", "))
		return nil
	}
	ext, err := labextension.Uninstall(dataDir)
	if err != nil {
		return err
	}
	if ext != "" {
		fmt.Printf("removed the JupyterLab chart extension from %s\n", ext)
	}
	return nil
}

// cmdInstall writes the "Go (yak)" kernelspec pointing at this binary.
func cmdInstall(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	var w spec.Where
	whereFlags(fs, &w)
	name := fs.String("name", "yak", "kernelspec `name` (the directory under kernels/, used by --kernel NAME)")
	display := fs.String("display-name", "Go (yak)", "name front ends show")
	pluginPath := fs.String("plugin-path", "", "source plugin directories (`DIR[:DIR...]`) every kernel of this spec loads, as "+magic.EnvPath)
	env := envFlag{}
	fs.Var(env, "env", "set `NAME=VALUE` in the kernel's environment (repeatable)")
	remote := newRemoteInstall(fs)
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("install: unexpected argument %q", fs.Arg(0))
	}
	kind, err := remote.chosen()
	if err != nil {
		return err
	}
	if *pluginPath != "" {
		list, err := absPluginPath(*pluginPath)
		if err != nil {
			return err
		}
		env[magic.EnvPath] = list
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("install: cannot find this binary's path: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	dataDir, err := spec.DataDir(w)
	if err != nil {
		return err
	}
	s := spec.New(exe, *display, Version)
	if kind != "" {
		if s, err = remote.spec(kind, exe, *display); err != nil {
			return err
		}
	}
	for k, v := range env {
		s.Env[k] = v
	}
	dir, err := spec.Install(dataDir, *name, s)
	if err != nil {
		return err
	}
	fmt.Printf("installed kernelspec %s (%q) in %s\n", *name, *display, dir)
	if !labextension.Built() {
		fmt.Println("note: this yak has no JupyterLab chart extension (build it with make, which needs npm): charts show their HTML fallback")
		return nil
	}
	// The kernel works without the extension (charts fall back to their
	// HTML), so a data directory that takes a spec but not the extension (an
	// admin may hand out kernels/ only) is not a failed install.
	ext, err := labextension.Install(dataDir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: the JupyterLab chart extension was not installed (%v); charts show their HTML fallback\n", err)
		return nil
	}
	fmt.Printf("installed the JupyterLab/Notebook 7 chart extension in %s (restart a running Jupyter server to load it)\n", ext)
	return nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envFlag collects repeated --env NAME=VALUE flags.
type envFlag map[string]string

func (e envFlag) String() string {
	var kv []string
	for k, v := range e {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, " ")
}

func (e envFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || !envName.MatchString(k) {
		return fmt.Errorf("want NAME=VALUE with NAME made of letters, digits and '_', got %q", s)
	}
	e[k] = v
	return nil
}

// absPluginPath makes every directory of a plugin path list absolute: the
// kernel starts in the notebook's directory, not where install ran. A
// missing directory is refused now rather than at every kernel start.
func absPluginPath(list string) (string, error) {
	var dirs []string
	for _, d := range filepath.SplitList(list) {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("install: --plugin-path %s: %w", d, err)
		}
		if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
			return "", fmt.Errorf("install: --plugin-path: %s is not a directory; give the directories of source plugins, separated by %q", abs, string(os.PathListSeparator))
		}
		dirs = append(dirs, abs)
	}
	return strings.Join(dirs, string(os.PathListSeparator)), nil
}
