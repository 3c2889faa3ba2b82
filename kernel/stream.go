package kernel

import (
	"sync"
	"time"
	"unicode/utf8"
)

// batcher coalesces a cell's stdout and stderr writes into few stream
// messages: text waits at most interval (or until limit bytes pile up, or
// until the cell ends) before it is sent. Consecutive writes to the same
// stream merge; a switch between stdout and stderr starts a new segment, so
// the front end sees them in the order they were written.
type batcher struct {
	interval time.Duration
	limit    int
	send     func(name, text string)

	mu    sync.Mutex
	segs  []segment
	size  int
	timer *time.Timer
}

type segment struct {
	name string
	buf  []byte
}

func newBatcher(interval time.Duration, limit int, send func(name, text string)) *batcher {
	return &batcher{interval: interval, limit: limit, send: send}
}

func (b *batcher) write(name string, p []byte) {
	if len(p) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := len(b.segs); n > 0 && b.segs[n-1].name == name {
		b.segs[n-1].buf = append(b.segs[n-1].buf, p...)
	} else {
		b.segs = append(b.segs, segment{name: name, buf: append([]byte(nil), p...)})
	}
	b.size += len(p)
	if b.size >= b.limit {
		b.flushLocked(true)
		return
	}
	if b.timer == nil {
		b.timer = time.AfterFunc(b.interval, b.Flush)
	}
}

// Flush sends everything buffered now.
func (b *batcher) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked(false)
}

// flushLocked sends the segments while holding the lock, which keeps
// concurrent flushes (timer and cell end) from reordering text. With partial,
// an incomplete UTF-8 sequence at the very end stays buffered for the next
// write instead of being split into two invalid halves.
func (b *batcher) flushLocked(partial bool) {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	var keep *segment
	for i, s := range b.segs {
		text := s.buf
		if partial && i == len(b.segs)-1 {
			cut := completePrefix(text)
			if cut < len(text) {
				keep = &segment{name: s.name, buf: append([]byte(nil), text[cut:]...)}
				text = text[:cut]
			}
		}
		if len(text) > 0 {
			b.send(s.name, string(text))
		}
	}
	b.segs, b.size = b.segs[:0], 0
	if keep != nil {
		b.segs = append(b.segs, *keep)
		b.size = len(keep.buf)
		b.timer = time.AfterFunc(b.interval, b.Flush)
	}
}

// completePrefix is the length of p without a trailing incomplete rune.
func completePrefix(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			break
		}
	}
	return len(p)
}

// streamWriter is the io.Writer a cell sees as os.Stdout or os.Stderr.
type streamWriter struct {
	b    *batcher
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.b.write(w.name, p)
	return len(p), nil
}
