//go:build unix

package childproc

import (
	"os"
	"os/exec"
	"syscall"
)

// watch starts a watchdog: a /bin/sh in a process group of its own,
// blocked reading a pipe whose only write end this process holds
// (close-on-exec, so no other child has it). The child joins that group.
// When this process dies, even by SIGKILL, the system closes the write
// end, the read returns and the watchdog kills its group: the child and
// what it started (a shell's command, the compilers of go build), which
// the parent-death signal, sent to the child alone, does not reach.
// unwatch ends the watchdog without that: when the child has ended with
// nothing of its group left, or a Job was released. group is 0, and
// there is no watchdog, when /bin/sh cannot be started.
func watch() (group int, unwatch func()) {
	r, w, err := os.Pipe()
	if err != nil {
		return 0, func() {}
	}
	// SIGINT is the stop button's, for the child: the watchdog stays for
	// the grace that follows; SIGTERM is Job.Stop's, for the job. kill 0
	// is the caller's group.
	wd := exec.Command("/bin/sh", "-c", "trap '' INT TERM; read x; kill -9 0")
	wd.Stdin = r
	wd.Env = []string{}
	// Not the kernel's group: a terminal's ^C to the kernel is not for
	// the watchdog, which must outlive the kernel.
	wd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = wd.Start()
	r.Close()
	if err != nil {
		w.Close()
		return 0, func() {}
	}
	return wd.Process.Pid, func() {
		wd.Process.Kill()
		wd.Wait()
		w.Close()
	}
}
