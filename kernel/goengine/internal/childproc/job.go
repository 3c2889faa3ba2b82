package childproc

import (
	"sync"
	"time"
)

// Job is what a child left running in its process group when it ended by
// itself: a shell's background job (`server &`). The group's watchdog
// stays, so the job dies with this process (even by SIGKILL) as the child
// would have; Stop ends it earlier, Release leaves it running unwatched.
type Job struct {
	group    int // the watchdog's group, which the job's processes are in
	watchdog int // the watchdog's pid, not one of the job's
	unwatch  func()
	once     sync.Once
}

// Group is the job's process group.
func (j *Job) Group() int { return j.group }

// Pids are the job's processes that run (not the watchdog, no zombies).
func (j *Job) Pids() []int {
	var pids []int
	for _, pid := range groupMembers(j.group) {
		if pid != j.watchdog {
			pids = append(pids, pid)
		}
	}
	return pids
}

// Running reports whether a process of the job still runs.
func (j *Job) Running() bool { return len(j.Pids()) > 0 }

// Stop sends the job's group SIGTERM (a server's signal to shut down; a
// non-interactive shell's background jobs ignore SIGINT), then SIGKILL
// after grace to what is left, and ends the watchdog. It returns when
// nothing of the group runs.
func (j *Job) Stop(grace time.Duration) {
	if j.Running() {
		terminateGroup(j.group, false)
		for deadline := time.Now().Add(grace); j.Running() && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		}
	}
	// SIGKILL also reaches a process that was forked after the check.
	terminateGroup(j.group, true)
	j.Release()
}

// Release ends the watchdog without killing the job: it runs on, and no
// longer dies with this process. Stop and Release may be called again.
func (j *Job) Release() { j.once.Do(j.unwatch) }
