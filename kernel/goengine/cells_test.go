package goengine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCells runs the notebooks in testdata/cells: each file's cells in one
// engine, checking what each prints, shows and fails with.
func TestCells(t *testing.T) {
	files, err := filepath.Glob("testdata/cells/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cell files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			e := newEngine(t, Options{})
			for i, c := range parseCells(string(data)) {
				r, b, err := run(t, e, c.code)
				got := ""
				if err != nil {
					got = err.Error()
				}
				switch {
				case c.err == "" && err != nil:
					t.Errorf("cell %d failed: %v\n%s", i+1, err, c.code)
				case c.err != "" && !strings.Contains(got, c.err):
					t.Errorf("cell %d: error %q, want %q", i+1, got, c.err)
				}
				if r.stdout() != c.out {
					t.Errorf("cell %d: stdout %q, want %q", i+1, r.stdout(), c.out)
				}
				if text(b) != c.value {
					t.Errorf("cell %d: value %q, want %q", i+1, text(b), c.value)
				}
			}
		})
	}
}

type cellCase struct{ code, out, value, err string }

// parseCells reads "-- cell --", "-- out --", "-- value --" and
// "-- error --" sections (txtar style).
func parseCells(s string) []cellCase {
	var cells []cellCase
	var section string
	var buf []string
	flush := func() {
		text := strings.Join(buf, "\n")
		if len(buf) > 0 {
			text += "\n"
		}
		buf = nil
		if len(cells) == 0 {
			return
		}
		c := &cells[len(cells)-1]
		switch section {
		case "cell":
			c.code = strings.TrimSuffix(text, "\n")
		case "out":
			c.out = text
		case "value":
			c.value = strings.TrimSuffix(text, "\n")
		case "error":
			c.err = strings.TrimSuffix(text, "\n")
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") {
			flush()
			section = strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --")
			if section == "cell" {
				cells = append(cells, cellCase{})
			}
			continue
		}
		buf = append(buf, line)
	}
	flush()
	return cells
}
