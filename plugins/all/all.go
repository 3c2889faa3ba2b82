// Package all registers every built-in yak plugin: import it for its side
// effects, as the yak binary does.
//
//	import _ "github.com/yaknb/yak/plugins/all"
//
// Each built-in plugin registers in its own init function with a few
// metadata values, so importing all of them costs next to nothing at
// start-up; models and data are made when a plugin is first used.
//
// A new built-in plugin adds its blank import here (one line, sorted) and its package to
// plugins/symbols/gen.go.
package all

import (
	_ "github.com/yaknb/yak/plugins/bandit"
	_ "github.com/yaknb/yak/plugins/claps"
)

import (
	_ "github.com/yaknb/yak/plugins/claps"
)
