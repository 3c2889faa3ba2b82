package magic_test

import (
	"fmt"

	"github.com/yaknb/yak/plugins/magic"
)

func ExampleImportPath() {
	// The example plugin sits in yak's module, so its import path is the
	// module path joined with its directory.
	ip, err := magic.ImportPath("../../examples/plugins/hello")
	fmt.Println(ip, err)
	// Output: github.com/yaknb/yak/examples/plugins/hello <nil>
}
