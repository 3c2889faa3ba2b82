// Package all registers every built-in yak plugin: import it for its side
// effects, as the yak binary does.
//
//	import _ "github.com/yaknb/yak/plugins/all"
//
// Each built-in plugin registers in its own init function with a few
// metadata values, so importing all of them costs next to nothing at
// start-up; models and data are made when a plugin is first used.
//
// A new built-in plugin adds its blank import to all.go (one line, sorted)
// and its package to plugins/symbols/gen.go. The test checks that every
// package under plugins/ that registers is imported here.
package all
