//go:build linux

package childproc

import (
	"os"
	"strconv"
	"strings"
)

// groupMembers are the pids of group's processes, zombies left out, read
// from /proc (each /proc/PID/stat has "PID (COMM) STATE PPID PGRP ...").
func groupMembers(group int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, ent := range entries {
		pid, err := strconv.Atoi(ent.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + ent.Name() + "/stat")
		if err != nil {
			continue // it ended meanwhile
		}
		// COMM may hold ") ": the fields start after the last one.
		s := string(b)
		f := strings.Fields(s[strings.LastIndex(s, ")")+1:])
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if pg, err := strconv.Atoi(f[2]); err == nil && pg == group {
			pids = append(pids, pid)
		}
	}
	return pids
}
