package kernel

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// HistoryEntry is one executed cell: the kernel session (one per kernel
// start) and line (execution count) it ran as, its code, and the text/plain
// of its result if it had one.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// HistoryRequest is the content of history_request.
type HistoryRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"` // "tail", "range" or "search"
	Session        int    `json:"session"`          // range: 0 is this session, -1 the previous one
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"` // range: exclusive; nil means to the end
	N              *int   `json:"n"`    // tail and search: the last n entries
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// History is the kernel's execution history, appended as JSON lines to a
// file so that it survives restarts. The file is only read when a
// history_request needs it, which keeps kernel start fast and memory flat.
type History struct {
	mu      sync.Mutex
	path    string
	f       *os.File
	session int
	line    int
	loaded  bool
	entries []HistoryEntry
}

// OpenHistory opens (creating if needed) the history file at path and starts
// a new session in it. An empty path keeps history in memory only.
func OpenHistory(path string) (*History, error) {
	h := &History{path: path, session: 1}
	if path == "" {
		h.loaded = true
		return h, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("kernel: history directory: %w", err)
	}
	s, err := nextSession(path + ".session")
	if err != nil {
		return nil, err
	}
	h.session = s
	return h, nil
}

// nextSession bumps the session counter kept next to the history file.
func nextSession(counter string) (int, error) {
	last := 0
	if b, err := os.ReadFile(counter); err == nil {
		last, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	} else if !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("kernel: history session counter: %w", err)
	}
	tmp := counter + ".tmp" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(last+1)+"\n"), 0o600); err != nil {
		return 0, fmt.Errorf("kernel: history session counter: %w", err)
	}
	if err := os.Rename(tmp, counter); err != nil {
		return 0, fmt.Errorf("kernel: history session counter: %w", err)
	}
	return last + 1, nil
}

// Session is the number of the running kernel's session.
func (h *History) Session() int { return h.session }

// Add records a cell as the next line of this session.
func (h *History) Add(input, output string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.line++
	e := HistoryEntry{Session: h.session, Line: h.line, Input: input, Output: output}
	if h.loaded {
		h.entries = append(h.entries, e)
	}
	if h.path == "" {
		return nil
	}
	if h.f == nil {
		f, err := os.OpenFile(h.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("kernel: opening history file: %w", err)
		}
		h.f = f
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = h.f.Write(append(b, '\n'))
	return err
}

// Close closes the history file.
func (h *History) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f == nil {
		return nil
	}
	err := h.f.Close()
	h.f = nil
	return err
}

func (h *History) load() error {
	if h.loaded {
		return nil
	}
	f, err := os.Open(h.path)
	if errors.Is(err, os.ErrNotExist) {
		h.loaded = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("kernel: reading history: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		var e HistoryEntry
		if len(line) > 0 && json.Unmarshal(line, &e) == nil {
			h.entries = append(h.entries, e) // a torn last line from a crash is skipped
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("kernel: reading history: %w", err)
		}
	}
	h.loaded = true
	return nil
}

// Query answers a history_request.
func (h *History) Query(req HistoryRequest) ([]HistoryEntry, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.load(); err != nil {
		return nil, err
	}
	switch req.HistAccessType {
	case "tail":
		return last(h.entries, req.N), nil
	case "range":
		session := req.Session
		if session <= 0 {
			session += h.session
		}
		var out []HistoryEntry
		for _, e := range h.entries {
			if e.Session == session && e.Line >= req.Start && (req.Stop == nil || e.Line < *req.Stop) {
				out = append(out, e)
			}
		}
		return out, nil
	case "search":
		pattern := req.Pattern
		if pattern == "" {
			pattern = "*"
		}
		re, err := globRegexp(pattern)
		if err != nil {
			return nil, err
		}
		var out []HistoryEntry
		for _, e := range h.entries {
			if re.MatchString(e.Input) {
				out = append(out, e)
			}
		}
		if req.Unique {
			out = uniqueLatest(out)
		}
		return last(out, req.N), nil
	}
	return nil, fmt.Errorf("kernel: hist_access_type %q is not one of tail, range, search", req.HistAccessType)
}

func last(es []HistoryEntry, n *int) []HistoryEntry {
	if n != nil && *n >= 0 && *n < len(es) {
		es = es[len(es)-*n:]
	}
	return append([]HistoryEntry(nil), es...)
}

// uniqueLatest keeps the latest entry of each distinct input, in order.
func uniqueLatest(es []HistoryEntry) []HistoryEntry {
	seen := map[string]bool{}
	var rev []HistoryEntry
	for i := len(es) - 1; i >= 0; i-- {
		if !seen[es[i].Input] {
			seen[es[i].Input] = true
			rev = append(rev, es[i])
		}
	}
	out := make([]HistoryEntry, len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}

// globRegexp compiles a glob (*, ?, [...], [!...]) matching the whole input,
// newlines included, as IPython's history search does.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(glob)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := i + 1
			if j < len(rs) && rs[j] == '!' {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				b.WriteString(`\[`)
				continue
			}
			class := string(rs[i+1 : j])
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("kernel: history search pattern %q: %w", glob, err)
	}
	return re, nil
}

// historyRows shapes entries as history_reply rows.
func historyRows(es []HistoryEntry, output bool) []any {
	rows := make([]any, 0, len(es))
	for _, e := range es {
		if output {
			var out any
			if e.Output != "" {
				out = e.Output
			}
			rows = append(rows, []any{e.Session, e.Line, []any{e.Input, out}})
		} else {
			rows = append(rows, []any{e.Session, e.Line, e.Input})
		}
	}
	return rows
}
