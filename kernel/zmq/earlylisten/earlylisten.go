package earlylisten

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
)

var (
	mu    sync.Mutex
	files = map[int]*os.File{} // port -> listening socket
)

// Take returns the socket opened early for port (once), or nil.
func Take(port int) *os.File {
	mu.Lock()
	defer mu.Unlock()
	f := files[port]
	delete(files, port)
	return f
}

func init() { open(os.Args) }

// open opens the ports of the connection file that args name, if args are
// those of `yak kernel`.
func open(args []string) {
	path := connectionFile(args)
	if path == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var c struct {
		Transport string `json:"transport"`
		IP        string `json:"ip"`
		Shell     int    `json:"shell_port"`
		Control   int    `json:"control_port"`
		Stdin     int    `json:"stdin_port"`
		IOPub     int    `json:"iopub_port"`
	}
	if json.Unmarshal(b, &c) != nil || c.Transport != "" && c.Transport != "tcp" {
		return
	}
	opened := map[int]*os.File{}
	for _, port := range []int{c.Shell, c.Control, c.Stdin, c.IOPub} {
		f := listen(c.IP, port)
		if f == nil {
			for _, f := range opened {
				f.Close()
			}
			return
		}
		opened[port] = f
	}
	mu.Lock()
	files = opened
	mu.Unlock()
}

// connectionFile is the connection file argument of `yak kernel`, or "".
func connectionFile(args []string) string {
	if len(args) < 3 || args[1] != "kernel" {
		return ""
	}
	for i := 2; i < len(args); i++ {
		a := strings.TrimPrefix(args[i], "-")
		a = strings.TrimPrefix(a, "-")
		name, value, hasValue := strings.Cut(a, "=")
		if name != "f" && name != "connection-file" {
			continue
		}
		if hasValue {
			return value
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}
