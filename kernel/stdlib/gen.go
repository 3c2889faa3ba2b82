package stdlib

// The tables: one file per package (sym_*.go), written by yaegi's extractor
// for the standard library of the Go toolchain that runs go generate.
//go:generate go run ./internal/stdgen
