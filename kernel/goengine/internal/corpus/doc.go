// Command corpus measures how many Go programs run in yak as they run with
// `go run`: each program runs as one cell plus a `main()` cell ("whole") and
// as one cell per top-level declaration plus `main()` ("split"), and, for
// comparison, as a whole file in plain yaegi ("yaegi"). Each run is a child
// process (an interpreter crash must not end the measurement), with a
// deadline.
//
// Expected output: for a program P.go of -dir, the file P.out beside it
// (-update writes it with `go run P.go`); for yaegi's own test programs
// (-yaegi DIR, e.g. the _test directory of yaegi's module in the module
// cache) the `// Output:` comment at the end of the file, or with -gorun
// what `go run` prints under this Go (the comments hold Go 1.21's output;
// programs that go run rejects are then left out). Standard output
// and standard error are compared together, trailing white space ignored
// (yaegi's tests print with println, which writes to standard error).
//
// With a Go toolchain, the main() cell of "whole" and "split" runs the
// program compiled (kernel/goengine's compiled.go); -interp sets YAK_GO=off
// for the children, so that they measure the interpreter alone. The yaegi
// mode is the same either way.
//
//	go run ./kernel/goengine/internal/corpus -dir kernel/goengine/testdata/corpus
//	go run ./kernel/goengine/internal/corpus -interp -dir kernel/goengine/testdata/corpus
//	go run ./kernel/goengine/internal/corpus -yaegi $(go env GOMODCACHE)/github.com/traefik/yaegi@v0.16.1/_test -gorun /tmp/yak-gorun
package main
