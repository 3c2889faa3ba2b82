// Package gobuild builds a Go program with the Go toolchain installed on the
// machine and runs it as a child process, as `go run` does: it finds the
// toolchain (YAK_GO, else go on PATH; YAK_GO=off turns compiling off),
// writes the program into a temporary module whose go.mod has the
// toolchain's language version (or is the go.mod and go.sum of a module
// the caller names, for a program that imports third-party modules),
// builds it with the user's build cache,
// runs the binary with its output streamed to the caller's writers, stops
// it on cancellation (SIGINT to its process group, SIGKILL after a grace),
// kills it and what it started when the caller's process dies, even by
// SIGKILL (a watchdog on Unix, and Linux's parent-death signal; on
// Windows a program outlives a killed kernel),
// runs go build in a process group of its own that a cancel kills whole,
// and turns the compiler's messages into positions the caller can map.
// Both processes are run by kernel/goengine/internal/childproc, which
// runs the engine's shell commands too.
//
// The engine (kernel/goengine) uses it to run a notebook's main() compiled;
// the package knows nothing of cells: positions in the source come from
// the caller's //line directives.
//
//	tc, err := gobuild.Find()
//	b, err := gobuild.NewBuilder(tc)
//	defer b.Close()
//	bin, err := b.Build(ctx, src) // *BuildError: the compiler's messages
//	bin, err = b.BuildIn(ctx, src, modDir) // with modDir's go.mod and go.sum
//	code, err := gobuild.Run(ctx, bin, gobuild.RunOptions{Stdout: w, Stderr: w})
package gobuild
