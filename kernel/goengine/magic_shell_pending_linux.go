package goengine

import (
	"os"
	"syscall"
	"unsafe"
)

// unread is how many bytes wait in pipe f for its reader (FIONREAD), -1
// when that cannot be asked. SyscallConn, not Fd, which would make the
// pipe blocking for the reading goroutine.
func unread(f *os.File) int {
	rc, err := f.SyscallConn()
	if err != nil {
		return -1
	}
	n := int32(-1)
	cerr := rc.Control(func(fd uintptr) {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
			n = -1
		}
	})
	if cerr != nil {
		return -1
	}
	return int(n)
}
