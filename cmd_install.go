package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/yaknb/yak/kernel/spec"
)

func init() { commands["install"] = cmdInstall }

// cmdInstall writes the "Go (yak)" kernelspec pointing at this binary.
func cmdInstall(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	var w spec.Where
	fs.BoolVar(&w.User, "user", false, "install for the current user (Jupyter's user data directory)")
	fs.BoolVar(&w.SysPrefix, "sys-prefix", false, "install into the active Python environment (VIRTUAL_ENV or CONDA_PREFIX)")
	fs.StringVar(&w.Prefix, "prefix", "", "install into `DIR`/share/jupyter/kernels")
	name := fs.String("name", "yak", "kernelspec `name` (the directory under kernels/, used by --kernel NAME)")
	display := fs.String("display-name", "Go (yak)", "name front ends show")
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("install: unexpected argument %q", fs.Arg(0))
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
	dir, err := spec.Install(dataDir, *name, spec.New(exe, *display, Version))
	if err != nil {
		return err
	}
	fmt.Printf("installed kernelspec %s (%q) in %s\n", *name, *display, dir)
	return nil
}
