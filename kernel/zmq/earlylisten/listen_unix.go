//go:build unix

package earlylisten

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// listen opens a listening TCP socket on ip:port (IPv4 only), or nil.
func listen(ip string, port int) *os.File {
	if ip == "*" { // ZeroMQ's "all interfaces", as kernel.ConnectionInfo.Endpoint reads it
		ip = "0.0.0.0"
	}
	// Anything but a dotted IPv4 address (a host name, IPv6, "") is left
	// to kernel/zmq, which binds it as net.Listen does.
	var addr [4]byte
	parts := strings.Split(ip, ".")
	if len(parts) != 4 || port <= 0 || port > 65535 {
		return nil
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 255 {
			return nil
		}
		addr[i] = byte(n)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil
	}
	syscall.CloseOnExec(fd)
	if syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1) != nil ||
		syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: addr}) != nil ||
		syscall.Listen(fd, syscall.SOMAXCONN) != nil {
		syscall.Close(fd)
		return nil
	}
	return os.NewFile(uintptr(fd), "tcp:"+ip+":"+strconv.Itoa(port))
}
