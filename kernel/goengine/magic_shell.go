package goengine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/goengine/internal/childproc"
)

// shellKillGrace is how long an interrupted shell command has to end after
// SIGINT before its process group gets SIGKILL: an interrupted cell must
// return within a second.
const shellKillGrace = 500 * time.Millisecond

// shell runs `!cmd` and `%sh cmd`: the line goes to /bin/sh -c, with the
// environment that cells see (%env, os.Setenv), no standard input, and its
// stdout and stderr streamed to the cell's as they are written. A non-zero
// exit status is reported on stderr, as a note: the cell goes on (IPython's
// `!cmd` does not fail either). An interrupt stops the command and everything
// it started (its process group); the command and what it started die with
// the kernel, even by SIGKILL (internal/childproc has both). What it left
// running when it ended (`server &`) runs on as a job of the kernel.
func (e *Engine) shell(ctx context.Context, line string) error {
	if line == "" {
		return usageError("usage: !COMMAND or %%sh COMMAND (a line for /bin/sh; %%%%sh as a cell's first line runs the cell as a script)")
	}
	return e.runShell(ctx, exec.Command("/bin/sh", "-c", line), line)
}

// shellScript runs the rest of a %%sh or %%bash cell as a script.
func (e *Engine) shellScript(ctx context.Context, name, script string) error {
	prog := "/bin/sh"
	if name == "bash" {
		p, err := exec.LookPath("bash")
		if err != nil {
			return usageError("%%%%bash: bash is not installed here (%v); %%%%sh runs the cell with /bin/sh", err)
		}
		prog = p
	}
	label := "%%" + name
	if first, _, _ := strings.Cut(strings.TrimSpace(script), "\n"); first != "" {
		label += ": " + first + " ..."
	}
	return e.runShell(ctx, exec.Command(prog, "-c", script), label)
}

// runShell runs cmd (command is what %jobs calls it). A background job
// that the command leaves running is kept (magic_shell_jobs.go): it runs on
// after the cell, watched, and is stopped with the kernel or by %kill.
func (e *Engine) runShell(ctx context.Context, cmd *exec.Cmd, command string) error {
	e.jobs.prune()
	cmd.Env = e.cellEnv()
	out, closeW, err := newShellOutput(cmd, outWriter{e}, errWriter{e})
	if err != nil {
		return &kernel.ExecError{Name: "ShellError", Value: fmt.Sprintf("cannot make the pipes for %s: %v", cmd.Path, err),
			Traceback: []string{fmt.Sprintf("ShellError: cannot make the pipes for %s: %v", cmd.Path, err)}}
	}
	p, err := childproc.Start(cmd)
	closeW()
	if err != nil {
		out.close()
		return &kernel.ExecError{Name: "ShellError", Value: fmt.Sprintf("cannot start %s: %v", cmd.Path, err),
			Traceback: []string{fmt.Sprintf("ShellError: cannot start %s: %v", cmd.Path, err)}}
	}
	// SIGINT first, as a terminal's ^C; then SIGKILL for what is left in
	// the group (background jobs of a script ignore SIGINT).
	job, err := p.WaitJob(ctx, shellKillGrace)
	if job != nil {
		out.detach()
		j := e.jobs.add(command, job, out)
		fmt.Fprintf(errWriter{e}, "yak: [%d] runs on in the background (pids %s): %%jobs lists it, %%kill %d stops it, and it ends with the kernel\n",
			j.n, joinInts(job.Pids()), j.n)
	} else {
		out.finish()
	}
	if errors.Is(err, childproc.ErrInterrupted) {
		e.syncOutput()
		return &kernel.ExecError{Name: "Interrupted",
			Value:     fmt.Sprintf("the shell command was interrupted (its process group %d was stopped)", p.Group()),
			Traceback: []string{"Interrupted: the shell command was interrupted"}}
	}
	e.syncOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		if exit.Exited() {
			fmt.Fprintf(errWriter{e}, "exit status %d\n", exit.ExitCode())
		} else {
			fmt.Fprintf(errWriter{e}, "%v\n", exit) // "signal: killed"
		}
	default:
		return &kernel.ExecError{Name: "ShellError", Value: err.Error(), Traceback: []string{"ShellError: " + err.Error()}}
	}
	return nil
}

// cellEnv is the environment that interpreted code sees: yaegi keeps its own
// copy (os.Setenv in a cell changes only that), which shell commands inherit.
func (e *Engine) cellEnv() (env []string) {
	defer func() {
		if recover() != nil || env == nil {
			env = os.Environ()
		}
	}()
	if e.ip == nil {
		return nil
	}
	v, err := e.ip.Eval("_yakos.Environ()")
	if err != nil || !v.IsValid() {
		return nil
	}
	env, _ = v.Interface().([]string)
	return env
}

// lookupEnv finds name in the environment that cells see.
func (e *Engine) lookupEnv(name string) (string, bool) {
	for _, kv := range e.cellEnv() {
		if k, v, _ := strings.Cut(kv, "="); k == name {
			return v, true
		}
	}
	return "", false
}

// env is %env as IPython has it: `%env` lists the environment (values of
// names that look like secrets hidden), `%env NAME` shows one variable,
// `%env NAME=VALUE` and `%env NAME VALUE` set one, for cells (os.Getenv),
// compiled code and shell commands alike.
func (e *Engine) env(args string, out io.Writer) error {
	if args == "" {
		vars := e.cellEnv()
		sort.Strings(vars)
		for _, kv := range vars {
			k, v, _ := strings.Cut(kv, "=")
			if secretName(k) {
				v = "<hidden>"
			}
			fmt.Fprintf(out, "%s=%s\n", k, v)
		}
		return nil
	}
	sep := " "
	if strings.Contains(args, "=") {
		sep = "="
	}
	name, value, set := strings.Cut(args, sep)
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !set {
		v, ok := e.lookupEnv(name)
		if !ok {
			return usageError("Environment does not have key: %s", name)
		}
		fmt.Fprintln(out, v)
		return nil
	}
	if name == "" || strings.ContainsAny(name, " \t") {
		return usageError("refusing to set an environment variable whose name has spaces or is empty: %q (usage: %%env NAME=VALUE or %%env NAME VALUE)", name)
	}
	if err := os.Setenv(name, value); err != nil {
		return usageError("%%env: cannot set %s: %v", name, err)
	}
	if _, err := e.ip.Eval(fmt.Sprintf("_yakos.Setenv(%q, %q)", name, value)); err != nil {
		return err
	}
	fmt.Fprintf(out, "env: %s=%s\n", name, value)
	return nil
}

// secretName reports names whose values %env does not list, as IPython.
func secretName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "key") || strings.Contains(n, "token") || strings.Contains(n, "secret")
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
