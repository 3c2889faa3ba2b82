package broken // import "example.com/broken"

import "github.com/yaknb/yak/plugins/registry"

func init() {
	registry.Register(registry.Meta{Name: "broken"}.Plugin())
}

func Oops() int {
	return undefinedThing + 1
}
