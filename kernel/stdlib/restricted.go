package stdlib

import (
	"fmt"
	"io"
	"log"
	"os"
)

// The extractor maps a few symbols to local names (yaegi's list of
// "restricted" symbols); these are yak's versions.

// ExitError is the panic value of os.Exit in a cell: ending the kernel's
// process would lose every variable of the session, so os.Exit stops the
// cell instead and the engine reports the code.
type ExitError struct{ Code int }

func (e ExitError) Error() string {
	return fmt.Sprintf("os.Exit(%d): the cell stopped here (os.Exit does not end the kernel; restart it from the front end)", e.Code)
}

func osExit(code int) { panic(ExitError{code}) }

// osFindProcess is os.FindProcess: a notebook on one's own machine may
// signal its processes, the kernel's own included, as a Go program may.
func osFindProcess(pid int) (*os.Process, error) { return os.FindProcess(pid) }

// log.Fatal* end the process in Go; in a cell they panic like log.Panic*
// (yaegi also points the package-level functions at its own logger).
func logFatal(v ...any)                 { log.Panic(v...) }
func logFatalf(format string, v ...any) { log.Panicf(format, v...) }
func logFatalln(v ...any)               { log.Panicln(v...) }

// logLogger is the real *log.Logger (yaegi's own tables wrap it in a type
// without SetPrefix and that compiled functions taking a *log.Logger
// reject). Its Fatal methods end the process, as in Go.
type logLogger = log.Logger

func logNew(out io.Writer, prefix string, flag int) *log.Logger { return log.New(out, prefix, flag) }
