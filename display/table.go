package display

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// Table is a small results table that renders as HTML in notebooks and as
// aligned text in terminals. Cells may be strings, numbers, Stat (mean ±
// standard error), durations or anything with a String method; numeric
// columns align right.
//
//	t := display.NewTable("method", "accuracy", "ECE")
//	t.AddRow("baseline", display.MeanSE(accs), 0.081)
//	t.HighlightMax("accuracy")
//	t // last expression of a cell
type Table struct {
	Columns []string
	Rows    [][]any
	Caption string
	// Digits is the number of significant digits of float cells (default 4).
	// A Stat is written with its error's two significant digits instead.
	Digits int

	formats map[int]string
	best    map[int]int // column -> +1 highlight max, -1 highlight min
}

// NewTable starts a table with the given column names.
func NewTable(columns ...string) *Table {
	return &Table{Columns: columns}
}

// AddRow appends a row. Missing cells stay empty; extra cells are kept and
// shown under unnamed columns.
func (t *Table) AddRow(cells ...any) *Table {
	t.Rows = append(t.Rows, cells)
	return t
}

// SetFormat formats every cell of column with a fmt format such as "%.3f" or
// "%d%%" (a Stat's mean and error each get the format). An unknown column
// name is ignored, so formatting never breaks a report.
func (t *Table) SetFormat(column, format string) *Table {
	if i := t.index(column); i >= 0 {
		if t.formats == nil {
			t.formats = map[int]string{}
		}
		t.formats[i] = format
	}
	return t
}

// HighlightMax marks the largest number of column in bold (HTML) or with a
// trailing '*' (text). A Stat compares by its mean.
func (t *Table) HighlightMax(column string) *Table { return t.highlight(column, 1) }

// HighlightMin marks the smallest number of column.
func (t *Table) HighlightMin(column string) *Table { return t.highlight(column, -1) }

func (t *Table) highlight(column string, sign int) *Table {
	if i := t.index(column); i >= 0 {
		if t.best == nil {
			t.best = map[int]int{}
		}
		t.best[i] = sign
	}
	return t
}

func (t *Table) index(column string) int {
	for i, c := range t.Columns {
		if c == column {
			return i
		}
	}
	return -1
}

// grid is the table as text cells, with per-column alignment and the
// highlighted cells.
type grid struct {
	head   []string
	cells  [][]string
	right  []bool
	marked map[[2]int]bool
}

func (t *Table) grid() grid {
	n := len(t.Columns)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	g := grid{head: make([]string, n), right: make([]bool, n), marked: map[[2]int]bool{}}
	copy(g.head, t.Columns)
	for j := range n {
		numeric, seen := true, false
		for _, r := range t.Rows {
			if j < len(r) && r[j] != nil {
				seen = true
				numeric = numeric && isNumber(r[j])
			}
		}
		g.right[j] = numeric && seen
	}
	for _, r := range t.Rows {
		row := make([]string, n)
		for j := range n {
			if j < len(r) {
				row[j] = t.cell(j, r[j])
			}
		}
		g.cells = append(g.cells, row)
	}
	for j, sign := range t.best {
		bi, bv := -1, 0.0
		for i, r := range t.Rows {
			if j >= len(r) {
				continue
			}
			if v, ok := number(r[j]); ok && (bi < 0 || float64(sign)*(v-bv) > 0) {
				bi, bv = i, v
			}
		}
		if bi >= 0 {
			g.marked[[2]int{bi, j}] = true
		}
	}
	return g
}

func (t *Table) cell(col int, v any) string {
	f, ok := t.formats[col]
	if !ok || v == nil {
		return formatValue(v, t.Digits)
	}
	switch x := v.(type) {
	case Stat:
		return fmt.Sprintf(f, x.Mean) + " ± " + fmt.Sprintf(f, x.SE)
	case *Stat:
		return fmt.Sprintf(f, x.Mean) + " ± " + fmt.Sprintf(f, x.SE)
	}
	return fmt.Sprintf(f, v)
}

// String is the table as aligned text.
func (t *Table) String() string {
	g := t.grid()
	width := make([]int, len(g.head))
	for j, h := range g.head {
		width[j] = utf8.RuneCountInString(h)
	}
	for i, r := range g.cells {
		for j, c := range r {
			// In a highlighted column every cell gets a marker slot, so
			// right-aligned numbers keep their digits in line.
			if _, ok := t.best[j]; ok && c != "" {
				if g.marked[[2]int{i, j}] {
					r[j] = c + "*"
				} else {
					r[j] = c + " "
				}
			}
			width[j] = max(width[j], utf8.RuneCountInString(r[j]))
		}
	}
	var b strings.Builder
	if t.Caption != "" {
		b.WriteString(t.Caption + "\n")
	}
	line := func(cells []string) {
		defer func() {
			// No trailing blanks: they show up as noise in diffs and tests.
			s := strings.TrimRight(b.String(), " \n")
			b.Reset()
			b.WriteString(s + "\n")
		}()
		for j, c := range cells {
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(c))
			if j > 0 {
				b.WriteString("  ")
			}
			if g.right[j] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		b.WriteString("\n")
	}
	line(g.head)
	rule := make([]string, len(width))
	for j, w := range width {
		rule[j] = strings.Repeat("-", w)
	}
	line(rule)
	for _, r := range g.cells {
		line(r)
	}
	return strings.TrimRight(b.String(), "\n")
}

// HTML is the table as an HTML <table>.
func (t *Table) HTML() string {
	g := t.grid()
	var b strings.Builder
	b.WriteString(`<table class="yak-table">`)
	if t.Caption != "" {
		// Left-aligned: a long caption wraps to the table's width, and centred
		// wrapped lines read badly.
		b.WriteString(`<caption style="text-align:left">` + html.EscapeString(t.Caption) + "</caption>")
	}
	align := func(j int) string {
		if g.right[j] {
			return ` style="text-align:right"`
		}
		return ` style="text-align:left"`
	}
	b.WriteString("<thead><tr>")
	for j, h := range g.head {
		b.WriteString("<th" + align(j) + ">" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for i, r := range g.cells {
		b.WriteString("<tr>")
		for j, c := range r {
			c = html.EscapeString(c)
			if g.marked[[2]int{i, j}] {
				c = "<b>" + c + "</b>"
			}
			b.WriteString("<td" + align(j) + ">" + c + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}
