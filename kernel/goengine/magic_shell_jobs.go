package goengine

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/yaknb/yak/kernel/goengine/internal/childproc"
)

func init() {
	builtinMagics["jobs"] = `%jobs [N]               list the background jobs that shell commands left running
A shell command that ends and leaves a job running (!python3 -m http.server &,
or %%sh with "server &") leaves it to the kernel: it runs on across cells, the
stop button does not reach it (it stops the running cell's command only), and
it is stopped when the kernel shuts down, restarts or is killed (even by
SIGKILL, on Unix). %jobs lists them, numbered; %jobs N prints the last 16 KiB
that job N wrote after its cell ended; %kill N stops it.`
	builtinMagics["kill"] = `%kill N ... | all       stop background jobs (%jobs lists them)
Sends the job's process group SIGTERM, then SIGKILL to what is left after a
second. %kill all stops every job.`
}

const (
	// jobTailSize is how much of a job's later output %jobs N keeps.
	jobTailSize = 16 << 10
	// jobStopGrace is how long a stopped job has after SIGTERM.
	jobStopGrace = time.Second
	// shellDrain is how long a cell waits for the output of what its
	// command started and did not wait for (as exec.Cmd.WaitDelay).
	shellDrain = time.Second
	// jobQuiet is how long the output of a command that left a job must be
	// still before the cell ends: what the shell wrote before it exited is
	// then the cell's, what the job writes later is the job's.
	jobQuiet = 50 * time.Millisecond
)

// shellOutput carries a command's stdout and stderr through pipes of its
// own (not exec's, whose Wait waits for every writer to close them): to the
// cell while the cell runs, then, for a job the command left running, to a
// tail that %jobs N shows. A job keeps writing to an open pipe, so a server
// that logs each request goes on serving.
type shellOutput struct {
	mu     sync.Mutex
	toCell bool
	last   time.Time // when the last chunk came
	tail   []byte
	done   chan struct{} // closed when both pipes reached EOF
	rs     []*os.File
}

// newShellOutput points cmd's stdout and stderr at new pipes, read by two
// goroutines; the returned closer closes the write ends, which the parent
// must not keep once the command started.
func newShellOutput(cmd *exec.Cmd, stdout, stderr io.Writer) (*shellOutput, func(), error) {
	o := &shellOutput{toCell: true, done: make(chan struct{})}
	var ws []*os.File
	var wg sync.WaitGroup
	for _, to := range []io.Writer{stdout, stderr} {
		r, w, err := os.Pipe()
		if err != nil {
			for _, f := range append(ws, o.rs...) {
				f.Close()
			}
			return nil, nil, err
		}
		o.rs, ws = append(o.rs, r), append(ws, w)
		wg.Add(1)
		go o.copy(&wg, r, to)
	}
	cmd.Stdout, cmd.Stderr = ws[0], ws[1]
	go func() { wg.Wait(); close(o.done) }()
	return o, func() { ws[0].Close(); ws[1].Close() }, nil
}

func (o *shellOutput) copy(wg *sync.WaitGroup, r *os.File, to io.Writer) {
	defer wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			o.write(to, buf[:n])
		}
		if err != nil {
			return
		}
	}
}

func (o *shellOutput) write(to io.Writer, p []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.last = time.Now()
	if o.toCell {
		to.Write(p)
		return
	}
	o.tail = append(o.tail, p...)
	if over := len(o.tail) - jobTailSize; over > 0 {
		o.tail = append(o.tail[:0], o.tail[over:]...)
	}
}

// finish waits for the end of the output (at most shellDrain, for a
// process that left the group with the pipes) and closes the pipes.
func (o *shellOutput) finish() {
	select {
	case <-o.done:
	case <-time.After(shellDrain):
	}
	o.close()
}

// detach hands the output to the job once what the shell wrote reached
// the cell: when the pipes reached EOF (the job writes elsewhere), or were
// still for jobQuiet with nothing left unread (Linux), at most shellDrain
// after the shell ended.
func (o *shellOutput) detach() {
	deadline := time.Now().Add(shellDrain)
	o.mu.Lock()
	o.last = time.Now()
	o.mu.Unlock()
wait:
	for time.Now().Before(deadline) {
		select {
		case <-o.done:
			break wait
		case <-time.After(jobQuiet / 5):
		}
		o.mu.Lock()
		quiet := time.Since(o.last) >= jobQuiet
		o.mu.Unlock()
		// Bytes still in a pipe were written before the shell ended
		// (or are the job's first): the cell's, once read.
		if quiet && unread(o.rs[0]) <= 0 && unread(o.rs[1]) <= 0 {
			break
		}
	}
	o.mu.Lock()
	o.toCell = false
	o.mu.Unlock()
}

func (o *shellOutput) close() {
	for _, r := range o.rs {
		r.Close()
	}
}

func (o *shellOutput) tailText() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return string(o.tail)
}

// shellJobs are the background jobs that shell commands left running, each
// watched by internal/childproc until it ends, is stopped by %kill, or the
// engine closes.
type shellJobs struct {
	mu   sync.Mutex
	next int
	list []*shellJob
}

type shellJob struct {
	n       int
	command string
	job     *childproc.Job
	out     *shellOutput
	started time.Time
}

func (js *shellJobs) add(command string, job *childproc.Job, out *shellOutput) *shellJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.next++
	j := &shellJob{n: js.next, command: command, job: job, out: out, started: time.Now()}
	js.list = append(js.list, j)
	return j
}

// prune drops the jobs whose processes all ended (releasing their
// watchdogs) and returns them.
func (js *shellJobs) prune() (ended []*shellJob) {
	js.mu.Lock()
	defer js.mu.Unlock()
	keep := js.list[:0]
	for _, j := range js.list {
		if j.job.Running() {
			keep = append(keep, j)
			continue
		}
		j.job.Release()
		j.out.close()
		ended = append(ended, j)
	}
	js.list = keep
	return ended
}

// take removes the jobs numbered ns (all of them for nil) and returns
// them; unknown numbers are returned apart.
func (js *shellJobs) take(ns []int) (taken []*shellJob, unknown []int) {
	js.mu.Lock()
	defer js.mu.Unlock()
	want := map[int]bool{}
	for _, n := range ns {
		want[n] = true
	}
	keep := js.list[:0]
	for _, j := range js.list {
		if ns == nil || want[j.n] {
			taken = append(taken, j)
			delete(want, j.n)
		} else {
			keep = append(keep, j)
		}
	}
	js.list = keep
	for n := range want {
		unknown = append(unknown, n)
	}
	sort.Ints(unknown)
	return taken, unknown
}

// stop stops jobs side by side (each gets the whole grace).
func stopJobs(jobs []*shellJob) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			j.job.Stop(jobStopGrace)
			j.out.close()
		})
	}
	wg.Wait()
}

// stopAll stops every job: the engine closes (kernel shutdown or restart).
func (js *shellJobs) stopAll() {
	jobs, _ := js.take(nil)
	stopJobs(jobs)
}

func (js *shellJobs) find(n int) *shellJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	for _, j := range js.list {
		if j.n == n {
			return j
		}
	}
	return nil
}

// jobsMagic is %jobs [N].
func (e *Engine) jobsMagic(args string, out io.Writer) error {
	for _, j := range e.jobs.prune() {
		fmt.Fprintf(out, "[%d] ended: %s\n", j.n, j.command)
	}
	if args != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(args, "%"))
		if err != nil {
			return usageError("%%jobs takes a job number (%%jobs lists them), not %q", args)
		}
		j := e.jobs.find(n)
		if j == nil {
			return usageError("no background job %d runs (%%jobs lists them)", n)
		}
		if t := j.out.tailText(); t != "" {
			io.WriteString(out, t)
		} else {
			fmt.Fprintf(out, "[%d] has written nothing since its cell ended\n", n)
		}
		return nil
	}
	e.jobs.mu.Lock()
	list := append([]*shellJob(nil), e.jobs.list...)
	e.jobs.mu.Unlock()
	if len(list) == 0 {
		fmt.Fprintln(out, "no background jobs (a shell command's `cmd &` that runs on after its cell is one)")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tPIDS\tFOR\tCOMMAND")
	for _, j := range list {
		var pids []string
		for _, p := range j.job.Pids() {
			pids = append(pids, strconv.Itoa(p))
		}
		fmt.Fprintf(tw, "[%d]\t%s\t%s\t%s\n", j.n, strings.Join(pids, ","), time.Since(j.started).Round(time.Second), j.command)
	}
	return tw.Flush()
}

// killMagic is %kill N ... | all.
func (e *Engine) killMagic(args string, out io.Writer) error {
	var ns []int
	f := strings.Fields(args)
	switch {
	case len(f) == 0:
		return usageError("usage: %%kill N ... or %%kill all (%%jobs lists the background jobs)")
	case len(f) == 1 && f[0] == "all":
		ns = nil
	default:
		for _, a := range f {
			n, err := strconv.Atoi(strings.TrimPrefix(a, "%"))
			if err != nil {
				return usageError("%%kill takes job numbers (%%jobs lists them) or all, not %q", a)
			}
			ns = append(ns, n)
		}
	}
	taken, unknown := e.jobs.take(ns)
	if len(unknown) > 0 {
		// Put them back untouched: a typo stops nothing.
		e.jobs.mu.Lock()
		e.jobs.list = append(e.jobs.list, taken...)
		sort.Slice(e.jobs.list, func(a, b int) bool { return e.jobs.list[a].n < e.jobs.list[b].n })
		e.jobs.mu.Unlock()
		return usageError("no background job %v runs (%%jobs lists them); nothing was stopped", unknown)
	}
	if len(taken) == 0 {
		fmt.Fprintln(out, "no background jobs to stop")
		return nil
	}
	stopJobs(taken)
	for _, j := range taken {
		fmt.Fprintf(out, "[%d] stopped: %s\n", j.n, j.command)
	}
	return nil
}
