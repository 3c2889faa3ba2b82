"""main() compiled with the Go toolchain, end to end through jupyter_client.

A cell whose only statement is main(), or a cell that is a whole program,
is built with the installed Go toolchain and run in a child process (issue
16; kernel/goengine/compiled.go). These tests drive the real kernel as a
front end does and check what a user sees: output that streams while the
program runs, the stop button (interrupt_request and SIGINT) ending the
child and everything it started, Go's panics, exit codes and compile errors
at the user's cell lines, and the cases that go to the interpreter instead
(%%interp, YAK_GO=off, standard input, yak's packages, a cell statement's
variable).

Whether main() ran compiled is read from the process id the program prints:
the interpreter runs in the kernel's process, a compiled program in a child.
Nothing here waits a fixed time for the program: each step waits for an
event (a line on IOPub, a file, a reply) with a generous deadline, so a
loaded machine makes the tests slower, not red.
"""

import html
import os
import pathlib
import queue
import re
import shutil
import signal
import subprocess
import time

import nbformat
import pytest

import kernel_support as ks

# A build compiles the standard library packages that the build cache lacks:
# seconds on a quiet machine, much longer on a loaded one.
BUILD = 180

IMPORTS = 'import (\n\t"bufio"\n\t"fmt"\n\t"os"\n\t"os/exec"\n\t"os/signal"\n\t"strings"\n\t"time"\n)'


def have_go():
    go = os.environ.get("YAK_GO") or shutil.which("go")
    return bool(go) and go.lower() != "off"


pytestmark = pytest.mark.skipif(not have_go(), reason="needs a Go toolchain (go on PATH) for compiled main()")


@pytest.fixture(scope="module")
def kernel():
    km, kc, _ = ks.start()
    reply, _ = ks.execute(kc, IMPORTS + "\nstate := 41")
    assert reply["status"] == "ok", reply
    yield km, kc
    ks.stop(km, kc)


def text(outs, name=None):
    """The stream text of outputs (stdout and stderr, or the one named)."""
    return "".join(m["content"]["text"] for m in outs
                   if m["msg_type"] == "stream" and name in (None, m["content"]["name"]))


def errors(outs):
    return [m["content"] for m in outs if m["msg_type"] == "error"]


def declare(kc, code):
    """Runs a cell of declarations; returns its execution count."""
    reply, outs = ks.execute(kc, code)
    assert reply["status"] == "ok", (reply, outs)
    return reply["execution_count"]


def pid_printed(outs):
    m = re.search(r"pid (\d+)", text(outs, "stdout"))
    assert m, f"the program printed no pid: {outs}"
    return int(m.group(1))


def kernel_pid(km):
    return km.provisioner.pid


def assert_state(kc):
    """The kernel lives and keeps the fixture's variable."""
    reply, outs = ks.execute(kc, "state + 1")
    assert reply["status"] == "ok", reply
    assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"] == ["42"]


def wait_stream(kc, msg_id, pattern, timeout=BUILD):
    """Reads IOPub until the cell's stream text matches pattern; returns the
    match and the messages read."""
    seen, deadline = [], time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"{pattern!r} did not arrive: {seen}"
        m = kc.get_iopub_msg(timeout=left)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        seen.append(m)
        assert not (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"), \
            f"the cell ended before {pattern!r}: {seen}"
        found = re.search(pattern, text(seen))
        if found:
            return found, seen


def exe_of(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:  # gone, or not ours to read
        return None


def running(pid, exe):
    """Whether process pid is still the program exe (a reaped pid may be reused)."""
    now = exe_of(pid)
    if now is None:
        return False
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z" and now.removesuffix(" (deleted)") == exe.removesuffix(" (deleted)")


def processes_running(exe):
    """Pids of live processes whose executable is exe."""
    out = []
    for d in pathlib.Path("/proc").iterdir():
        if d.name.isdigit() and running(int(d.name), exe):
            out.append(int(d.name))
    return out


def test_compiled_output_streams_before_the_cell_ends(kernel, tmp_path):
    km, kc = kernel
    gate = tmp_path / "go-on"
    declare(kc, f'''func main() {{
	fmt.Println("first", "pid", os.Getpid())
	deadline := time.Now().Add(2 * time.Minute)
	for {{
		if _, err := os.Stat({str(gate)!r}); err == nil {{
			break
		}}
		if time.Now().After(deadline) {{
			fmt.Println("the test never opened the gate")
			os.Exit(1)
		}}
		time.Sleep(10 * time.Millisecond)
	}}
	time.Sleep(50 * time.Millisecond)
	fmt.Println("second")
}}'''.replace("'", '"'))
    msg_id = kc.execute("main()")
    _, seen = wait_stream(kc, msg_id, r"first pid \d+\n")
    assert pid_printed(seen) != kernel_pid(km), "main() ran in the interpreter, not compiled"
    # The program waits for the gate: the cell cannot have ended.
    with pytest.raises(queue.Empty):
        kc.get_shell_msg(timeout=0.2)
    assert "second" not in text(seen)
    gate.write_text("")
    reply = ks.reply_to(kc, msg_id, timeout=BUILD)
    rest = ks.drain_iopub(kc, msg_id)
    assert reply["content"]["status"] == "ok", (reply["content"], rest)
    out = text(seen + rest, "stdout")
    assert out.index("first") < out.index("second\n"), out


@pytest.mark.parametrize("how", ["interrupt_request", "SIGINT"])
@pytest.mark.parametrize("ignores", [False, True], ids=["plain", "ignores-SIGINT-with-a-child"])
def test_interrupt_ends_the_program(kernel, how, ignores):
    km, kc = kernel
    body = '\tfmt.Println("pid", os.Getpid())\n'
    if ignores:
        # SIGINT does nothing to it: the kernel kills it after the grace,
        # and the process it started with it (the program's process group).
        body = ('\tsignal.Ignore(os.Interrupt)\n'
                '\tchild := exec.Command("sleep", "600")\n'
                '\tif err := child.Start(); err != nil {\n\t\tpanic(err)\n\t}\n'
                '\tfmt.Println("child", child.Process.Pid)\n') + body
    declare(kc, "func main() {\n" + body + "\tfor {\n\t}\n}")
    msg_id = kc.execute("main()")
    _, seen = wait_stream(kc, msg_id, r"pid (\d+)\n")
    program = pid_printed(seen)
    assert program != kernel_pid(km), "main() ran in the interpreter, not compiled"
    watched = {program: exe_of(program)}
    if ignores:
        child = int(re.search(r"child (\d+)", text(seen)).group(1))
        watched[child] = exe_of(child)
    assert all(watched.values()), f"not running when its pid was printed: {watched}"
    if how == "SIGINT":
        km.signal_kernel(signal.SIGINT)
    else:
        km.interrupt_kernel()
    reply = ks.reply_to(kc, msg_id, timeout=60)  # SIGKILL comes 2 s after SIGINT
    outs = ks.drain_iopub(kc, msg_id)
    assert reply["content"]["status"] == "error", reply["content"]
    errs = errors(outs)
    assert len(errs) == 1 and errs[0]["ename"] == "Interrupted", errs
    # The reply comes after the program was reaped and its group sent
    # SIGKILL; a process of the group that is not the kernel's child dies
    # (and is reaped by init) a moment later.
    assert not running(program, watched[program]), "the program runs on after the reply"
    deadline = time.monotonic() + 20
    while (left := {pid: exe for pid, exe in watched.items() if running(pid, exe)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"still running 20 s after the reply: {left}"
    assert not processes_running(watched[program]), "a copy of the program is still running"
    assert km.is_alive()
    assert_state(kc)
    reply, outs = ks.execute(kc, 'fmt.Println("next cell")')
    assert reply["status"] == "ok" and text(outs) == "next cell\n", (reply, outs)


@pytest.mark.parametrize("run", ["main()", "%%interp\nmain()"], ids=["compiled", "interpreted"])
def test_sigterm_ends_the_kernel_and_the_program(run):
    """SIGTERM (jupyter_client's terminate, a service manager's stop) ends the
    kernel as a shutdown does: a compiled program in its own process group
    must not run on as an orphan."""
    km, kc, _ = ks.start()
    proc = km.provisioner.process
    try:
        declare(kc, 'import (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println("pid", os.Getpid())\n\tfor {\n\t}\n}')
        msg_id = kc.execute(run)
        _, seen = wait_stream(kc, msg_id, r"pid (\d+)\n")
        program = pid_printed(seen)
        exe = exe_of(program)
        assert (program == proc.pid) == run.startswith("%%interp"), (program, proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        assert not running(program, exe), "the program outlived the kernel"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_sigkill_of_the_kernel_ends_the_program():
    """A kernel killed by SIGKILL cannot stop its program: Linux does, by the
    parent-death signal the program was started with (gobuild)."""
    km, kc, _ = ks.start()
    proc = km.provisioner.process
    try:
        declare(kc, 'import (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println("pid", os.Getpid())\n\tfor {\n\t}\n}')
        msg_id = kc.execute("main()")
        _, seen = wait_stream(kc, msg_id, r"pid (\d+)\n")
        program = pid_printed(seen)
        exe = exe_of(program)
        assert program != proc.pid and exe, "main() did not run compiled"
        proc.kill()
        proc.wait(timeout=60)
        deadline = time.monotonic() + 20
        while running(program, exe) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(program, exe), "the program outlived the kernel's SIGKILL"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_interrupt_during_the_build(tmp_path):
    """The stop button during the build (the first one compiles the standard
    library for seconds): the reply says so and the kernel goes on. YAK_GO
    names a go command that holds `go build` until the test lets it go, so
    the interrupt is known to come while it builds."""
    real = os.environ.get("YAK_GO") or shutil.which("go")
    held = tmp_path / "build-started"
    wrapper = tmp_path / "go"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = build ]; then\n  : > "{held}"\n'
        f'  while [ ! -e "{tmp_path / "release"}" ]; do sleep 0.05 >/dev/null 2>&1; done\nfi\n'
        f'exec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    km, kc, _ = ks.start(env={"YAK_GO": str(wrapper)})
    try:
        declare(kc, 'import "fmt"\n\nfunc main() {\n\tfmt.Println("ran")\n}')
        msg_id = kc.execute("main()")
        deadline = time.monotonic() + BUILD
        while not held.exists():
            assert time.monotonic() < deadline, "go build never started"
            time.sleep(0.05)
        km.interrupt_kernel()
        reply = ks.reply_to(kc, msg_id, timeout=60)
        outs = ks.drain_iopub(kc, msg_id)
        assert reply["content"]["status"] == "error", reply["content"]
        errs = errors(outs)
        assert len(errs) == 1 and errs[0]["ename"] == "Interrupted" and "build" in errs[0]["evalue"], errs
        assert "ran" not in text(outs)
        reply, outs = ks.execute(kc, 'fmt.Println("next cell")')
        assert reply["status"] == "ok" and text(outs) == "next cell\n", (reply, outs)
        (tmp_path / "release").write_text("")
        reply, outs = ks.execute(kc, "main()", timeout=BUILD)
        assert reply["status"] == "ok" and "ran\n" in text(outs, "stdout"), (reply, outs)
    finally:
        (tmp_path / "release").write_text("")
        ks.stop(km, kc)


def test_panic_is_gos_with_cell_lines(kernel):
    km, kc = kernel
    n = declare(kc, '''func pick(xs []int, i int) int {
	return xs[i]
}

func main() {
	fmt.Println("pid", os.Getpid())
	fmt.Println(pick([]int{1, 2}, 5))
}''')
    reply, outs = ks.execute(kc, "main()", timeout=BUILD)
    assert reply["status"] == "error", reply
    assert pid_printed(outs) != kernel_pid(km)
    stderr = text(outs, "stderr")
    assert "panic: runtime error: index out of range [5] with length 2" in stderr, stderr
    assert "goroutine 1 [running]:" in stderr
    # The traceback names the cell and line the user wrote: pick's index at
    # line 2 of the declarations cell, main's call at line 7.
    assert re.search(rf"main\.pick\(.*\)\n\s+cell\[{n}\]:2\b", stderr), stderr
    assert re.search(rf"main\.main\(\)\n\s+cell\[{n}\]:7\b", stderr), stderr
    errs = errors(outs)
    assert len(errs) == 1 and errs[0]["ename"] == "ExitError", errs
    assert "exit status 2" in errs[0]["evalue"] and "panicked" in errs[0]["evalue"]
    assert_state(kc)


def test_goroutine_panic_ends_the_program_with_cell_lines(kernel):
    """As in Go, a panic in a goroutine ends the program; the trace names the
    goroutine's line and the go statement's, in the cell that declared them."""
    _, kc = kernel
    n = declare(kc, """func main() {
	done := make(chan bool)
	go func() {
		var m map[string]int
		m["x"] = 1
		done <- true
	}()
	<-done
	fmt.Println("not reached")
}""")
    reply, outs = ks.execute(kc, "main()", timeout=BUILD)
    assert reply["status"] == "error", reply
    stderr = text(outs, "stderr")
    assert "panic: assignment to entry in nil map" in stderr, stderr
    assert re.search(rf"main\.main\.func1\(\)\n\s+cell\[{n}\]:5\b", stderr), stderr
    assert re.search(rf"created by main\.main in goroutine 1\n\s+cell\[{n}\]:3\b", stderr), stderr
    assert "not reached" not in text(outs)
    assert [e["ename"] for e in errors(outs)] == ["ExitError"]


def test_os_exit_names_the_status(kernel):
    _, kc = kernel
    declare(kc, '''func main() {
	defer fmt.Println("deferred calls do not run")
	fmt.Println("exiting")
	os.Exit(3)
}''')
    reply, outs = ks.execute(kc, "main()", timeout=BUILD)
    assert reply["status"] == "error", reply
    assert text(outs, "stdout") == "exiting\n"
    errs = errors(outs)
    assert len(errs) == 1 and "status 3" in errs[0]["evalue"], errs
    assert_state(kc)


def test_build_error_at_the_cell_line(kernel):
    _, kc = kernel
    # The interpreter accepts an unused variable; Go does not.
    n = declare(kc, 'func main() {\n\tfmt.Println("never")\n\tunused := 1\n}')
    reply, outs = ks.execute(kc, "main()", timeout=BUILD)
    assert reply["status"] == "error", reply
    assert "never" not in text(outs)
    errs = errors(outs)
    assert len(errs) == 1 and errs[0]["ename"] == "CompileError", errs
    assert f"cell[{n}]:3:2: declared and not used: unused" in errs[0]["evalue"], errs


def test_whole_program_cell(kernel):
    km, kc = kernel
    reply, outs = ks.execute(kc, '''package main

import (
	"fmt"
	"os"
)

func onlyInTheProgram() string { return "whole" }

func main() {
	fmt.Println(onlyInTheProgram(), "pid", os.Getpid())
}''', timeout=BUILD)
    assert reply["status"] == "ok", (reply, outs)
    assert "whole pid" in text(outs, "stdout")
    assert pid_printed(outs) != kernel_pid(km)
    # It declared nothing in the notebook.
    reply, outs = ks.execute(kc, "onlyInTheProgram()")
    assert reply["status"] == "error", (reply, outs)
    assert "onlyInTheProgram" in errors(outs)[0]["evalue"]


def test_whole_program_build_error_at_its_line(kernel):
    _, kc = kernel
    reply, outs = ks.execute(kc, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar s string = 1\n\tfmt.Println(s)\n}',
                             timeout=BUILD)
    assert reply["status"] == "error", reply
    errs = errors(outs)
    assert len(errs) == 1 and errs[0]["ename"] == "CompileError", errs
    assert "cell:6:17: cannot use 1 (untyped int constant) as string value" in errs[0]["evalue"], errs


MAIN_PRINTS_PID = 'func main() {\n\tfmt.Println("pid", os.Getpid())\n}'


def test_interp_magic_runs_main_in_the_kernel(kernel):
    km, kc = kernel
    declare(kc, MAIN_PRINTS_PID)
    reply, outs = ks.execute(kc, "main()", timeout=BUILD)
    assert reply["status"] == "ok", (reply, outs)
    assert pid_printed(outs) != kernel_pid(km)
    reply, outs = ks.execute(kc, "%%interp\nmain()")
    assert reply["status"] == "ok", (reply, outs)
    assert pid_printed(outs) == kernel_pid(km)


def test_env_magic_turns_compiling_off_and_on(kernel):
    km, kc = kernel
    declare(kc, MAIN_PRINTS_PID)
    try:
        assert ks.execute(kc, "%env YAK_GO=off")[0]["status"] == "ok"
        reply, outs = ks.execute(kc, "main()")
        assert reply["status"] == "ok", (reply, outs)
        assert pid_printed(outs) == kernel_pid(km)
    finally:
        assert ks.execute(kc, "%env YAK_GO=" + (os.environ.get("YAK_GO") or shutil.which("go")))[0]["status"] == "ok"
    reply, outs = ks.execute(kc, "main()", timeout=BUILD)
    assert reply["status"] == "ok", (reply, outs)
    assert pid_printed(outs) != kernel_pid(km)


@pytest.mark.parametrize("wrong,says", [("/nonexistent/go", "is not a go command"), ("/bin/true", "does not report a Go version")])
def test_a_wrong_yak_go_says_so_once(kernel, wrong, says):
    km, kc = kernel
    declare(kc, MAIN_PRINTS_PID)
    try:
        assert ks.execute(kc, "%env YAK_GO=" + wrong)[0]["status"] == "ok"
        notes = []
        for _ in range(2):
            reply, outs = ks.execute(kc, "main()")
            assert reply["status"] == "ok", (reply, outs)
            assert pid_printed(outs) == kernel_pid(km)
            notes.append(text(outs, "stderr"))
        assert says in notes[0] and "main() runs in the interpreter" in notes[0], notes
        assert says not in notes[1], notes
    finally:
        assert ks.execute(kc, "%env YAK_GO=" + (os.environ.get("YAK_GO") or shutil.which("go")))[0]["status"] == "ok"


def test_whole_program_outside_package_main(kernel):
    km, kc = kernel
    reply, outs = ks.execute(kc, "package foo\n\nfunc main() {}")
    assert reply["status"] == "error", (reply, outs)
    errs = errors(outs)
    assert len(errs) == 1 and "package foo is not a main package" in errs[0]["evalue"], errs
    assert "permission denied" not in str(errs)


def test_time_magics_with_compiled_main(kernel):
    km, kc = kernel
    declare(kc, MAIN_PRINTS_PID)
    reply, outs = ks.execute(kc, "%time main()", timeout=BUILD)
    assert reply["status"] == "ok", (reply, outs)
    assert pid_printed(outs) != kernel_pid(km)
    assert "CPU times: " in text(outs, "stdout") and "Wall time: " in text(outs, "stdout"), outs
    reply, outs = ks.execute(kc, "%%interp\n%time main()")
    assert reply["status"] == "ok", (reply, outs)
    assert pid_printed(outs) == kernel_pid(km)
    assert "Wall time: " in text(outs, "stdout"), outs
    reply, outs = ks.execute(kc, "%timeit -n 1 -r 2 main()", timeout=BUILD)
    assert reply["status"] == "ok", (reply, outs)
    pids = {int(p) for p in re.findall(r"pid (\d+)", text(outs, "stdout"))}
    assert len(pids) == 2 and kernel_pid(km) not in pids, outs
    assert "main() ran compiled" in text(outs, "stdout"), outs


def test_yak_go_off_at_start_runs_main_in_the_interpreter():
    km, kc, _ = ks.start(env={"YAK_GO": "off"})
    try:
        declare(kc, 'import (\n\t"fmt"\n\t"os"\n)\n\n' + MAIN_PRINTS_PID)
        reply, outs = ks.execute(kc, "main()")
        assert reply["status"] == "ok", (reply, outs)
        assert pid_printed(outs) == kernel_pid(km)
        assert "compiled" not in text(outs, "stderr")
        reply, outs = ks.execute(kc, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("whole, interpreted")\n}')
        assert reply["status"] == "ok", (reply, outs)
        assert text(outs, "stdout") == "whole, interpreted\n"
    finally:
        ks.stop(km, kc)


def test_the_compiled_note_is_printed_once_per_kernel():
    km, kc, _ = ks.start()
    try:
        declare(kc, 'import (\n\t"fmt"\n\t"os"\n)\n\n' + MAIN_PRINTS_PID)
        notes = []
        for _ in range(2):
            reply, outs = ks.execute(kc, "main()", timeout=BUILD)
            assert reply["status"] == "ok", (reply, outs)
            assert pid_printed(outs) != kernel_pid(km)
            notes.append(text(outs, "stderr"))
        assert "ran compiled" in notes[0] and "%%interp" in notes[0], notes
        assert notes[1] == "", notes
    finally:
        ks.stop(km, kc)


@pytest.mark.parametrize("read", [
    'line, _ := bufio.NewReader(os.Stdin).ReadString(\'\\n\')',
    'var line string\n\tfmt.Scanln(&line)',
])
def test_stdin_program_asks_the_front_end(kernel, read):
    km, kc = kernel
    declare(kc, 'func main() {\n\t' + read + '\n\tfmt.Println("hello,", strings.TrimSpace(line), "pid", os.Getpid())\n}')
    msg_id = kc.execute("main()", allow_stdin=True)
    req = kc.get_stdin_msg(timeout=BUILD)
    assert req["msg_type"] == "input_request", req
    kc.input("gopher")
    reply = ks.reply_to(kc, msg_id)
    outs = ks.drain_iopub(kc, msg_id)
    assert reply["content"]["status"] == "ok", (reply["content"], outs)
    assert "hello, gopher" in text(outs, "stdout")
    assert pid_printed(outs) == kernel_pid(km), "a program reading stdin runs in the interpreter"


def test_yak_packages_run_main_in_the_interpreter(kernel):
    km, kc = kernel
    declare(kc, 'import "github.com/yaknb/yak/display"\n\n'
                'func main() {\n\tdisplay.Display(display.Text("shown"))\n\tfmt.Println("pid", os.Getpid())\n}')
    reply, outs = ks.execute(kc, "main()")
    assert reply["status"] == "ok", (reply, outs)
    assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "display_data"] == ["shown"]
    assert pid_printed(outs) == kernel_pid(km)


def test_a_cell_statements_variable_runs_main_in_the_interpreter(kernel):
    km, kc = kernel
    declare(kc, 'func main() {\n\tfmt.Println("state", state, "pid", os.Getpid())\n}')
    reply, outs = ks.execute(kc, "main()")
    assert reply["status"] == "ok", (reply, outs)
    assert "state 41 pid" in text(outs, "stdout")
    assert pid_printed(outs) == kernel_pid(km)


def test_yak_run_report_shows_compiled_output_in_order(tmp_path):
    """`yak run` (the same engine, headless): the executed notebook and its
    HTML report hold the compiled program's output in its cell, in order
    between the cells around it."""
    cells = [
        'import (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfor i := 1; i <= 3; i++ {\n'
        '\t\tfmt.Println("compiled line", i)\n\t}\n\tfmt.Fprintln(os.Stderr, "compiled to stderr")\n'
        '\tfmt.Println("compiled last pid", os.Getpid())\n}',
        'fmt.Println("before main pid", os.Getpid())',
        "main()",
        'fmt.Println("after main")',
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata.kernelspec = {"name": "yak", "display_name": "Go (yak)", "language": "go"}
    src = tmp_path / "compiled.ipynb"
    nbformat.write(nb, str(src))
    p = subprocess.run([ks.yak(), "run", "--out", str(tmp_path / "out"), str(src)],
                       capture_output=True, text=True, timeout=BUILD + 60)
    assert p.returncode == 0, p.stderr
    ran = nbformat.read(str(tmp_path / "out" / "compiled.ipynb"), 4)
    stdout = ["".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
              for c in ran.cells]
    kernel = re.search(r"pid (\d+)", stdout[1]).group(1)
    program = re.search(r"pid (\d+)", stdout[2]).group(1)
    assert kernel != program, "main() ran in yak's process, not compiled"
    assert stdout[2] == f"compiled line 1\ncompiled line 2\ncompiled line 3\ncompiled last pid {program}\n", stdout
    assert "compiled to stderr" in "".join(o.text for o in ran.cells[2].outputs
                                           if o.output_type == "stream" and o.name == "stderr")
    # The report: every stream block's text in document order.
    page = (tmp_path / "out" / "compiled.html").read_text()
    blocks = [html.unescape(t) for t in
              re.findall(r'<div class="output stream (?:stdout|stderr)"><pre>(.*?)</pre>', page, re.S)]
    shown = "".join(blocks)
    order = ["before main pid", "compiled line 1\n", "compiled line 2\n", "compiled line 3\n",
             "compiled last pid", "after main\n"]
    at = [shown.find(t) for t in order]
    assert -1 not in at and at == sorted(at), (at, blocks)
    assert "compiled to stderr" in shown
