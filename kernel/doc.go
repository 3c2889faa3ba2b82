// Package kernel implements the Jupyter messaging protocol (version 5.3) for yak.
//
// It knows nothing of Go or yaegi: requests are answered by an Interpreter,
// and messages travel over a Server (kernel/zmq in production, an in-memory
// transport in tests). The kernel owns the protocol bookkeeping: execution
// counts, execute_input, busy/idle status, history, comms and replies.
package kernel
