//go:build unix

package proccpu

import (
	"syscall"
	"time"
)

// Time is the process's user+system CPU time so far (0 where getrusage
// fails).
func Time() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
