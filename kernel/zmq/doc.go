// Package zmq carries the yak kernel's messages over ZeroMQ, using the pure
// Go implementation github.com/go-zeromq/zmq4 (no cgo, so `yak` stays one
// static binary).
//
// Listen binds the five sockets of a Jupyter connection file (tcp or ipc):
// ROUTER sockets for shell, control and stdin, a REP heartbeat that echoes on
// its own goroutine, and a PUB socket for IOPub. Transport.Sockets hands the
// four message channels to kernel.Serve.
//
// # The IOPub PUB socket
//
// zmq4's own PUB socket, up to and including the v0.17.0 release this module
// requires, has a known problem when subscribers come and go
// (go-zeromq/zmq4#151): one goroutine writes every message to every
// subscriber in turn while holding the subscriber list's lock, with an
// unbounded queue in front of it, so a subscriber that disconnects or stops
// reading can stall delivery to all the others and grow the publisher's
// memory without limit. It was fixed upstream after v0.17.0 by commit
// 826b120ddfd2 ("add default hwm and per-subscriber queues"), which no
// release contains and which the module proxy available to this build does
// not serve as a pseudo-version, so yak cannot pin it.
//
// yak works around it instead: pub.go implements the PUB side itself on top
// of zmq4's exported ZMTP connection layer (zmq4.Open, Conn.SendMsg and
// Conn.RecvMsg). Each subscriber has its own bounded queue and writer
// goroutine, a subscriber whose queue is full loses messages (the usual PUB
// high-water-mark behaviour) without slowing anyone else, and a subscriber
// that disconnects is removed as soon as its reader sees the connection end.
// TestPubSubscribersComeAndGo (subscribers connecting and leaving) and
// TestPubStuckSubscriberDoesNotStallOthers (a subscriber that stops reading)
// exercise it; the second scenario, run against zmq4.NewPub of v0.17.0,
// leaves the healthy subscriber without messages. When a zmq4 release with
// the fix appears, pub.go can be replaced by zmq4.NewPub.
//
// # The ROUTER sockets
//
// Shell, control and stdin use router.go, on the same exported ZMTP layer,
// rather than zmq4.NewRouter: zmq4's ROUTER (v0.17.0) drops the multipart
// flag when it routes, so every frame costs two write syscalls, and it
// starts a goroutine per send and passes received messages through two
// more. Here each peer is read by one goroutine and each message is written
// whole with one write on the sender's goroutine (the PUB does the same).
// The heartbeat stays a zmq4 REP socket.
package zmq
