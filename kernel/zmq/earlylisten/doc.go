// Package earlylisten opens the listening TCP sockets of `yak kernel`
// while the process is still initializing its packages, before main runs.
//
// A Jupyter client starts the kernel and connects to its ports right away;
// libzmq retries a refused connection only after its reconnect interval
// (100 ms), so a kernel that is not listening yet when the client
// connects answers its first kernel_info_request 100 ms late, however
// fast it is otherwise. A listening socket completes TCP handshakes on its
// own (they wait in its backlog until accepted), so opening the sockets
// first is what makes the kernel reachable at once.
//
// This package's init runs early because it imports little (os, syscall
// and encoding/json: Go initializes a package as soon as its imports are,
// in import path order). It reads the connection file named on the
// command line of `yak kernel`, opens the shell, control, stdin and iopub
// ports of a tcp connection (not heartbeat, which ZeroMQ's own socket
// binds), and keeps them for kernel/zmq, which takes them with Take. When
// anything is unusual (another command, an ipc or IPv6 connection, a
// missing file, a port in use) it opens nothing and kernel/zmq binds as
// usual, reporting any error itself.
package earlylisten
