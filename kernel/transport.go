package kernel

// Socket is one channel's end of the transport, as multipart frames. Recv
// blocks until a message arrives or the transport is closed (then it returns
// an error). Send may be called from one goroutine at a time; the kernel
// serializes its own sends.
type Socket interface {
	Recv() ([][]byte, error)
	Send(frames [][]byte) error
}

// Sockets are the four message channels the kernel serves. The heartbeat is
// the transport's own business: it echoes without involving the kernel, so a
// long-running cell never looks like a dead kernel.
type Sockets struct {
	Shell   Socket // ROUTER: requests from front ends
	Control Socket // ROUTER: shutdown and interrupt, served while a cell runs
	Stdin   Socket // ROUTER: input_request to the front end, input_reply back
	IOPub   Socket // PUB: status, streams, displays and results
}
