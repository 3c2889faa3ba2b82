package goengine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yaknb/yak/kernel"
)

func TestShellLines(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct {
		code, stdout, stderr, value, errName string
	}{
		{code: "!echo hello", stdout: "hello\n"},
		{code: "!echo out; echo err >&2", stdout: "out\n", stderr: "err\n"},
		{code: "%sh printf 'a\\nb\\n' | wc -l | tr -d ' '", stdout: "2\n"},
		// A failing command is reported; the cell goes on, as IPython's !cmd.
		{code: "!exit 3\n1 + 1", stderr: "exit status 3\n", value: "2"},
		{code: "!kill -9 $$", stderr: "signal: killed\n"},
		{code: "!echo one\n!echo two\n%sh echo three", stdout: "one\ntwo\nthree\n"},
		{code: "%%sh\necho a\necho b >&2\nexit 1", stdout: "a\n", stderr: "b\nexit status 1\n"},
		{code: "%%bash\necho ${BASH_VERSION:+bash}", stdout: "bash\n"},
		{code: "!", errName: "UsageError"},
		{code: "%sh", errName: "UsageError"},
		{code: "x := 1\n!echo no", errName: "CompileError"}, // shell lines come first, as magics
	}
	for _, c := range cases {
		r, b, err := run(t, e, c.code)
		if errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
			continue
		}
		if c.errName != "" {
			continue
		}
		if r.stdout() != c.stdout || r.stderr() != c.stderr || text(b) != c.value {
			t.Errorf("%q: stdout %q stderr %q value %q, want %q %q %q", c.code, r.stdout(), r.stderr(), text(b), c.stdout, c.stderr, c.value)
		}
	}
}

func TestShellSeesTheCellsEnvironment(t *testing.T) {
	e := newEngine(t, Options{})
	t.Cleanup(func() { os.Unsetenv("YAK_SH_A") })
	cases := []struct{ code, stdout string }{
		{"%env YAK_SH_A=from env magic", "env: YAK_SH_A=from env magic\n"},
		{"!echo $YAK_SH_A", "from env magic\n"},
		{"import \"os\"\nos.Setenv(\"YAK_SH_B\", \"from a cell\")", ""},
		{"!echo $YAK_SH_B", "from a cell\n"},
	}
	for _, c := range cases {
		if r, _ := must(t, e, c.code); r.stdout() != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.code, r.stdout(), c.stdout)
		}
	}
}

// streamIO is a recorder that signals the first stdout write.
type streamIO struct {
	recorder
	first chan string
}

func (s *streamIO) Stdout() io.Writer {
	return writerFunc(func(p []byte) {
		s.recorder.Stdout().Write(p)
		select {
		case s.first <- string(p):
		default:
		}
	})
}

// Output reaches the cell while the command still runs: the command waits
// for a file that the test creates only after it has seen the first line.
func TestShellStreamsOutput(t *testing.T) {
	e := newEngine(t, Options{})
	flag := filepath.Join(t.TempDir(), "go-on")
	xio := &streamIO{first: make(chan string, 1)}
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		_, err := e.Execute(ctx, fmt.Sprintf("!echo first; while [ ! -e %s ]; do sleep 0.02; done; echo second", flag), xio)
		done <- err
	}()
	select {
	case got := <-xio.first:
		if got != "first\n" {
			t.Errorf("first output %q", got)
		}
	case err := <-done:
		t.Fatalf("the command ended (%v) before its first line was seen", err)
	case <-ctx.Done():
		t.Fatal("no output while the command ran")
	}
	if err := os.WriteFile(flag, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if xio.stdout() != "first\nsecond\n" {
		t.Errorf("stdout %q", xio.stdout())
	}
}

// An interrupt stops the command and what it started in the background.
func TestShellInterruptKillsTheProcessGroup(t *testing.T) {
	e := newEngine(t, Options{})
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Execute(ctx, fmt.Sprintf("!sleep 300 & echo $! > %s.tmp; mv %s.tmp %s; sleep 300", pidFile, pidFile, pidFile), &recorder{})
		done <- err
	}()
	var pid int
	for deadline := time.Now().Add(20 * time.Second); pid == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the command did not start")
		}
		b, _ := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	cancel()
	select {
	case err := <-done:
		if errName(err) != "Interrupted" {
			t.Errorf("error %v, want Interrupted", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Execute did not return after the interrupt")
	}
	for deadline := time.Now().Add(10 * time.Second); alive(pid); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("background process %d still runs after the interrupt", pid)
		}
	}
	if r, _ := must(t, e, "!echo still here"); r.stdout() != "still here\n" {
		t.Errorf("after the interrupt: %q", r.stdout())
	}
}

// A shell command, and what it started, die with a kernel killed by
// SIGKILL (internal/childproc's parent-death signal and watchdog), as a
// compiled main() does.
func TestShellDiesWithKernel(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the test reads process states from /proc, which %s lacks", runtime.GOOS)
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	kernelProc := exec.Command(os.Args[0])
	// The shell writes its pid and waits for a job of its own.
	kernelProc.Env = append(os.Environ(), fmt.Sprintf("GOENGINE_TEST_KERNEL_CELL=!sleep 600 & echo $$ $! > %s.tmp; mv %s.tmp %s; wait", pidFile, pidFile, pidFile))
	if err := kernelProc.Start(); err != nil {
		t.Fatal(err)
	}
	var pids []int
	for deadline := time.Now().Add(2 * time.Minute); len(pids) != 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			kernelProc.Process.Kill()
			t.Fatal("the shell command did not start")
		}
		b, _ := os.ReadFile(pidFile)
		pids = pids[:0]
		for _, f := range strings.Fields(string(b)) {
			n, _ := strconv.Atoi(f)
			pids = append(pids, n)
		}
	}
	for _, pid := range pids {
		if !alive(pid) {
			t.Fatalf("pid %d of %v does not run", pid, pids)
		}
	}
	kernelProc.Process.Kill()
	kernelProc.Wait()
	for i, what := range []string{"the shell", "the command it started"} {
		for deadline := time.Now().Add(time.Minute); alive(pids[i]); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				killPid(pids[i])
				t.Fatalf("%s (pid %d) outlived its SIGKILLed kernel", what, pids[i])
			}
		}
	}
}

func killPid(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}

// alive reports a process that exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}

func TestEnvMagic(t *testing.T) {
	e := newEngine(t, Options{})
	t.Cleanup(func() {
		for _, n := range []string{"YAK_ENV_A", "YAK_ENV_B", "YAK_TEST_API_KEY"} {
			os.Unsetenv(n)
		}
	})
	cases := []struct {
		code, stdout, value, errName string
	}{
		{code: "%env YAK_ENV_A=abc", stdout: "env: YAK_ENV_A=abc\n"},
		{code: "%env YAK_ENV_A", stdout: "abc\n"},
		{code: "%env YAK_ENV_B hello world", stdout: "env: YAK_ENV_B=hello world\n"},
		{code: "import \"os\"\nos.Getenv(\"YAK_ENV_B\")", value: "hello world"},
		{code: "%env YAK_TEST_API_KEY=s3cret", stdout: "env: YAK_TEST_API_KEY=s3cret\n"},
		{code: "%env YAK_ENV_NEVER_SET", errName: "UsageError"},
		{code: "%env =x", errName: "UsageError"},
		{code: "%env A B=c", errName: "UsageError"}, // split at '=': a name with a space
	}
	for _, c := range cases {
		r, b, err := run(t, e, c.code)
		if errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
			continue
		}
		if r.stdout() != c.stdout || text(b) != c.value {
			t.Errorf("%q: stdout %q value %q, want %q %q", c.code, r.stdout(), text(b), c.stdout, c.value)
		}
	}
	r, _ := must(t, e, "%env")
	for _, want := range []string{"YAK_ENV_A=abc\n", "YAK_ENV_B=hello world\n", "YAK_TEST_API_KEY=<hidden>\n"} {
		if !strings.Contains(r.stdout(), want) {
			t.Errorf("%%env lacks %q", want)
		}
	}
	if strings.Contains(r.stdout(), "s3cret") {
		t.Errorf("%%env shows a secret")
	}
}

func TestExitAndQuit(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct {
		code    string
		exit    bool
		errName string
		stdout  string
	}{
		{code: "exit", exit: true},
		{code: "quit()", exit: true},
		{code: "  exit  \n\n", exit: true},
		{code: "%who\nexit", exit: true, stdout: "no names declared yet\n"},
		{code: "x := 41\nx++\nquit", exit: true},
		{code: "x", stdout: ""}, // what ran before quit stays
		{code: "y := nosuch\nexit", errName: "CompileError"},
		{code: "exit := 3\nexit", exit: false}, // a variable of the user's
	}
	for _, c := range cases {
		r, _, err := run(t, e, c.code)
		if c.exit != errors.Is(err, kernel.ErrExit) {
			t.Errorf("%q: error %v, want exit=%v", c.code, err, c.exit)
			continue
		}
		if !c.exit && errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
		}
		if r.stdout() != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.code, r.stdout(), c.stdout)
		}
	}
	if _, b := must(t, e, "x"); text(b) != "42" {
		t.Errorf("x = %q after `x := 41; x++; quit`", text(b))
	}
	e2 := newEngine(t, Options{})
	must(t, e2, "import \"fmt\"\nfunc quit() { fmt.Println(\"my quit\") }")
	if r, _ := must(t, e2, "quit()"); r.stdout() != "my quit\n" {
		t.Errorf("a declared quit() was not called: %q", r.stdout())
	}
}

func TestHelp(t *testing.T) {
	e := newEngine(t, Options{
		Magics:    map[string]Magic{"hello": func(string, io.Writer) error { return nil }, "bare": func(string, io.Writer) error { return nil }},
		MagicHelp: map[string]string{"hello": "%hello NAME             greet\nSays hello to NAME."},
	})
	r, _ := must(t, e, "%help")
	for _, name := range []string{"env", "help", "reset", "sh", "time", "timeit", "who", "hello", "bare"} {
		if !strings.Contains(r.stdout(), "\n  %"+name) {
			t.Errorf("%%help lacks %%%s:\n%s", name, r.stdout())
		}
	}
	cases := map[string]string{
		"%help timeit": "mean ± std. dev.",
		"%help %time":  "%%time               as the cell's first line",
		"%help env":    "%env NAME VALUE",
		"%help hello":  "Says hello to NAME.",
		"%help bare":   "no description",
		"%help sh":     "process group",
	}
	for code, want := range cases {
		if r, _ := must(t, e, code); !strings.Contains(r.stdout(), want) {
			t.Errorf("%q: %q lacks %q", code, r.stdout(), want)
		}
	}
	if _, _, err := run(t, e, "%help nosuch"); errName(err) != "UsageError" {
		t.Errorf("%%help nosuch: %v", err)
	}
}
