// Package stdlib holds the interpreter's symbol tables of the Go standard
// library, generated from the toolchain that builds yak: `go generate
// ./kernel/stdlib` (make generate) runs yaegi's extractor (the code of
// `yaegi extract`) on every importable standard package, so cells see the
// library of the Go they run on (Go 1.26 today: os/exec, syscall, unsafe,
// math/rand/v2, crypto/sha3, strings.Lines...) instead of the Go 1.22 tables
// that yaegi v0.16.1 ships. `make check-generated` regenerates them and
// fails when the committed files differ, as after a toolchain upgrade.
//
// # Lazy tables
//
// Each generated file registers a function that builds its package's map;
// nothing is built when yak starts (yaegi's own tables build ~170 maps of
// reflect values in init, before main). Symbols builds the tables it is
// asked for; the engine asks for a package when a cell first imports it.
//
// # Differences from yaegi's tables
//
//   - *log.Logger is the real type (yaegi wraps it in a type without
//     SetPrefix that compiled functions reject); its Fatal methods end the
//     process as in Go. The package-level log.Fatal functions panic.
//   - os.Exit panics with ExitError: the cell stops, the kernel stays.
//   - expvar and net/http/pprof have no tables: linking them registers
//     HTTP handlers in every notebook's http.DefaultServeMux.
//   - Generic functions and types have no tables (reflect cannot hold
//     them); the engine supplies the ones cells need as Go source.
package stdlib
