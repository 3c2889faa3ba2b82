package goengine

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// router sends what cells write to the most recent cell's ExecIO. It stays
// pointed at that cell after Execute returns, so goroutines that print late
// still reach the notebook (under the last cell that ran).
//
// Standard output holds back an unfinished last line for a moment: when the
// cell then reads standard input, that text becomes the input prompt instead
// of being shown twice (`fmt.Print("name? "); fmt.Scanln(&name)`).
type router struct {
	mu       sync.Mutex
	cur      kernel.ExecIO
	fallOut  io.Writer // before any cell ran (Options.Stdout)
	fallErr  io.Writer
	held     []byte // stdout text after the last newline, not yet sent
	heldTime *time.Timer
	muted    [2]bool // stdout, stderr: the program's main returned (endProgram)
}

// holdFor is how long an unfinished stdout line waits for its newline or a
// read of standard input before it is sent anyway.
const holdFor = 50 * time.Millisecond

func (r *router) setCurrent(io kernel.ExecIO) {
	r.mu.Lock()
	r.flushLocked()
	r.cur = io
	r.mu.Unlock()
}

func (r *router) current() kernel.ExecIO {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

func (r *router) outLocked() io.Writer {
	if r.cur != nil {
		return r.cur.Stdout()
	}
	return r.fallOut
}

func (r *router) errLocked() io.Writer {
	if r.cur != nil {
		return r.cur.Stderr()
	}
	return r.fallErr
}

func (r *router) writeOut(p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.muted[0] {
		return
	}
	data := append(r.held, p...)
	r.held = nil
	cut := bytes.LastIndexByte(data, '\n') + 1
	if len(data)-cut > 1024 { // a long line without newline: no prompt
		cut = len(data)
	}
	if cut > 0 {
		r.outLocked().Write(data[:cut])
	}
	if cut < len(data) {
		r.held = append([]byte(nil), data[cut:]...)
		if r.heldTime == nil {
			r.heldTime = time.AfterFunc(holdFor, r.flush)
		} else {
			r.heldTime.Reset(holdFor)
		}
	}
}

// writeEngine writes the engine's own report (%time's times) to stdout,
// muted or not: the program that ended muted its goroutines, not the
// kernel.
func (r *router) writeEngine(p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.muted[0] {
		r.flushLocked()
	}
	r.outLocked().Write(p)
}

func (r *router) writeErr(p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.muted[1] {
		return
	}
	r.flushLocked()
	r.errLocked().Write(p)
}

// mute drops what stdout (i 0) or stderr (1) gets from now on, or stops
// dropping it; an unfinished line is sent first.
func (r *router) mute(i int, on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if on && i == 0 {
		r.flushLocked()
	}
	r.muted[i] = on
}

func (r *router) isMuted() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.muted[0] || r.muted[1]
}

func (r *router) flush() {
	r.mu.Lock()
	r.flushLocked()
	r.mu.Unlock()
}

func (r *router) flushLocked() {
	if len(r.held) > 0 {
		r.outLocked().Write(r.held)
		r.held = nil
	}
}

// takePrompt returns the unfinished stdout line and forgets it.
func (r *router) takePrompt() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := string(r.held)
	r.held = nil
	return p
}

// publisher is what the engine installs with display.SetPublisher: it sends
// to the most recent cell, after the text printed before the display call.
type publisher struct{ e *Engine }

func (p publisher) Publish(b display.Bundle, update bool) {
	p.e.syncOutput()
	if io := p.e.out.current(); io != nil {
		io.Publish(b, update)
		return
	}
	if s, ok := b.Data["text/plain"].(string); ok {
		fmt.Fprintln(p.e.out.fallOut, s)
	}
}

func (p publisher) Clear(wait bool) {
	p.e.syncOutput()
	if io := p.e.out.current(); io != nil {
		io.Clear(wait)
	}
}

// pipe is an *os.File that interpreted code writes to (os.Stdout and
// os.Stderr must be files), drained by a goroutine into the router. Sync
// waits until everything written before it has been delivered, by sending a
// marker through the pipe (mark: the drain runs a function when it reaches
// the marker, before it delivers what follows); writes to a pipe of up to
// PIPE_BUF bytes are atomic, so the marker arrives in one piece, though a
// read may split it.
type pipe struct {
	w       *os.File
	r       *os.File
	deliver func([]byte)

	mu      sync.Mutex
	seq     uint64
	waiters map[uint64]func()
	done    chan struct{}
}

const (
	markPrefix = "\x00\x01yak\x02"
	markLen    = len(markPrefix) + 16 + 1 // prefix, hex sequence, \x03
)

func newPipe(deliver func([]byte)) (*pipe, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("goengine: cannot create the output pipe: %w", err)
	}
	p := &pipe{w: w, r: r, deliver: deliver, waiters: map[uint64]func(){}, done: make(chan struct{})}
	go p.drain()
	return p, nil
}

func (p *pipe) drain() {
	defer close(p.done)
	buf := make([]byte, 32<<10)
	var pending []byte
	for {
		n, err := p.r.Read(buf)
		if n > 0 {
			pending = p.scan(append(pending, buf[:n]...))
		}
		if err != nil {
			if len(pending) > 0 {
				p.deliver(pending)
			}
			return
		}
	}
}

// scan delivers data up to any marker, wakes the marker's waiter, and
// returns the bytes that may be the start of a marker split by a read.
func (p *pipe) scan(data []byte) []byte {
	for {
		i := bytes.Index(data, []byte(markPrefix))
		if i < 0 {
			keep := 0
			for k := min(len(markPrefix)-1, len(data)); k > 0; k-- {
				if bytes.HasSuffix(data, []byte(markPrefix[:k])) {
					keep = k
					break
				}
			}
			if len(data)-keep > 0 {
				p.deliver(data[:len(data)-keep])
			}
			return append([]byte(nil), data[len(data)-keep:]...)
		}
		if i > 0 {
			p.deliver(data[:i])
		}
		if len(data)-i < markLen {
			return append([]byte(nil), data[i:]...)
		}
		seq, err := strconv.ParseUint(string(data[i+len(markPrefix):i+markLen-1]), 16, 64)
		if err == nil {
			p.mu.Lock()
			f := p.waiters[seq]
			delete(p.waiters, seq)
			p.mu.Unlock()
			if f != nil {
				f()
			}
		}
		data = data[i+markLen:]
	}
}

// Sync returns once everything written so far has been delivered, or after
// a second if the reader is stuck.
func (p *pipe) Sync() {
	c := make(chan struct{})
	seq, err := p.mark(func() { close(c) })
	if err != nil {
		return
	}
	select {
	case <-c:
	case <-time.After(time.Second):
		p.mu.Lock()
		delete(p.waiters, seq)
		p.mu.Unlock()
	}
}

// mark has the drain call f when it reaches what is written now.
func (p *pipe) mark(f func()) (uint64, error) {
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.waiters[seq] = f
	p.mu.Unlock()
	if _, err := fmt.Fprintf(p.w, "%s%016x\x03", markPrefix, seq); err != nil {
		p.mu.Lock()
		delete(p.waiters, seq)
		p.mu.Unlock()
		return seq, err
	}
	return seq, nil
}

func (p *pipe) Close() {
	p.w.Close()
	<-p.done
	p.r.Close()
}

// stdin is what interpreted code reads as standard input: each read that
// finds no buffered text asks the front end for a line through the current
// cell's ExecIO.Input.
type stdin struct {
	e   *Engine
	mu  sync.Mutex
	buf []byte
}

func (s *stdin) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.buf) == 0 {
		x := s.e.out.current()
		if x == nil {
			return 0, io.EOF
		}
		s.e.syncOutput()
		prompt := s.e.out.takePrompt()
		line, err := x.Input(prompt, false)
		if err != nil {
			// The prompt is text the program printed (fmt.Print before
			// fmt.Scan): with no answer to show it beside, it goes back to
			// the output, as a program reading an empty stdin prints it.
			if prompt != "" {
				io.WriteString(x.Stdout(), prompt)
			}
			return 0, err
		}
		s.buf = append([]byte(line), '\n')
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// reset drops unread input (a new cell starts with nothing buffered).
func (s *stdin) reset() {
	s.mu.Lock()
	s.buf = nil
	s.mu.Unlock()
}
