package main

import (
	"fmt"
	"io"

	"github.com/yaknb/yak/kernel/goengine"
	_ "github.com/yaknb/yak/plugins/all" // every built-in plugin registers
	"github.com/yaknb/yak/plugins/magic"
)

// withPlugins adds the plugin magics to opts: %plugins, %plugin
// info|load|test, and the magics that plugins register. engine returns the
// engine once it exists (%plugin load needs it).
func withPlugins(opts *goengine.Options, engine func() *goengine.Engine) {
	if opts.Magics == nil {
		opts.Magics = map[string]goengine.Magic{}
	}
	loader := func() magic.Loader {
		if l, ok := any(engine()).(magic.Loader); ok {
			return l
		}
		return nil
	}
	for name, m := range magic.Magics(loader) {
		opts.Magics[name] = goengine.Magic(m)
	}
	if opts.MagicHelp == nil {
		opts.MagicHelp = map[string]string{}
	}
	for name, h := range magic.Help() {
		opts.MagicHelp[name] = h
	}
	opts.FindMagic = func(name string) (goengine.Magic, bool) {
		m, ok := magic.Find(name)
		return goengine.Magic(m), ok
	}
}

// loadPluginPath loads the source plugins listed in $YAK_PLUGIN_PATH into e.
// A broken plugin is reported on stderr (with its file and line) and the
// kernel starts anyway.
func loadPluginPath(e *goengine.Engine, stderr io.Writer) {
	l, ok := any(e).(magic.Loader)
	if !ok {
		return
	}
	_, errs := magic.LoadEnv(l)
	for _, err := range errs {
		fmt.Fprintln(stderr, "yak:", err)
	}
}
