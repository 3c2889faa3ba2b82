// Package magic holds the plugin magics of the yak kernel and the loading of
// plugins from Go source.
//
// # Magics
//
//	%plugins                        every registered plugin: name, version, import path, summary
//	%plugin info NAME               its documentation, example, magics and default display
//	%plugin load DIR [IMPORTPATH]   load a source plugin into the running kernel
//	%plugin test NAME               run its self-test
//
// Help gives their texts for the engine's %help.
//
// Plugins and Plugin have the signature of registry.Magic; the engine adapts
// them to its own magic type, and Find gives it the magics that plugins add.
//
// # Source plugins
//
// A source plugin is a directory holding one Go package that imports yak's
// compiled packages (the runtime, display, plugins/registry) and calls
// registry.Register in an init function. ImportPath derives the plugin's
// import path from the enclosing go.mod (or an import comment); Load asks
// the engine (a Loader: kernel/goengine's LoadSource links the directory
// into the interpreter's GOPATH and imports it, which compiles the package
// and runs its init) and reports what registered. Compile errors come back
// with the plugin's own file names and line numbers. LoadEnv does the same
// for every directory in $YAK_PLUGIN_PATH at start-up, reporting broken
// plugins without stopping.
//
// # Wiring into an engine
//
// The engine (kernel/goengine) implements Loader; package main
// (engine_plugins.go) gives it the magics, with the %plugin magic reaching
// the engine once it exists, and loads $YAK_PLUGIN_PATH:
//
//	var e *goengine.Engine
//	for name, m := range magic.Magics(func() magic.Loader { return e }) {
//		opts.Magics[name] = goengine.Magic(m)
//	}
//	opts.FindMagic = func(name string) (goengine.Magic, bool) { m, ok := magic.Find(name); return goengine.Magic(m), ok }
//	e, err = goengine.New(opts)
//	_, errs := magic.LoadEnv(e) // report errs on stderr; the kernel starts anyway
//
// Imports of yak's compiled packages always resolve to the compiled code,
// so a source plugin's loops over tensors run at compiled speed.
package magic
