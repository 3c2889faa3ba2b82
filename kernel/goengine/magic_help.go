package goengine

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// builtinMagics are the engine's own magics, by name, with their help: the
// first line is the usage that %help lists, the rest is what %help NAME adds.
var builtinMagics = map[string]string{
	"help": `%help [NAME]            list the magics, or describe one (%help time)
Without a name, one line per magic; with a name (with or without its %),
the magic's full description.`,
	"env": `%env [NAME[=VALUE]]     list, show or set environment variables
%env                 lists the environment (values of names containing key,
                     token or secret show as <hidden>)
%env NAME            shows one variable (an error if it is not set)
%env NAME=VALUE      sets it; so does %env NAME VALUE
A variable set here is seen by cells (os.Getenv), by compiled code and by
shell commands (!cmd).`,
	"time": `%time [STATEMENT]       time a statement (or, alone, the rest of the cell)
%time STATEMENT      runs STATEMENT once and prints its CPU and wall time;
                     on the cell's last line its value is the cell's result
%time                alone on a line times the rest of the cell
%%time               as the cell's first line times the whole cell
Output, as IPython's:
    CPU times: user 120 ms, sys: 3 ms, total: 123 ms
    Wall time: 118 ms
CPU times are the whole process's (every goroutine), as getrusage counts them.`,
	"timeit": `%timeit [-n N] [-r R] [-p P] [-q] STATEMENT   time a statement by repeating it
Runs STATEMENT in a loop of N iterations, R times (default 7), and prints the
mean and standard deviation per loop as IPython does:
    3.52 ms ± 41.2 μs per loop (mean ± std. dev. of 7 runs, 100 loops each)
Without -n, N is the first power of ten whose loop takes at least 0.2 s.
-p sets the significant digits (3), -q prints nothing. Names that the statement
declares stay local to the loop. %%timeit [SETUP] as the cell's first line
times the whole cell, with SETUP run before each run's loop. Each run
compiles its loop once before running it, which the loop count amortises.`,
	"sh": `%sh COMMAND             run a shell command (same as !COMMAND)
!COMMAND and %sh COMMAND run COMMAND with /bin/sh -c; %%sh (or %%bash) as the
cell's first line runs the whole cell as a script. Output streams as the
command writes it; a non-zero exit status is printed on stderr ("exit
status 1") and the cell goes on. The command gets the cells' environment
(%env), no standard input, and runs in its own process group: interrupting
the cell stops the command and everything it started; so does the kernel's
end, even by SIGKILL (Unix). A job the command leaves running (cmd &) runs
on after the cell until %kill N or the kernel's end (%help jobs). Shell lines are a
cell's first lines, before any Go code; $NAME is the shell's expansion of an
environment variable, not of a Go variable.`,
	"debug": `%debug rewrite          run the cell and first print the Go it became (the engine's passes)
With a Go toolchain, a main() cell prints the program it compiles instead, or
why main() runs in the interpreter.`,
	"interp": `%%interp                as the cell's first line: main() runs in the interpreter, not compiled
A cell whose only statement is main(), or a cell that is a whole program
(package main), is built with the Go toolchain and run in a fresh process
when one is installed (YAK_GO names the go command; YAK_GO=off turns this
off). %%interp runs that cell's main() in the interpreter instead, with the
notebook's variables.`,
	"reset": `%reset                  drop every declaration and variable (a fresh interpreter)`,
	"who":   `%who                    list the names that cells declared, with their kinds and types`,
}

// otherHelp documents what is not a % magic but belongs in %help.
const otherHelp = `Also:
  !COMMAND                run a shell command (see %help sh)
  exit, quit              as a cell's last line: shut the kernel down (a
                          Jupyter server then starts a fresh one)`

// help is %help: the list of magics, or one magic's description.
func (e *Engine) help(args string, out io.Writer) error {
	if name := strings.TrimLeft(strings.TrimSpace(args), "%!"); name != "" {
		text, ok := e.helpText(name)
		if !ok {
			return usageError("%%help: no magic %%%s; the magics are %s", name, strings.Join(e.magicNames(), ", "))
		}
		fmt.Fprintln(out, text)
		return nil
	}
	fmt.Fprintln(out, "Magics (a cell's first lines, before any Go code; %help NAME describes one):")
	names := e.magicNames()
	sort.Strings(names)
	for _, n := range names {
		text, _ := e.helpText(n[1:])
		usage, _, _ := strings.Cut(text, "\n")
		fmt.Fprintln(out, "  "+usage)
	}
	fmt.Fprintln(out, otherHelp)
	fmt.Fprintln(out, "\nThe last expression of a cell is shown; values render rich when their type has")
	fmt.Fprintln(out, "HTML(), SVG(), PNG(), Markdown(), LaTeX() or JSON() methods (package display).")
	return nil
}

// helpText is the help of a magic: the engine's own, then Options.MagicHelp;
// a magic without help gets a line that says so.
func (e *Engine) helpText(name string) (string, bool) {
	if t, ok := builtinMagics[name]; ok {
		return t, true
	}
	if t, ok := e.opts.MagicHelp[name]; ok {
		return t, true
	}
	if _, ok := e.opts.Magics[name]; ok {
		return fmt.Sprintf("%%%-22s (no description)", name), true
	}
	if e.opts.FindMagic != nil {
		if m, ok := e.opts.FindMagic(name); ok && m != nil {
			return fmt.Sprintf("%%%-22s a plugin's magic (no description)", name), true
		}
	}
	return "", false
}
