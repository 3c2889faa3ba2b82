// Package registry is where yak's method plugins announce themselves.
//
// A plugin is an ordinary Go package. In an init function it calls Register
// with a value that describes it (name, version, summary, import path and a
// runnable example); the kernel then lists it in %plugins and shows it in
// %plugin info NAME. The design follows database/sql's drivers: Register
// panics on a nil plugin, an empty name or a name registered twice, Names is
// sorted, and a Lookup miss is an error that says what to import.
//
// # Built-in and source plugins
//
// yak's own plugins (plugins/bandit, plugins/calib, ...) are compiled into
// the binary and register when plugins/all is imported. A user's plugin can
// also be a directory of Go source that the kernel's interpreter loads at run
// time (%plugin load DIR, or the directories in YAK_PLUGIN_PATH); its init
// function calls the same Register, and cells import it by its import path.
//
// # Optional capabilities
//
// A plugin may do more than describe itself. Each extra is a small interface
// found by type assertion: Magician (line magics), Documenter (long
// documentation), Presenter (display.Bundler: a rich card as its default
// display) and SelfTester (a quick check run by %plugin test NAME). This
// works for plugin types declared in interpreted source too: the generated
// plugins/symbols tables wrap them with every capability they have. Meta
// offers the same extras as fields, for plugins that need no type of their
// own; MagicsOf, DocOf, HasSelfTest and SelfTest look in both places.
//
// # Cost
//
// Registering must be cheap: the kernel starts with every built-in plugin
// registered. Plugins allocate models, read data and warm caches when first
// used, never in init.
package registry
