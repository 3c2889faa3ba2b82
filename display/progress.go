package display

import (
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Reporter is what a long computation needs to report progress: compiled
// training loops and plugins accept one. *Progress implements it. Packages
// that must not import display (the runtime) declare the same two methods in
// an interface of their own; Go's structural typing makes *Progress fit.
//
// Set's metrics are name, value pairs, e.g. r.Set(step, "loss", 0.12).
type Reporter interface {
	Add(n int)
	Set(done int, metrics ...any)
}

// ProgressInterval is the shortest time between two updates of a progress
// bar's output (the final state is always sent).
const ProgressInterval = 200 * time.Millisecond

// Progress is a progress bar for loops. It shows one output that it updates
// in place (update_display_data), at most every ProgressInterval, with the
// count, total, rate, remaining time and the latest metrics. When the count
// reaches the total, or on Finish, it shows its final state (elapsed time, no
// estimate), which is what a saved notebook keeps.
//
//	p := display.NewProgress(len(batches), "train")
//	for i := range batches {
//		loss := step(batches[i])
//		p.Set(i+1, "loss", loss)
//	}
//
// Without a kernel or `yak run` (no Publisher installed), the bar redraws
// one line of standard error instead, like terminal progress bars.
//
// Its methods are safe for concurrent use.
type Progress struct {
	mu       sync.Mutex
	desc     string
	total    int
	done     int
	metrics  []metric
	start    time.Time
	last     time.Time // last publish
	id       string
	shown    bool
	finished bool
	dirty    bool // changed since the last publish
	now      func() time.Time
	term     io.Writer // where the bar goes without a publisher
	width    int       // length of the last line written to term
}

type metric struct {
	name  string
	value any
}

// NewProgress starts a progress bar over total items (0 or less when the
// total is unknown: the bar then shows a count and a rate).
func NewProgress(total int, desc string) *Progress {
	return newProgress(total, desc, time.Now)
}

func newProgress(total int, desc string, now func() time.Time) *Progress {
	p := &Progress{desc: desc, total: total, now: now, term: os.Stderr}
	p.start = now()
	return p
}

// Add marks n more items done.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	p.done += n
	p.changed()
	p.mu.Unlock()
}

// Set sets the number of items done and updates the metrics shown after the
// bar, given as name, value pairs ("loss", 0.12, "acc", 0.9). A metric keeps
// its place and last value until set again.
func (p *Progress) Set(done int, metrics ...any) {
	p.mu.Lock()
	p.done = done
	p.setMetrics(metrics)
	p.changed()
	p.mu.Unlock()
}

// SetMetrics updates the metrics without changing the count.
func (p *Progress) SetMetrics(metrics ...any) {
	p.mu.Lock()
	p.setMetrics(metrics)
	p.changed()
	p.mu.Unlock()
}

// SetTotal changes the total, for loops that learn their length late.
func (p *Progress) SetTotal(total int) {
	p.mu.Lock()
	p.total = total
	p.changed()
	p.mu.Unlock()
}

// Finish shows the final state now, for loops that stop before the total
// (early stopping, errors) or have no total. Later calls show only changes
// made since (a last metric, say).
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished && !p.dirty {
		return
	}
	p.finished = true
	p.publish()
}

// Done is the number of items done so far.
func (p *Progress) Done() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

func (p *Progress) setMetrics(kv []any) {
	for i := 0; i < len(kv); i += 2 {
		name := fmt.Sprint(kv[i])
		var v any = "?"
		if i+1 < len(kv) {
			v = kv[i+1]
		}
		found := false
		for j := range p.metrics {
			if p.metrics[j].name == name {
				p.metrics[j].value, found = v, true
			}
		}
		if !found {
			p.metrics = append(p.metrics, metric{name, v})
		}
	}
}

// changed decides whether this change is shown now: the first state, the
// final state, or when ProgressInterval has passed since the last update.
// Called with p.mu held.
func (p *Progress) changed() {
	p.dirty = true
	if p.finished {
		return
	}
	if p.total > 0 && p.done >= p.total {
		p.finished = true
		p.publish()
		return
	}
	if !p.shown || p.now().Sub(p.last) >= ProgressInterval {
		p.publish()
	}
}

// publish sends the current state; called with p.mu held. Publishing under
// the lock keeps updates in order when several goroutines report.
func (p *Progress) publish() {
	p.last = p.now()
	if CurrentPublisher() == nil {
		// No kernel: a compiled program in a terminal. Redraw one line on
		// standard error, as terminal progress bars do, and end it when done.
		text := p.text(p.last)
		pad := max(0, p.width-utf8.RuneCountInString(text))
		p.width = utf8.RuneCountInString(text)
		end := ""
		if p.finished {
			end = "\n"
		}
		fmt.Fprint(p.term, "\r"+text+strings.Repeat(" ", pad)+end)
		p.shown, p.dirty = true, false
		return
	}
	b := Bundle{Data: map[string]any{
		MIMEText: p.text(p.last),
		MIMEHTML: p.html(p.last),
	}}
	if p.id == "" {
		p.id = NewID()
	}
	b.DisplayID = p.id
	current().Publish(b, p.shown)
	p.shown, p.dirty = true, false
}

// String is the bar as text, as a terminal shows it.
func (p *Progress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.text(p.now())
}

// HTML is the bar as HTML.
func (p *Progress) HTML() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.html(p.now())
}

const barWidth = 24

// fraction is the share done in [0, 1], or NaN without a total.
func (p *Progress) fraction() float64 {
	if p.total <= 0 {
		return math.NaN()
	}
	return math.Min(1, math.Max(0, float64(p.done)/float64(p.total)))
}

// stats is the bracketed part: elapsed<remaining, rate, metrics.
func (p *Progress) stats(now time.Time) string {
	elapsed := now.Sub(p.start)
	perSec := float64(p.done) / elapsed.Seconds()
	parts := []string{}
	if p.finished || p.total <= 0 {
		parts = append(parts, clock(elapsed))
	} else {
		eta := "?"
		if perSec > 0 && !math.IsInf(perSec, 0) {
			eta = clock(time.Duration(float64(p.total-p.done) / perSec * float64(time.Second)))
		}
		parts = append(parts, clock(elapsed)+"<"+eta)
	}
	parts = append(parts, rate(perSec))
	for _, m := range p.metrics {
		parts = append(parts, m.name+"="+trimZeros(formatValue(m.value, 4)))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (p *Progress) counts() string {
	if p.total <= 0 {
		return fmt.Sprintf("%d it", p.done)
	}
	return fmt.Sprintf("%d/%d", p.done, p.total)
}

func (p *Progress) text(now time.Time) string {
	var b strings.Builder
	if p.desc != "" {
		b.WriteString(p.desc + ": ")
	}
	if f := p.fraction(); !math.IsNaN(f) {
		cells := f * barWidth
		full := int(cells)
		bar := strings.Repeat("█", full)
		if full < barWidth {
			// Eighth blocks give the bar sub-cell resolution.
			part := int((cells - float64(full)) * 8)
			bar += string([]rune(" ▏▎▍▌▋▊▉")[part]) + strings.Repeat(" ", barWidth-full-1)
		}
		fmt.Fprintf(&b, "%3.0f%%|%s| ", math.Floor(f*100), bar)
	}
	b.WriteString(p.counts() + " " + p.stats(now))
	return b.String()
}

func (p *Progress) html(now time.Time) string {
	color := "#2563eb"
	if p.finished {
		color = "#16a34a"
	}
	var b strings.Builder
	b.WriteString(`<div class="yak-progress" style="display:flex;align-items:center;gap:8px;font-family:monospace;font-size:12px">`)
	if p.desc != "" {
		b.WriteString("<span>" + html.EscapeString(p.desc) + "</span>")
	}
	if f := p.fraction(); !math.IsNaN(f) {
		fmt.Fprintf(&b, `<div style="flex:0 0 240px;height:12px;background:#e5e7eb;border-radius:3px;overflow:hidden">`+
			`<div style="width:%.1f%%;height:100%%;background:%s"></div></div><span>%.0f%%</span>`, f*100, color, math.Floor(f*100))
	}
	b.WriteString("<span>" + html.EscapeString(p.counts()+" "+p.stats(now)) + "</span></div>")
	return b.String()
}

// trimZeros drops a fixed-point number's trailing zeros (0.5000 -> 0.5):
// metrics are read one at a time, not compared down a column.
func trimZeros(s string) string {
	if !strings.Contains(s, ".") || strings.ContainsAny(s, "eE ") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
