//go:build amd64 && !purego && !linux

package gemm

import "errors"

func requestAMX() error {
	return errors.New("AMX is used on Linux only (it needs arch_prctl's tile permission)")
}
