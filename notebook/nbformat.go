package notebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
)

// The nbformat version this package writes.
const (
	Major = 4
	Minor = 5
)

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Notebook is an nbformat 4 notebook. Metadata keeps every key it was read
// with, including ones this package does not know.
type Notebook struct {
	Metadata      map[string]any
	NBFormat      int
	NBFormatMinor int
	Cells         []Cell
}

// Cell is one notebook cell. Source, and the text of outputs, are single
// strings here; on disk nbformat splits them into lists of lines.
type Cell struct {
	ID          string
	Type        string // Code, Markdown or Raw
	Source      string
	Metadata    map[string]any
	Attachments map[string]any // markdown and raw cells: name -> MIME bundle

	// Code cells only.
	ExecutionCount *int
	Outputs        []Output
}

// Output is one output of a code cell.
type Output struct {
	Type string // Stream, DisplayData, ExecuteResult or Error

	Name string // stream: "stdout" or "stderr"
	Text string // stream

	Data           map[string]any // display_data, execute_result: MIME type -> value
	Metadata       map[string]any // display_data, execute_result
	ExecutionCount *int           // execute_result

	EName     string   // error
	EValue    string   // error
	Traceback []string // error

	// DisplayID is the transient display_id the output was shown with; it
	// lets later updates find it and is not saved.
	DisplayID string
}

// Tags returns the cell's metadata.tags.
func (c *Cell) Tags() []string {
	raw, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range raw {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell carries tag in metadata.tags.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// isJSONMIME reports whether values of MIME type m are JSON values rather
// than (multiline) strings.
func isJSONMIME(m string) bool {
	return m == "application/json" || (strings.HasPrefix(m, "application/") && strings.HasSuffix(m, "+json"))
}

// splitLines splits s after each newline, as nbformat stores multiline
// strings; joining the pieces gives s back.
func splitLines(s string) []string {
	lines := []string{}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// joinMultiline turns an nbformat multiline string (a string or a list of
// strings, already validated) into one string.
func joinMultiline(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			str, _ := s.(string)
			b.WriteString(str)
		}
		return b.String()
	}
	return ""
}

// Marshal encodes nb as nbformat JSON the way Jupyter writes it: keys sorted,
// one-space indent, multiline strings as lists of lines, a final newline.
// It does not validate; Write does.
func Marshal(nb *Notebook) ([]byte, error) {
	cells := make([]any, len(nb.Cells))
	for i := range nb.Cells {
		c, err := cellJSON(&nb.Cells[i])
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		cells[i] = c
	}
	meta := nb.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	doc := map[string]any{
		"cells":          cells,
		"metadata":       meta,
		"nbformat":       nb.NBFormat,
		"nbformat_minor": nb.NBFormatMinor,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("notebook: cannot encode as JSON: %w", err)
	}
	return buf.Bytes(), nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func cellJSON(c *Cell) (map[string]any, error) {
	m := map[string]any{
		"cell_type": c.Type,
		"metadata":  orEmpty(c.Metadata),
		"source":    splitLines(c.Source),
	}
	if c.ID != "" {
		m["id"] = c.ID
	}
	switch c.Type {
	case Code:
		if c.ExecutionCount != nil {
			m["execution_count"] = *c.ExecutionCount
		} else {
			m["execution_count"] = nil
		}
		outs := make([]any, len(c.Outputs))
		for i := range c.Outputs {
			o, err := outputJSON(&c.Outputs[i])
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", i+1, err)
			}
			outs[i] = o
		}
		m["outputs"] = outs
	case Markdown, Raw:
		if len(c.Attachments) > 0 {
			m["attachments"] = c.Attachments
		}
	default:
		return nil, fmt.Errorf("unknown cell type %q (want code, markdown or raw)", c.Type)
	}
	return m, nil
}

func outputJSON(o *Output) (map[string]any, error) {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case Stream:
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case DisplayData, ExecuteResult:
		data := make(map[string]any, len(o.Data))
		for k, v := range o.Data {
			if s, ok := v.(string); ok && !isJSONMIME(k) {
				data[k] = splitLines(s)
			} else {
				data[k] = v
			}
		}
		m["data"] = data
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == ExecuteResult {
			if o.ExecutionCount != nil {
				m["execution_count"] = *o.ExecutionCount
			} else {
				m["execution_count"] = nil
			}
		}
	case Error:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	default:
		return nil, fmt.Errorf("unknown output type %q", o.Type)
	}
	return m, nil
}

// fromJSON converts a validated generic notebook into a Notebook.
func fromJSON(doc map[string]any) *Notebook {
	nb := &Notebook{
		Metadata:      orEmpty(asMap(doc["metadata"])),
		NBFormat:      asInt(doc["nbformat"]),
		NBFormatMinor: asInt(doc["nbformat_minor"]),
	}
	for _, raw := range asSlice(doc["cells"]) {
		cm := asMap(raw)
		c := Cell{
			Type:     asString(cm["cell_type"]),
			ID:       asString(cm["id"]),
			Source:   joinMultiline(cm["source"]),
			Metadata: orEmpty(asMap(cm["metadata"])),
		}
		if a := asMap(cm["attachments"]); a != nil {
			c.Attachments = a
		}
		if c.Type == Code {
			c.ExecutionCount = asCount(cm["execution_count"])
			for _, ro := range asSlice(cm["outputs"]) {
				c.Outputs = append(c.Outputs, outputFromJSON(asMap(ro)))
			}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb
}

func outputFromJSON(om map[string]any) Output {
	o := Output{Type: asString(om["output_type"])}
	switch o.Type {
	case Stream:
		o.Name = asString(om["name"])
		o.Text = joinMultiline(om["text"])
	case DisplayData, ExecuteResult:
		o.Data = map[string]any{}
		for k, v := range asMap(om["data"]) {
			if isJSONMIME(k) {
				o.Data[k] = v
			} else {
				o.Data[k] = joinMultiline(v)
			}
		}
		o.Metadata = orEmpty(asMap(om["metadata"]))
		o.ExecutionCount = asCount(om["execution_count"])
	case Error:
		o.EName = asString(om["ename"])
		o.EValue = asString(om["evalue"])
		for _, l := range asSlice(om["traceback"]) {
			o.Traceback = append(o.Traceback, asString(l))
		}
	}
	return o
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asSlice(v any) []any        { s, _ := v.([]any); return s }
func asString(v any) string      { s, _ := v.(string); return s }

func asInt(v any) int {
	n, ok := v.(json.Number)
	if !ok {
		return 0
	}
	i, _ := n.Int64()
	return int(i)
}

func asCount(v any) *int {
	if _, ok := v.(json.Number); !ok {
		return nil
	}
	n := asInt(v)
	return &n
}

// cellID derives a stable id for the cell at index i: nbformat 4.5 requires
// ids, and deriving them (rather than drawing random ones) keeps `yak run`
// reproducible.
func cellID(i int, source string, taken map[string]bool) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s", i, source)
	sum := h.Sum64()
	for {
		id := fmt.Sprintf("%08x", uint32(sum))
		if !taken[id] {
			taken[id] = true
			return id
		}
		sum = sum*1099511628211 + 1
	}
}
