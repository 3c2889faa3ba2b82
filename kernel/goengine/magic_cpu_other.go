//go:build !unix

package goengine

import "time"

// cpuTimes is not measured here: %time reports the wall time only.
func cpuTimes() (user, sys time.Duration, ok bool) { return 0, 0, false }

// childCPUTimes is not measured here either.
func childCPUTimes() (user, sys time.Duration, ok bool) { return 0, 0, false }
