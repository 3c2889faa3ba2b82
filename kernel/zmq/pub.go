package zmq

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// DefaultHWM is how many messages may wait for one subscriber before newer
// ones are dropped for it. It is ten times ZeroMQ's default: a cell that
// displays in a tight loop can outrun the writer for a moment, and a dropped
// status message would leave a front end waiting for an idle that never
// comes. MaxQueuedBytes bounds the memory a subscriber that stopped reading
// can hold.
const (
	DefaultHWM     = 10000
	MaxQueuedBytes = 64 << 20
)

// pub is a PUB socket: it accepts SUB peers and sends every message to each
// peer subscribed to a prefix of its first frame.
type pub struct {
	ln  net.Listener
	hwm int
	log *slog.Logger

	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
	wg     sync.WaitGroup
}

type subscriber struct {
	conn *zmq4.Conn
	raw  *lockedConn // the connection under conn, for whole-message writes

	mu     sync.Mutex
	cond   *sync.Cond
	queue  [][][]byte
	bytes  int             // total size of queue
	topics map[string]bool // nil until the peer's first (un)subscribe: see wants
	done   bool
	busy   bool // a message is being written
}

// listenPub binds a PUB socket to a tcp or ipc endpoint.
func listenPub(endpoint string, hwm int, log *slog.Logger) (*pub, error) {
	network, addr, err := splitEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if network == "unix" {
		_ = os.Remove(addr) // a socket file left by a killed kernel would block the bind
	}
	ln, err := listen(network, addr)
	if err != nil {
		return nil, fmt.Errorf("zmq: listening on %s: %w", endpoint, err)
	}
	p := &pub{ln: ln, hwm: hwm, log: log, subs: map[*subscriber]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

func (p *pub) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handshake(c)
	}
}

func (p *pub) handshake(c net.Conn) {
	raw := &lockedConn{Conn: c}
	zc, err := zmq4.Open(raw, nullSecurity{}, zmq4.Pub, zmq4.SocketIdentity(""), true, nil)
	if err != nil {
		p.log.Info("zmq: iopub handshake failed (the peer went away?)", "err", err)
		_ = c.Close()
		return
	}
	s := &subscriber{conn: zc, raw: raw}
	s.cond = sync.NewCond(&s.mu)
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		_ = zc.Close()
		return
	}
	p.subs[s] = struct{}{}
	p.mu.Unlock()
	go p.write(s)
	p.read(s)
}

// read applies the peer's subscriptions until the connection ends, then
// drops the subscriber.
func (p *pub) read(s *subscriber) {
	for {
		msg, err := s.conn.RecvMsg()
		if err != nil {
			break
		}
		if msg.Type == zmq4.CmdMsg || len(msg.Frames) == 0 || len(msg.Frames[0]) == 0 {
			continue
		}
		f := msg.Frames[0]
		s.mu.Lock()
		if s.topics == nil {
			s.topics = map[string]bool{}
		}
		switch f[0] {
		case 1:
			s.topics[string(f[1:])] = true
		case 0:
			delete(s.topics, string(f[1:]))
		}
		s.mu.Unlock()
	}
	p.remove(s)
}

// write sends s's queue in order; it ends when s is removed.
func (p *pub) write(s *subscriber) {
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.done {
			s.cond.Wait()
		}
		if s.done {
			s.mu.Unlock()
			return
		}
		frames := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		s.bytes -= size(frames)
		s.busy = true
		s.mu.Unlock()
		_, err := s.raw.Write(encodeFrames(frames))
		s.mu.Lock()
		s.busy = false
		s.mu.Unlock()
		if err != nil {
			p.remove(s)
			return
		}
	}
}

func (p *pub) remove(s *subscriber) {
	p.mu.Lock()
	delete(p.subs, s)
	p.mu.Unlock()
	s.mu.Lock()
	s.done = true
	s.queue, s.bytes = nil, 0
	s.cond.Broadcast()
	s.mu.Unlock()
	_ = s.conn.Close()
}

// wants reports whether the peer subscribed to a prefix of topic. Until its
// first subscription message arrives it gets everything: a SUB socket
// filters what it receives against its own subscriptions anyway, and this
// closes the window in which a front end that just connected (and
// subscribed to everything, as Jupyter clients do) would miss the busy
// status of its first request.
func (s *subscriber) wants(topic []byte) bool {
	if s.topics == nil {
		return true
	}
	for t := range s.topics {
		if bytes.HasPrefix(topic, []byte(t)) {
			return true
		}
	}
	return false
}

// Send queues frames for every subscriber that wants them. It never blocks
// on a slow subscriber.
func (p *pub) Send(frames [][]byte) error {
	if len(frames) == 0 {
		return errors.New("zmq: empty message")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("zmq: iopub socket is closed")
	}
	for s := range p.subs {
		s.mu.Lock()
		if !s.done && s.wants(frames[0]) {
			if n := size(frames); len(s.queue) < p.hwm && s.bytes+n <= MaxQueuedBytes {
				s.queue = append(s.queue, frames)
				s.bytes += n
				s.cond.Signal()
			} else {
				p.log.Warn("zmq: iopub subscriber is not reading; message dropped for it")
			}
		}
		s.mu.Unlock()
	}
	return nil
}

// drain bounds how long Close waits for queued messages to be written.
const drain = 200 * time.Millisecond

func (p *pub) pending() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.subs {
		s.mu.Lock()
		n := len(s.queue)
		busy := s.busy
		s.mu.Unlock()
		if n > 0 || busy {
			return true
		}
	}
	return false
}

func size(frames [][]byte) int {
	n := 0
	for _, f := range frames {
		n += len(f)
	}
	return n
}

// Recv is not supported on a PUB socket.
func (p *pub) Recv() ([][]byte, error) {
	return nil, errors.New("zmq: cannot receive on a PUB socket")
}

// Close stops accepting, gives subscribers up to drain to receive what is
// queued (the final idle status of a shutdown, say), then drops them.
func (p *pub) Close() error {
	deadline := time.Now().Add(drain)
	for time.Now().Before(deadline) && p.pending() {
		time.Sleep(2 * time.Millisecond)
	}
	p.mu.Lock()
	p.closed = true
	subs := make([]*subscriber, 0, len(p.subs))
	for s := range p.subs {
		subs = append(subs, s)
	}
	p.mu.Unlock()
	err := p.ln.Close()
	for _, s := range subs {
		p.remove(s)
	}
	p.wg.Wait()
	return err
}

// encodeFrames frames a message as ZMTP 3.0 does on the wire (NULL
// security): a flags byte (MORE, LONG), a 1- or 8-byte length, the body.
// Writing the whole message at once costs one syscall instead of two per
// frame, which is most of a small message's latency.
func encodeFrames(frames [][]byte) []byte {
	n := 0
	for _, f := range frames {
		n += 9 + len(f)
	}
	buf := make([]byte, 0, n)
	for i, f := range frames {
		var flag byte
		if i < len(frames)-1 {
			flag |= 0x01 // MORE
		}
		if len(f) > 255 {
			buf = append(buf, flag|0x02) // LONG
			buf = binary.BigEndian.AppendUint64(buf, uint64(len(f)))
		} else {
			buf = append(buf, flag, byte(len(f)))
		}
		buf = append(buf, f...)
	}
	return buf
}

// lockedConn makes each Write atomic, so a whole message written by the
// subscriber's writer never interleaves with a command zmq4 writes (a PONG).
type lockedConn struct {
	net.Conn
	mu sync.Mutex
}

func (c *lockedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.Write(p)
}

// nullSecurity is ZMTP's NULL mechanism: exchange READY with metadata (the
// socket type and identity), authenticate nothing.
type nullSecurity struct{}

func (nullSecurity) Type() zmq4.SecurityType { return zmq4.NullSecurity }

func (nullSecurity) Handshake(c *zmq4.Conn, server bool) error {
	meta, err := c.Meta.MarshalZMTP()
	if err != nil {
		return err
	}
	if err := c.SendCmd(zmq4.CmdReady, meta); err != nil {
		return err
	}
	cmd, err := c.RecvCmd()
	if err != nil {
		return err
	}
	if cmd.Name != zmq4.CmdReady {
		return fmt.Errorf("zmq: peer sent %q instead of READY", cmd.Name)
	}
	return c.Peer.Meta.UnmarshalZMTP(cmd.Body)
}

func (nullSecurity) Encrypt(w io.Writer, data []byte) (int, error) {
	return w.Write(data)
}

func (nullSecurity) Decrypt(w io.Writer, data []byte) (int, error) {
	return w.Write(data)
}

// splitEndpoint maps a ZeroMQ endpoint to a Go network and address.
func splitEndpoint(ep string) (network, addr string, err error) {
	switch {
	case len(ep) > 6 && ep[:6] == "tcp://":
		addr = ep[6:]
		if len(addr) > 2 && addr[:2] == "*:" {
			addr = "0.0.0.0" + addr[1:]
		}
		return "tcp", addr, nil
	case len(ep) > 6 && ep[:6] == "ipc://":
		return "unix", ep[6:], nil
	}
	return "", "", fmt.Errorf("zmq: endpoint %q is neither tcp:// nor ipc://", ep)
}
