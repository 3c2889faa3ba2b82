package symbols

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// Symbols holds the yak packages exported to the interpreter, keyed as yaegi
// expects ("import/path/name"). The generated files fill it in init; pass it
// to (*interp.Interpreter).Use.
var Symbols = interp.Exports{}

// The extractor writes one file per package, named after its import path.
// Keep this list in step with the packages that notebooks may import: every
// runtime/* package, display, plugins/chart, plugins/registry and every
// built-in plugin, and the gonum packages below. `make check-generated`
// fails when a file is stale.

// composed.go: wrappers that let compiled code see the optional registry
// capabilities (Doc, SelfTest, Magics, DisplayBundle) of plugin types
// declared in interpreted code.
//go:generate go run ./internal/composegen

//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/cellctx
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/plugins/registry
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/plugins/bandit
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/plugins/calib
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/plugins/chart
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/plugins/claps
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/plugins/drm
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/cluster
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/data
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/gemm
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/bert
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/ckpt
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/gguf
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/llama
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/ops
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/store
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/tokenize
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/lm/weights
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/nn
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/optim
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/parallel
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/tensor
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/yaknb/yak/runtime/tensor/vec

// gonum (a dependency of the runtime): cells that import these get the
// compiled packages, at compiled speed, instead of interpreting their source.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/mat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/stat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/optimize

// The symbol maps hold reflect.Values; this keeps the import used even when
// no package has been generated yet.
var _ reflect.Value
