package display

import (
	"strings"
	"testing"
	"time"
)

// fakeClock advances only when told to.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newFake() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func TestProgressThrottles(t *testing.T) {
	const n = 100000
	tests := []struct {
		name    string
		step    time.Duration // simulated time per iteration
		maxPubs int
	}{
		{"fast loop", 100 * time.Nanosecond, 3},       // 10 ms in all: first and final only
		{"10 s loop", 100 * time.Microsecond, 52},     // 10 s / 200 ms + first + final
		{"100 s loop", time.Millisecond, 502},         // still bounded by time, not by n
		{"zero time", 0, 2},                           // a frozen clock: first and final
		{"slow loop", 50 * time.Millisecond, n + 1e3}, // every step may show: each is 50 ms apart, but 4 of 5 are throttled
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := install(t)
			c := newFake()
			p := newProgress(n, "train", c.now)
			for i := 0; i < n; i++ {
				c.advance(tt.step)
				p.Set(i+1, "loss", 1/float64(i+1))
			}
			if len(r.got) > tt.maxPubs {
				t.Errorf("%d publishes, want at most %d", len(r.got), tt.maxPubs)
			}
			if tt.step == 50*time.Millisecond {
				// 5000 s at one update per 200 ms (4 steps) = 25000 updates + first.
				if want := n/4 + 1; len(r.got) != want {
					t.Errorf("%d publishes, want %d", len(r.got), want)
				}
			}
			last := r.got[len(r.got)-1]
			if !strings.Contains(last.String(), "100%") || !strings.Contains(last.String(), "100000/100000") {
				t.Errorf("final text %q lacks 100%%", last.String())
			}
			if r.updates[0] || !r.updates[len(r.updates)-1] {
				t.Errorf("first publish must be new, later ones updates: %v...", r.updates[:1])
			}
			for _, b := range r.got {
				if b.DisplayID != r.got[0].DisplayID || b.DisplayID == "" {
					t.Fatalf("display ids differ: %q vs %q", b.DisplayID, r.got[0].DisplayID)
				}
			}
			// Finishing again after the total was reached sends nothing new.
			before := len(r.got)
			p.Finish()
			if len(r.got) != before {
				t.Errorf("Finish after completion published again")
			}
		})
	}
}

func TestProgressText(t *testing.T) {
	install(t)
	c := newFake()
	p := newProgress(200, "epoch", c.now)
	c.advance(2 * time.Second)
	p.Set(50, "loss", 0.123456, "acc", 0.5)
	if got, want := p.String(), "epoch:  25%|██████                  | 50/200 [00:02<00:06, 25 it/s, loss=0.1235, acc=0.5]"; got != want {
		t.Errorf("running:\n got %q\nwant %q", got, want)
	}
	p.Set(55)
	if got := p.String(); !strings.Contains(got, "27%|██████▌ ") {
		t.Errorf("partial block missing: %q", got)
	}
	c.advance(3 * time.Second)
	p.Add(145)
	if got, want := p.String(), "epoch: 100%|████████████████████████| 200/200 [00:05, 40 it/s, loss=0.1235, acc=0.5]"; got != want {
		t.Errorf("final:\n got %q\nwant %q", got, want)
	}
	if h := p.HTML(); !strings.Contains(h, "width:100.0%") || !strings.Contains(h, "#16a34a") {
		t.Errorf("final html: %s", h)
	}

	q := newProgress(0, "", c.now)
	c.advance(time.Second)
	q.Add(7)
	if got, want := q.String(), "7 it [00:01, 7 it/s]"; got != want {
		t.Errorf("no total: got %q want %q", got, want)
	}
}

func TestProgressEarlyStop(t *testing.T) {
	r := install(t)
	c := newFake()
	p := newProgress(10, "fit", c.now)
	p.Add(3)
	c.advance(time.Second)
	p.Finish()
	p.SetMetrics("val", 0.25)
	p.Finish()
	if len(r.got) != 3 {
		t.Fatalf("%d publishes, want 3 (first, finish, finish with new metric)", len(r.got))
	}
	if got := r.got[2].String(); got != "fit:  30%|███████▏                | 3/10 [00:01, 3 it/s, val=0.25]" {
		t.Errorf("final after early stop: %q", got)
	}
}

// The runtime declares its own interface with the same methods.
type runtimeReporter interface {
	Add(n int)
	Set(done int, metrics ...any)
}

var (
	_ Reporter        = (*Progress)(nil)
	_ runtimeReporter = (*Progress)(nil)
)

func BenchmarkProgressAdd(b *testing.B) {
	SetPublisher(&recorder{})
	defer SetPublisher(nil)
	p := NewProgress(b.N, "bench")
	for i := 0; i < b.N; i++ {
		p.Add(1)
	}
}

func TestProgressGolden(t *testing.T) {
	r := install(t)
	c := newFake()
	p := newProgress(1000, "epoch 3", c.now)
	c.advance(1500 * time.Millisecond)
	p.Set(400, "loss", 0.4321, "acc", 0.875)
	c.advance(2 * time.Second)
	p.Set(1000, "loss", 0.2)
	if len(r.got) != 2 {
		t.Fatalf("%d publishes, want 2", len(r.got))
	}
	for i, name := range []string{"progress_running", "progress_final"} {
		b := r.got[i]
		golden(t, name+".txt", b.String()+"\n")
		golden(t, name+".html", b.Data["text/html"].(string)+"\n")
	}
}

func TestProgressTerminal(t *testing.T) {
	prev := SetPublisher(nil)
	defer SetPublisher(prev)
	var out strings.Builder
	c := newFake()
	p := newProgress(4, "io", c.now)
	p.term = &out
	c.advance(time.Second)
	p.Set(1, "loss", 10.5)
	c.advance(time.Second)
	p.Set(4, "loss", 1)
	want := "\rio:  25%|██████                  | 1/4 [00:01<00:03, 1 it/s, loss=10.5]" +
		"\rio: 100%|████████████████████████| 4/4 [00:02, 2 it/s, loss=1]         \n"
	if out.String() != want {
		t.Errorf("terminal output\n got %q\nwant %q", out.String(), want)
	}
}
