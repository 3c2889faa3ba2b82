package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yaknb/yak/display"
)

// memSocket is one channel of the in-memory transport: the test pushes
// frames into in and reads what the kernel sent from out.
type memSocket struct {
	in     chan [][]byte
	out    chan [][]byte
	closed chan struct{}
	once   sync.Once
}

func newMemSocket() *memSocket {
	return &memSocket{in: make(chan [][]byte), out: make(chan [][]byte, 1<<16), closed: make(chan struct{})}
}

var errClosed = errors.New("memSocket: closed")

func (s *memSocket) Recv() ([][]byte, error) {
	select {
	case f := <-s.in:
		return f, nil
	case <-s.closed:
		return nil, errClosed
	}
}

func (s *memSocket) Send(frames [][]byte) error {
	select {
	case s.out <- frames:
		return nil
	case <-s.closed:
		return errClosed
	}
}

func (s *memSocket) close() { s.once.Do(func() { close(s.closed) }) }

// mockInterp is a scriptable Interpreter.
type mockInterp struct {
	mu       sync.Mutex
	exec     func(ctx context.Context, code string, io ExecIO) (*display.Bundle, error)
	codes    []string
	cursors  []int
	resets   int
	complete Completion
}

func (m *mockInterp) Info() LanguageInfo {
	return LanguageInfo{Name: "go", Version: "go1.26", MimeType: "text/x-go", FileExtension: ".go",
		PygmentsLexer: "go", CodeMirrorMode: "go", Implementation: "yak", ImplementationVer: "test",
		Banner: "mock", HelpLinks: []HelpLink{{Text: "Go", URL: "https://go.dev/doc/"}}}
}

func (m *mockInterp) Execute(ctx context.Context, code string, io ExecIO) (*display.Bundle, error) {
	m.mu.Lock()
	m.codes = append(m.codes, code)
	f := m.exec
	m.mu.Unlock()
	if f == nil {
		return &display.Bundle{Data: map[string]any{"text/plain": code}}, nil
	}
	return f(ctx, code, io)
}

func (m *mockInterp) executed() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.codes...)
}

func (m *mockInterp) Complete(code string, cursor int) Completion {
	m.mu.Lock()
	m.cursors = append(m.cursors, cursor)
	m.mu.Unlock()
	return m.complete
}

func (m *mockInterp) Inspect(code string, cursor int, detail int) Inspection {
	if code == "" {
		return Inspection{}
	}
	return Inspection{Found: true, Data: map[string]any{"text/plain": "func Println(a ...any)"}}
}

func (m *mockInterp) IsComplete(code string) (string, string) {
	switch code {
	case "func f() {":
		return "incomplete", "\t"
	case "}}":
		return "invalid", ""
	}
	return "complete", ""
}

func (m *mockInterp) Reset() error {
	m.mu.Lock()
	m.resets++
	m.mu.Unlock()
	return nil
}

func (m *mockInterp) Close() error { return nil }

// harness runs a Kernel on the in-memory transport and plays the front end.
type harness struct {
	t                            *testing.T
	k                            *Kernel
	interp                       *mockInterp
	signer                       *Signer
	shell, control, stdin, iopub *memSocket
	done                         chan error
	seq                          int
	logs                         *logBuffer
}

// logBuffer collects the kernel's log lines so tests can check what was logged.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newHarness(t *testing.T, interp *mockInterp, cfg Config) *harness {
	t.Helper()
	signer, err := NewSigner("hmac-sha256", []byte("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Signer = signer
	h0 := &logBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(h0, nil))
	if cfg.Session == "" {
		cfg.Session = "kernel-session"
	}
	k, err := New(interp, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, k: k, logs: h0, interp: interp, signer: signer, shell: newMemSocket(), control: newMemSocket(),
		stdin: newMemSocket(), iopub: newMemSocket(), done: make(chan error, 1)}
	go func() {
		h.done <- k.Serve(context.Background(), Sockets{Shell: h.shell, Control: h.control, Stdin: h.stdin, IOPub: h.iopub})
	}()
	if m := h.next(h.iopub); m.Header.MsgType != "status" {
		t.Fatalf("first IOPub message is %s, want status starting", m.Header.MsgType)
	}
	t.Cleanup(func() {
		for _, s := range []*memSocket{h.shell, h.control, h.stdin, h.iopub} {
			s.close()
		}
	})
	return h
}

// frames encodes a request as the front end would.
func (h *harness) frames(msgType string, content any) (string, [][]byte) {
	h.seq++
	id := fmt.Sprintf("req-%d", h.seq)
	c, err := json.Marshal(content)
	if err != nil {
		h.t.Fatal(err)
	}
	m := &Message{
		Identities: [][]byte{[]byte("client-1")},
		Header: Header{MsgID: id, Session: "client-session", Username: "test", Date: "2026-01-01T00:00:00.000000Z",
			MsgType: msgType, Version: ProtocolVersion},
		Content: c,
	}
	f, err := Encode(m, h.signer)
	if err != nil {
		h.t.Fatal(err)
	}
	return id, f
}

func (h *harness) send(s *memSocket, msgType string, content any) string {
	id, f := h.frames(msgType, content)
	s.in <- f
	return id
}

// next reads and decodes the next message the kernel sent on s.
func (h *harness) next(s *memSocket) *Message {
	h.t.Helper()
	select {
	case f := <-s.out:
		m, err := Decode(f, h.signer)
		if err != nil {
			h.t.Fatalf("kernel sent an undecodable message: %v", err)
		}
		return m
	case <-time.After(5 * time.Second):
		h.t.Fatal("timed out waiting for a message from the kernel")
	}
	return nil
}

// quiet reports whether s stays silent for a short while.
func (h *harness) quiet(s *memSocket) bool {
	select {
	case f := <-s.out:
		m, _ := Decode(f, h.signer)
		if m != nil {
			h.t.Logf("unexpected %s", m.Header.MsgType)
		}
		return false
	case <-time.After(100 * time.Millisecond):
		return true
	}
}

func parentID(m *Message) string {
	var p Header
	_ = json.Unmarshal(m.ParentHeader, &p)
	return p.MsgID
}

func content(t *testing.T, m *Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// outputs collects the IOPub messages of request id, from busy to idle
// (both excluded), checking that the bracket is there.
func (h *harness) outputs(id string) []*Message {
	h.t.Helper()
	busy := h.nextFor(id)
	if busy.Header.MsgType != "status" || content(h.t, busy)["execution_state"] != "busy" || parentID(busy) != id {
		h.t.Fatalf("want status busy for %s, got %s %s", id, busy.Header.MsgType, busy.Content)
	}
	var out []*Message
	for {
		m := h.nextFor(id)
		if m.Header.MsgType == "status" {
			if content(h.t, m)["execution_state"] != "idle" {
				h.t.Fatalf("want idle, got %s", m.Content)
			}
			return out
		}
		out = append(out, m)
	}
}

// nextFor returns the next IOPub message whose parent is id; messages of
// other requests (control's status, say) may interleave and are skipped.
func (h *harness) nextFor(id string) *Message {
	h.t.Helper()
	for {
		if m := h.next(h.iopub); parentID(m) == id {
			return m
		}
	}
}

// request sends on shell and returns the reply and the IOPub outputs.
func (h *harness) request(msgType string, c any) (*Message, []*Message) {
	h.t.Helper()
	id := h.send(h.shell, msgType, c)
	reply := h.next(h.shell)
	if parentID(reply) != id {
		h.t.Fatalf("reply parent %s, want %s", parentID(reply), id)
	}
	return reply, h.outputs(id)
}

func (h *harness) execute(code string, extra map[string]any) (map[string]any, []*Message) {
	h.t.Helper()
	c := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": true, "stop_on_error": true}
	for k, v := range extra {
		c[k] = v
	}
	reply, outs := h.request("execute_request", c)
	if reply.Header.MsgType != "execute_reply" {
		h.t.Fatalf("got %s, want execute_reply", reply.Header.MsgType)
	}
	return content(h.t, reply), outs
}

func types(ms []*Message) []string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Header.MsgType)
	}
	return s
}
