//go:build unix

package goengine

import (
	"syscall"
	"time"
)

// cpuTimes is the user and system CPU time the process has used so far.
func cpuTimes() (user, sys time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, false
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), true
}

// childCPUTimes is the user and system CPU time of the child processes
// that ended and were waited for (compiled programs, go build and the
// compilers it ran, shell commands).
func childCPUTimes() (user, sys time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0, 0, false
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), true
}
