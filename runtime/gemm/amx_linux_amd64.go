//go:build amd64 && !purego && linux

package gemm

import (
	"fmt"
	"syscall"
	"unsafe"
)

// Linux keeps the AMX tile data (8 KiB a thread) out of a process's saved
// state until the process asks for it: the first tile instruction without
// the permission is a SIGILL. arch_prctl(ARCH_REQ_XCOMP_PERM,
// XFEATURE_XTILEDATA) asks once for the whole process (every thread, present
// and future). The kernel refuses (ENOSPC) if a thread's alternate signal
// stack is too small for the larger signal frame; Go's are 32 KiB, and the
// frame with tile data is about 11 KiB on Sapphire Rapids.
const (
	archGetXcompPerm  = 0x1022
	archReqXcompPerm  = 0x1023
	xfeatureXTileData = 18
)

func requestAMX() error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_ARCH_PRCTL, archReqXcompPerm, xfeatureXTileData, 0); e != 0 {
		return fmt.Errorf("arch_prctl(ARCH_REQ_XCOMP_PERM, XTILEDATA): %v", e)
	}
	var perm uint64
	if _, _, e := syscall.RawSyscall(syscall.SYS_ARCH_PRCTL, archGetXcompPerm, uintptr(unsafe.Pointer(&perm)), 0); e != 0 {
		return fmt.Errorf("arch_prctl(ARCH_GET_XCOMP_PERM): %v", e)
	}
	if perm&(1<<xfeatureXTileData) == 0 {
		return fmt.Errorf("arch_prctl granted %#x, without tile data", perm)
	}
	return nil
}
