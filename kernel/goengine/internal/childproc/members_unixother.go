//go:build unix && !linux

package childproc

import (
	"os/exec"
	"strconv"
	"strings"
)

// groupMembers are the pids of group's processes, zombies left out, as ps
// lists them (these systems have no /proc to read them from).
func groupMembers(group int) []int {
	out, err := exec.Command("ps", "-A", "-o", "pid=", "-o", "pgid=", "-o", "stat=").Output()
	if err != nil {
		return nil
	}
	var pids []int
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || strings.HasPrefix(f[2], "Z") {
			continue
		}
		pid, err1 := strconv.Atoi(f[0])
		pg, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil && pg == group {
			pids = append(pids, pid)
		}
	}
	return pids
}
