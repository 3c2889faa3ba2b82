// Package goengine is the yaegi-backed kernel.Interpreter: it runs notebook
// cells of Go, keeps their state from cell to cell and answers completion,
// inspection and is-complete requests.
//
// # Cells
//
// A cell may mix imports, declarations and statements in any order. The
// engine splits it into segments that yaegi accepts (imports first, then
// runs of declarations and of statements in the cell's order) and hands
// each to yaegi padded to its place in the cell, so that error positions
// ("cell:LINE:COL") are the cell's own. The value of the last expression
// is the cell's result; calls that return nothing, declarations and the
// (n, err) of fmt.Println-like calls show nothing; several results show as
// a tuple.
//
// # Output and input
//
// os.Stdout and os.Stderr of the interpreter are pipes that the engine
// drains into the current cell's kernel.ExecIO; fmt.Print*, log and direct
// writes all arrive in order. Output written after a cell ended (by a
// goroutine) goes to the most recent cell. Reading standard input
// (fmt.Scan*, bufio.NewReader/NewScanner(os.Stdin), io.ReadAll(os.Stdin))
// asks the front end through ExecIO.Input, with the unfinished line just
// printed as the prompt. Compiled code writing to the process's os.Stdout
// is not captured: compiled plugins print through display or an io.Writer.
//
// # Errors
//
// A cell that does not compile returns a *kernel.ExecError named
// CompileError; a panic (in interpreted or compiled code called from the
// cell) returns one named panic, whose traceback lists the interpreted
// frames with their cell lines. A panic in a goroutine that a cell started
// is recovered and reported on stderr of the most recent cell: the engine
// rewrites each `go` statement to recover. An interrupt (cancelling the
// context of Execute) stops the cell within a second, `for {}` included,
// and returns the error Interrupted; earlier state is kept.
//
// # Magics
//
// Lines at the top of a cell that start with % are magics: %help, %env,
// %time, %reset, %who, and those given in Options.Magics or found by
// Options.FindMagic (the plugin magics).
package goengine
