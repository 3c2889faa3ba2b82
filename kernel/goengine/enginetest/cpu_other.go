//go:build !unix

package enginetest

import "time"

// cpuTime is not measured here: Stop then reports idle at once.
func cpuTime() time.Duration { return 0 }
