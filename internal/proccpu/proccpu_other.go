//go:build !unix

package proccpu

import "time"

// Time is 0 where the process's CPU time cannot be read.
func Time() time.Duration { return 0 }
