package zmq

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// router is a ROUTER socket: it accepts DEALER peers (the front ends' shell,
// control and stdin sockets), prefixes each received message with the
// sending peer's identity, and routes each sent message to the peer its
// first frame names.
//
// zmq4's ROUTER (v0.17.0) writes two syscalls per frame from a goroutine it
// starts for every send, and hands received messages through two more
// goroutines; on a loaded machine each of those hops costs scheduling
// latency on the shell round trip. This one reads each peer on one goroutine
// and writes a whole message with one write, on the caller's goroutine.
type router struct {
	ln  net.Listener
	log *slog.Logger
	in  chan [][]byte

	mu     sync.Mutex
	peers  map[string]*lockedConn
	conns  map[*lockedConn]struct{}
	closed chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
}

var errClosed = errors.New("zmq: socket closed")

// listenRouter binds a ROUTER socket to a tcp or ipc endpoint.
func listenRouter(endpoint string, log *slog.Logger) (*router, error) {
	network, addr, err := splitEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if network == "unix" {
		_ = os.Remove(addr)
	}
	ln, err := listen(network, addr)
	if err != nil {
		return nil, fmt.Errorf("zmq: listening on %s: %w", endpoint, err)
	}
	r := &router{ln: ln, log: log, in: make(chan [][]byte, 1024), peers: map[string]*lockedConn{},
		conns: map[*lockedConn]struct{}{}, closed: make(chan struct{})}
	r.wg.Add(1)
	go r.accept()
	return r, nil
}

func (r *router) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		go r.serve(c)
	}
}

// serve does the handshake, then reads the peer's messages until it leaves.
func (r *router) serve(c net.Conn) {
	raw := &lockedConn{Conn: c}
	zc, err := zmq4.Open(raw, nullSecurity{}, zmq4.Router, zmq4.SocketIdentity(""), true, nil)
	if err != nil {
		r.log.Info("zmq: router handshake failed (the peer went away?)", "err", err)
		_ = c.Close()
		return
	}
	id := zc.Peer.Meta["Identity"]
	if id == "" {
		// libzmq's convention for anonymous peers: a zero byte, then random bytes
		var b [5]byte
		_, _ = rand.Read(b[1:])
		id = string(b[:])
	}
	r.mu.Lock()
	select {
	case <-r.closed:
		r.mu.Unlock()
		_ = c.Close()
		return
	default:
	}
	r.peers[id] = raw // a reconnecting peer with the same identity takes over
	r.conns[raw] = struct{}{}
	r.mu.Unlock()
	defer r.drop(id, raw)
	for {
		msg, err := zc.RecvMsg()
		if err != nil {
			return
		}
		if msg.Type == zmq4.CmdMsg {
			continue // PING was answered by RecvMsg; nothing else concerns us
		}
		frames := make([][]byte, 0, len(msg.Frames)+1)
		frames = append(append(frames, []byte(id)), msg.Frames...)
		select {
		case r.in <- frames:
		case <-r.closed:
			return
		}
	}
}

func (r *router) drop(id string, raw *lockedConn) {
	r.mu.Lock()
	if r.peers[id] == raw {
		delete(r.peers, id)
	}
	delete(r.conns, raw)
	r.mu.Unlock()
	_ = raw.Close()
}

// Recv returns the next message, its first frame the sender's identity.
func (r *router) Recv() ([][]byte, error) {
	select {
	case f := <-r.in:
		return f, nil
	case <-r.closed:
		return nil, errClosed
	}
}

// Send routes frames[1:] to the peer named by frames[0]. A message for a
// peer that is gone is dropped, as ZeroMQ's ROUTER does.
func (r *router) Send(frames [][]byte) error {
	if len(frames) < 2 {
		return errors.New("zmq: a ROUTER message needs an identity and a body")
	}
	r.mu.Lock()
	c := r.peers[string(frames[0])]
	r.mu.Unlock()
	if c == nil {
		return nil
	}
	_, err := c.Write(encodeFrames(frames[1:]))
	return err
}

// Close stops accepting and closes every peer connection.
func (r *router) Close() error {
	var err error
	r.once.Do(func() {
		r.mu.Lock()
		close(r.closed)
		conns := make([]*lockedConn, 0, len(r.conns))
		for c := range r.conns {
			conns = append(conns, c)
		}
		r.mu.Unlock()
		err = r.ln.Close()
		for _, c := range conns {
			_ = c.Close()
		}
		r.wg.Wait()
	})
	return err
}
