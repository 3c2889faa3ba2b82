package symbols_test

import (
	"fmt"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/yaknb/yak/plugins/symbols"
)

func Example() {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		panic(err)
	}
	if err := i.Use(symbols.Symbols); err != nil {
		panic(err)
	}
	// Interpreted code imports yak's compiled packages by their usual paths.
	if _, err := i.Eval(`import "github.com/yaknb/yak/plugins/registry"`); err != nil {
		panic(err)
	}
	v, err := i.Eval(`registry.BuiltinPrefix + "bandit"`)
	fmt.Println(v, err)
	// Output: github.com/yaknb/yak/plugins/bandit <nil>
}
