package magic

// Help returns the help of the magics this package provides, by name
// without the %, in the form the engine's %help shows (kernel/goengine
// Options.MagicHelp): a one-line usage, then the details.
func Help() map[string]string {
	return map[string]string{
		"plugins": `%plugins                list the registered plugins
One line per plugin: name, version, import path and summary. Built-in
plugins register when the kernel starts; source plugins when %plugin load
or $YAK_PLUGIN_PATH loads them.`,
		"plugin": `%plugin info|load|test  describe, load or self-test a plugin
%plugin info NAME              documentation, example, magics and self-test
                               of one plugin, and its default display
%plugin load DIR [IMPORTPATH]  load a source plugin (a directory holding one
                               Go package that calls registry.Register in an
                               init function) into the running kernel; the
                               import path comes from DIR's go.mod if omitted
%plugin test NAME              run the plugin's self-test
Magics that plugins add are listed by %plugin info NAME.`,
	}
}
