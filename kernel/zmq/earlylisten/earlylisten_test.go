package earlylisten

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestConnectionFile(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"yak", "kernel", "--connection-file", "/a.json"}, "/a.json"},
		{[]string{"yak", "kernel", "-f", "/b.json"}, "/b.json"},
		{[]string{"yak", "kernel", "--connection-file=/c.json"}, "/c.json"},
		{[]string{"yak", "kernel", "-f=/d.json", "--other"}, "/d.json"},
		{[]string{"yak", "run", "-f", "/e.json"}, ""},
		{[]string{"yak", "kernel"}, ""},
		{[]string{"yak", "kernel", "-f"}, ""},
	}
	for _, c := range cases {
		if got := connectionFile(c.args); got != c.want {
			t.Errorf("%q: %q, want %q", c.args, got, c.want)
		}
	}
}

func freePorts(t *testing.T, n int) []int {
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// The ports are listening before anyone accepts: a client connects at once.
func TestOpenTake(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("early listening is for unix systems")
	}
	p := freePorts(t, 5)
	cf := filepath.Join(t.TempDir(), "kernel.json")
	os.WriteFile(cf, []byte(fmt.Sprintf(`{"transport":"tcp","ip":"127.0.0.1","shell_port":%d,"control_port":%d,"stdin_port":%d,"iopub_port":%d,"hb_port":%d}`,
		p[0], p[1], p[2], p[3], p[4])), 0o600)
	open([]string{"yak", "kernel", "-f", cf})
	for _, port := range p[:4] {
		c, err := net.Dial("tcp", fmt.Sprint("127.0.0.1:", port))
		if err != nil {
			t.Fatalf("port %d not listening: %v", port, err)
		}
		c.Close()
	}
	f := Take(p[0])
	if f == nil {
		t.Fatal("no socket for the shell port")
	}
	ln, err := net.FileListener(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if c, err := ln.Accept(); err != nil { // the connection made above waited in the backlog
		t.Fatal(err)
	} else {
		c.Close()
	}
	if Take(p[0]) != nil {
		t.Error("Take gave the same socket twice")
	}
	if Take(p[4]) != nil {
		t.Error("the heartbeat port was opened")
	}
	for _, port := range p[1:4] {
		Take(port).Close()
	}
}

// Anything unusual opens nothing.
func TestOpenNothing(t *testing.T) {
	p := freePorts(t, 5)
	dir := t.TempDir()
	for i, body := range []string{
		`{"transport":"ipc","ip":"kernel","shell_port":%d,"control_port":%d,"stdin_port":%d,"iopub_port":%d,"hb_port":%d}`,
		`{"transport":"tcp","ip":"::1","shell_port":%d,"control_port":%d,"stdin_port":%d,"iopub_port":%d,"hb_port":%d}`,
		`{"transport":"tcp","ip":"localhost","shell_port":%d,"control_port":%d,"stdin_port":%d,"iopub_port":%d,"hb_port":%d}`,
		`not json %d %d %d %d %d`,
	} {
		cf := filepath.Join(dir, fmt.Sprint(i, ".json"))
		os.WriteFile(cf, []byte(fmt.Sprintf(body, p[0], p[1], p[2], p[3], p[4])), 0o600)
		open([]string{"yak", "kernel", "--connection-file", cf})
		for _, port := range p {
			if f := Take(port); f != nil {
				f.Close()
				t.Errorf("%s: port %d opened", strings.SplitN(body, ",", 2)[0], port)
			}
		}
	}
	open([]string{"yak", "kernel", "-f", filepath.Join(dir, "missing.json")})
	if f := Take(p[0]); f != nil {
		t.Error("a missing connection file opened a port")
	}
}
