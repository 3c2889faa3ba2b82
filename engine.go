package main

import (
	"os"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine"
	"github.com/yaknb/yak/plugins/symbols"
)

// newInterpreter builds the engine that both `yak kernel` and `yak run` use:
// the standard library plus every built-in yak package (the generated
// plugins/symbols tables), so that cells import them by their Go paths.
func newInterpreter() (*goengine.Engine, error) {
	var e *goengine.Engine
	opts := goengine.Options{
		Symbols: []interp.Exports{symbols.Symbols},
		Version: Version,
	}
	withPlugins(&opts, func() *goengine.Engine { return e })
	// A fresh interpreter (kernel restart, %reset, `yak run` between
	// notebooks) loads the source plugins of YAK_PLUGIN_PATH again.
	opts.OnReset = func() { loadPluginPath(e, os.Stderr) }
	e, err := goengine.New(opts)
	if err != nil {
		return nil, err
	}
	loadPluginPath(e, os.Stderr)
	return e, nil
}
