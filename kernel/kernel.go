package kernel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Config tunes a Kernel. The zero value works: unsigned messages, history in
// memory only, logging to slog's default logger.
type Config struct {
	Signer        *Signer       // signs and verifies messages; nil means unsigned
	Session       string        // session id written into headers; random when empty
	HistoryPath   string        // history file; empty keeps history in memory only
	Logger        *slog.Logger  // where dropped messages and failures are reported
	FlushInterval time.Duration // longest a stream write waits before it is sent (default 50ms)
	FlushSize     int           // buffered stream bytes that force a send (default 32 KiB)
	Version       string        // implementation_version in kernel_info_reply
}

// Kernel answers Jupyter requests with an Interpreter. Create it with New and
// run it with Serve.
type Kernel struct {
	interp Interpreter
	cfg    Config
	log    *slog.Logger
	hist   *History
	comms  *commManager
	now    func() time.Time // replaced in golden tests
	seq    atomic.Uint64

	shell, control, stdin, iopub *lockedSocket

	execCount   int       // touched only by the goroutine running Serve
	exitAsked   bool      // a cell returned ErrExit (Serve's goroutine only)
	abortBefore time.Time // when the last failed cell's reply was sent (Serve's goroutine only)

	cellMu     sync.Mutex
	cancelCell context.CancelFunc

	inputMu      sync.Mutex
	stdinReplies chan *Message

	quit     chan struct{}
	quitOnce sync.Once
}

// lockedSocket serializes sends: replies, IOPub output from cell goroutines
// and stdin requests may race otherwise.
type lockedSocket struct {
	mu sync.Mutex
	s  Socket
}

func (l *lockedSocket) send(frames [][]byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.s.Send(frames)
}

// New returns a kernel that runs code with interp.
func New(interp Interpreter, cfg Config) (*Kernel, error) {
	if interp == nil {
		return nil, fmt.Errorf("kernel: New needs an Interpreter")
	}
	if cfg.Session == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		cfg.Session = hex.EncodeToString(b[:])
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = 50 * time.Millisecond
	}
	if cfg.FlushSize <= 0 {
		cfg.FlushSize = 32 << 10
	}
	hist, err := OpenHistory(cfg.HistoryPath)
	if err != nil {
		return nil, err
	}
	k := &Kernel{
		interp:       interp,
		cfg:          cfg,
		log:          cfg.Logger,
		hist:         hist,
		now:          time.Now,
		stdinReplies: make(chan *Message, 1),
		quit:         make(chan struct{}),
	}
	k.comms = newCommManager(k)
	return k, nil
}

// History returns the kernel's execution history.
func (k *Kernel) History() *History { return k.hist }

// Serve answers requests on s until a shutdown_request arrives (it returns nil)
// or ctx is done (it returns ctx.Err()). The caller closes the transport
// afterwards, which ends the goroutines still blocked in Recv.
func (k *Kernel) Serve(ctx context.Context, s Sockets) error {
	k.shell, k.control = &lockedSocket{s: s.Shell}, &lockedSocket{s: s.Control}
	k.stdin, k.iopub = &lockedSocket{s: s.Stdin}, &lockedSocket{s: s.IOPub}

	// Shell requests are read eagerly into a queue so that, after a failed
	// cell, the requests already sent can be answered "aborted".
	queue := make(chan *Message, 4096)
	go k.readLoop(s.Shell, "shell", func(m *Message) {
		m.received = time.Now()
		select {
		case queue <- m:
		case <-k.quit:
		}
	})
	go k.readLoop(s.Control, "control", k.handleControl)
	go k.readLoop(s.Stdin, "stdin", k.deliverInput)
	k.publish(nil, "status", map[string]any{"execution_state": "starting"})

	defer k.hist.Close()
	for {
		select {
		case <-ctx.Done():
			k.Interrupt()
			return ctx.Err()
		case <-k.quit:
			return nil
		case m := <-queue:
			k.handleShell(ctx, m, queue)
		}
	}
}

// Interrupt cancels the running cell, if any; it is what interrupt_request
// and SIGINT do.
func (k *Kernel) Interrupt() {
	k.cellMu.Lock()
	defer k.cellMu.Unlock()
	if k.cancelCell != nil {
		k.cancelCell()
	}
}

func (k *Kernel) stop() {
	k.quitOnce.Do(func() { close(k.quit) })
	k.Interrupt()
}

func (k *Kernel) readLoop(s Socket, channel string, handle func(*Message)) {
	for {
		frames, err := s.Recv()
		if err != nil {
			select {
			case <-k.quit:
			default:
				k.log.Info("kernel: channel closed", "channel", channel, "err", err)
			}
			return
		}
		m, err := Decode(frames, k.cfg.Signer)
		if err != nil {
			k.log.Warn("kernel: dropping message", "channel", channel, "err", err, "frames", len(frames))
			continue
		}
		handle(m)
	}
}

// handler answers one request with a reply type and content.
type handler func(k *Kernel, m *Message) (replyType string, content any)

var shellHandlers = map[string]handler{
	"kernel_info_request": (*Kernel).kernelInfo,
	"complete_request":    (*Kernel).complete,
	"inspect_request":     (*Kernel).inspect,
	"is_complete_request": (*Kernel).isComplete,
	"history_request":     (*Kernel).history,
	"comm_info_request":   (*Kernel).commInfo,
	"shutdown_request":    (*Kernel).shutdown,
}

var controlHandlers = map[string]handler{
	"kernel_info_request": (*Kernel).kernelInfo,
	"shutdown_request":    (*Kernel).shutdown,
	"interrupt_request":   (*Kernel).interrupt,
}

// commMessages arrive on shell and get no reply.
var commMessages = map[string]func(k *Kernel, m *Message){
	"comm_open":  (*Kernel).commOpen,
	"comm_msg":   (*Kernel).commMsg,
	"comm_close": (*Kernel).commClose,
}

func (k *Kernel) handleShell(ctx context.Context, m *Message, queue chan *Message) {
	t := m.Header.MsgType
	if t == "execute_request" {
		var abort bool
		k.busy(m, func() { abort = k.execute(ctx, m) })
		if k.exitAsked {
			k.stop() // after idle, as ipykernel stops its loop once the cell is done
			return
		}
		if abort {
			k.abortQueued(ctx, queue)
		}
		return
	}
	if h, ok := shellHandlers[t]; ok {
		k.busy(m, func() { k.answer(k.shell, m, h) })
		k.stopAfter(m)
		return
	}
	if f, ok := commMessages[t]; ok {
		k.busy(m, func() { k.guard(t, func() { f(k, m) }) })
		return
	}
	k.log.Warn("kernel: dropping shell message of unknown type", "msg_type", t)
}

func (k *Kernel) handleControl(m *Message) {
	h, ok := controlHandlers[m.Header.MsgType]
	if !ok {
		k.log.Warn("kernel: dropping control message of unknown type", "msg_type", m.Header.MsgType)
		return
	}
	k.busy(m, func() { k.answer(k.control, m, h) })
	k.stopAfter(m)
}

// stopAfter ends Serve once a shutdown_request has been answered.
func (k *Kernel) stopAfter(m *Message) {
	if m.Header.MsgType == "shutdown_request" {
		k.stop()
	}
}

func (k *Kernel) deliverInput(m *Message) {
	if m.Header.MsgType != "input_reply" {
		k.log.Warn("kernel: dropping stdin message that is not input_reply", "msg_type", m.Header.MsgType)
		return
	}
	select {
	case k.stdinReplies <- m:
	default:
		k.log.Warn("kernel: dropping input_reply nobody asked for")
	}
}

// busy brackets a request with status busy and idle, as front ends expect.
func (k *Kernel) busy(m *Message, f func()) {
	k.publish(m, "status", map[string]any{"execution_state": "busy"})
	defer k.publish(m, "status", map[string]any{"execution_state": "idle"})
	f()
}

func (k *Kernel) answer(s *lockedSocket, m *Message, h handler) {
	var replyType string
	var content any
	k.guard(m.Header.MsgType, func() { replyType, content = h(k, m) })
	if replyType == "" {
		replyType = replyName(m.Header.MsgType)
		content = map[string]any{"status": "error", "ename": "KernelError",
			"evalue": "the kernel failed to answer " + m.Header.MsgType, "traceback": []string{}}
	}
	k.reply(s, m, replyType, content)
}

// guard keeps a panic in an interpreter call from taking the kernel down.
func (k *Kernel) guard(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			k.log.Error("kernel: recovered panic while handling request", "request", what, "panic", r)
		}
	}()
	f()
}

func replyName(requestType string) string {
	if n := len(requestType) - len("_request"); n > 0 && requestType[n:] == "_request" {
		return requestType[:n] + "_reply"
	}
	return requestType + "_reply"
}

// newMessage builds an outgoing message whose parent is req (nil for none).
func (k *Kernel) newMessage(req *Message, msgType string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("kernel: encoding %s content: %w", msgType, err)
	}
	m := &Message{
		Header: Header{
			MsgID:    fmt.Sprintf("%s_%d", k.cfg.Session, k.seq.Add(1)),
			Session:  k.cfg.Session,
			Username: "yak",
			Date:     jupyterTime(k.now()),
			MsgType:  msgType,
			Version:  ProtocolVersion,
		},
		Metadata: json.RawMessage("{}"),
		Content:  c,
	}
	if req != nil {
		m.ParentHeader = req.headerJSON()
	}
	return m, nil
}

func (k *Kernel) sendOn(s *lockedSocket, ids [][]byte, req *Message, msgType string, content any, buffers ...[]byte) {
	m, err := k.newMessage(req, msgType, content)
	if err != nil {
		k.log.Error("kernel: not sent", "msg_type", msgType, "err", err)
		return
	}
	m.Identities, m.Buffers = ids, buffers
	frames, err := Encode(m, k.cfg.Signer)
	if err == nil {
		err = s.send(frames)
	}
	if err != nil {
		k.log.Error("kernel: send failed", "msg_type", msgType, "err", err)
	}
}

func (k *Kernel) reply(s *lockedSocket, req *Message, msgType string, content any) {
	k.sendOn(s, req.Identities, req, msgType, content)
}

// publish sends on IOPub; the topic names the message type as ipykernel does.
func (k *Kernel) publish(req *Message, msgType string, content any) {
	k.publishBuffers(req, msgType, content, nil)
}

func (k *Kernel) publishBuffers(req *Message, msgType string, content any, buffers [][]byte) {
	k.sendOn(k.iopub, [][]byte{[]byte("kernel." + k.cfg.Session + "." + msgType)}, req, msgType, content, buffers...)
}

// headerJSON is the header as received, so replies echo it exactly.
func (m *Message) headerJSON() json.RawMessage {
	if len(m.rawHeader) > 0 {
		return m.rawHeader
	}
	b, _ := json.Marshal(m.Header)
	return b
}
