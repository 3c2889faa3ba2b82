//go:build unix

package launcher

import (
	"os"
	"syscall"
)

// processGroup is the kernel's process group, which the response carries.
func processGroup() int {
	if g, err := syscall.Getpgid(os.Getpid()); err == nil {
		return g
	}
	return os.Getpid()
}
