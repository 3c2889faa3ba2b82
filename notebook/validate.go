package notebook

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// ValidationError lists what makes a document not a valid nbformat 4.5
// notebook, each problem prefixed with where it is (cells[2].outputs[0] ...).
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	const show = 5
	msg := "not a valid nbformat 4 notebook: " + strings.Join(first(e.Problems, show), "; ")
	if len(e.Problems) > show {
		msg += fmt.Sprintf(" (and %d more problems)", len(e.Problems)-show)
	}
	return msg
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// cellIDPattern is nbformat 4.5's rule for cell ids (with a length of 1 to 64).
var cellIDPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// mimePattern is a MIME type as nbformat's mimebundle keys spell it.
var mimePattern = regexp.MustCompile(`^[a-zA-Z0-9.+-]+/[a-zA-Z0-9.+-]+$`)

// validator collects the problems of one document; its methods check the
// rules of nbformat 4.5's JSON schema that a reader or writer can get wrong.
type validator struct {
	problems []string
}

func (v *validator) add(where, format string, args ...any) {
	v.problems = append(v.problems, where+": "+fmt.Sprintf(format, args...))
}

// Validate checks a decoded notebook document (as json.Decoder with
// UseNumber gives it) against nbformat 4.5, where minor versions 0 to 4 do
// not require cell ids. It returns nil or a *ValidationError.
func Validate(doc any) error {
	v := &validator{}
	v.notebook(doc)
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

// ValidateJSON decodes data and validates it; see Validate.
func ValidateJSON(data []byte) error {
	doc, err := decode(data)
	if err != nil {
		return err
	}
	return Validate(doc)
}

func (v *validator) notebook(doc any) {
	top, ok := doc.(map[string]any)
	if !ok {
		v.add("notebook", "the top level is %s, want a JSON object with cells, metadata and nbformat", kind(doc))
		return
	}
	major, okMajor := v.count("nbformat", top["nbformat"])
	if okMajor && major != Major {
		v.add("nbformat", "version %d; yak reads nbformat 4 (convert with `jupyter nbconvert --to notebook --nbformat 4`)", major)
		return
	}
	all := []string{"cells", "metadata", "nbformat", "nbformat_minor"}
	v.keys("notebook", top, all, all)
	minor, _ := v.count("nbformat_minor", top["nbformat_minor"])
	if meta, ok := v.object("metadata", top["metadata"]); ok {
		v.notebookMetadata(meta)
	}
	cells, ok := top["cells"].([]any)
	if !ok {
		if _, present := top["cells"]; present {
			v.add("cells", "is %s, want a list", kind(top["cells"]))
		}
		return
	}
	ids := map[string]int{}
	for i, c := range cells {
		v.cell(fmt.Sprintf("cells[%d]", i), c, minor >= 5, ids, i)
	}
}

func (v *validator) notebookMetadata(meta map[string]any) {
	if ks, present := meta["kernelspec"]; present {
		if m, ok := v.object("metadata.kernelspec", ks); ok {
			v.keys("metadata.kernelspec", m, nil, []string{"name", "display_name"})
			v.str("metadata.kernelspec.name", m["name"])
			v.str("metadata.kernelspec.display_name", m["display_name"])
		}
	}
	if li, present := meta["language_info"]; present {
		if m, ok := v.object("metadata.language_info", li); ok {
			v.keys("metadata.language_info", m, nil, []string{"name"})
			v.str("metadata.language_info.name", m["name"])
			for _, k := range []string{"file_extension", "mimetype", "pygments_lexer", "nbconvert_exporter"} {
				if x, present := m[k]; present {
					v.str("metadata.language_info."+k, x)
				}
			}
		}
	}
}

func (v *validator) cell(where string, raw any, needID bool, ids map[string]int, index int) {
	c, ok := v.object(where, raw)
	if !ok {
		return
	}
	typ, _ := c["cell_type"].(string)
	var allowed []string
	switch typ {
	case Code:
		allowed = []string{"id", "cell_type", "metadata", "source", "outputs", "execution_count"}
		v.keys(where, c, allowed, []string{"cell_type", "metadata", "source", "outputs", "execution_count"})
	case Markdown, Raw:
		allowed = []string{"id", "cell_type", "metadata", "source", "attachments"}
		v.keys(where, c, allowed, []string{"cell_type", "metadata", "source"})
	default:
		v.add(where+".cell_type", "is %s, want \"code\", \"markdown\" or \"raw\"", describe(c["cell_type"]))
		return
	}
	if id, present := c["id"]; present {
		s, ok := id.(string)
		switch {
		case !ok:
			v.add(where+".id", "is %s, want a string", kind(id))
		case !cellIDPattern.MatchString(s):
			v.add(where+".id", "%q is not a valid cell id (1 to 64 letters, digits, '-' or '_')", s)
		default:
			if j, dup := ids[s]; dup {
				v.add(where+".id", "%q is also the id of cells[%d]; cell ids must be unique", s, j)
			} else {
				ids[s] = index
			}
		}
	} else if needID {
		v.add(where, "has no \"id\" (required since nbformat 4.5)")
	}
	v.object(where+".metadata", c["metadata"])
	v.multiline(where+".source", c["source"])
	if a, present := c["attachments"]; present {
		if m, ok := v.object(where+".attachments", a); ok {
			for name, b := range m {
				v.mimebundle(where+".attachments["+name+"]", b)
			}
		}
	}
	if typ != Code {
		return
	}
	v.executionCount(where+".execution_count", c["execution_count"])
	outs, ok := c["outputs"].([]any)
	if !ok {
		if _, present := c["outputs"]; present {
			v.add(where+".outputs", "is %s, want a list", kind(c["outputs"]))
		}
		return
	}
	for i, o := range outs {
		v.output(fmt.Sprintf("%s.outputs[%d]", where, i), o)
	}
}

func (v *validator) output(where string, raw any) {
	o, ok := v.object(where, raw)
	if !ok {
		return
	}
	switch t, _ := o["output_type"].(string); t {
	case Stream:
		v.keys(where, o, []string{"output_type", "name", "text"}, []string{"output_type", "name", "text"})
		v.str(where+".name", o["name"])
		v.multiline(where+".text", o["text"])
	case DisplayData:
		v.keys(where, o, []string{"output_type", "data", "metadata"}, []string{"output_type", "data", "metadata"})
		v.mimebundle(where+".data", o["data"])
		v.object(where+".metadata", o["metadata"])
	case ExecuteResult:
		all := []string{"output_type", "execution_count", "data", "metadata"}
		v.keys(where, o, all, all)
		v.executionCount(where+".execution_count", o["execution_count"])
		v.mimebundle(where+".data", o["data"])
		v.object(where+".metadata", o["metadata"])
	case Error:
		all := []string{"output_type", "ename", "evalue", "traceback"}
		v.keys(where, o, all, all)
		v.str(where+".ename", o["ename"])
		v.str(where+".evalue", o["evalue"])
		if tb, ok := o["traceback"].([]any); ok {
			for i, l := range tb {
				v.str(fmt.Sprintf("%s.traceback[%d]", where, i), l)
			}
		} else if _, present := o["traceback"]; present {
			v.add(where+".traceback", "is %s, want a list of strings", kind(o["traceback"]))
		}
	default:
		v.add(where+".output_type", "is %s, want stream, display_data, execute_result or error", describe(o["output_type"]))
	}
}

func (v *validator) mimebundle(where string, raw any) {
	m, ok := v.object(where, raw)
	if !ok {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !mimePattern.MatchString(k) {
			v.add(where, "key %q is not a MIME type", k)
			continue
		}
		if !isJSONMIME(k) {
			v.multiline(where+"["+k+"]", m[k])
		}
	}
}

// keys reports keys outside allowed (nil: any key) and missing required keys.
func (v *validator) keys(where string, m map[string]any, allowed, required []string) {
	for _, k := range required {
		if _, ok := m[k]; !ok {
			v.add(where, "%q is missing", k)
		}
	}
	if allowed == nil {
		return
	}
	ok := map[string]bool{}
	for _, k := range allowed {
		ok[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !ok[k] {
			v.add(where, "unexpected key %q", k)
		}
	}
}

func (v *validator) object(where string, x any) (map[string]any, bool) {
	m, ok := x.(map[string]any)
	if !ok && x != nil {
		v.add(where, "is %s, want an object", kind(x))
	}
	return m, ok
}

func (v *validator) str(where string, x any) {
	if _, ok := x.(string); !ok && x != nil {
		v.add(where, "is %s, want a string", kind(x))
	}
}

func (v *validator) multiline(where string, x any) {
	switch x := x.(type) {
	case nil, string:
	case []any:
		for i, s := range x {
			if _, ok := s.(string); !ok {
				v.add(fmt.Sprintf("%s[%d]", where, i), "is %s, want a string", kind(s))
			}
		}
	default:
		v.add(where, "is %s, want a string or a list of strings", kind(x))
	}
}

// count checks a non-negative integer and returns it.
func (v *validator) count(where string, x any) (int, bool) {
	n, ok := x.(json.Number)
	if !ok {
		if x == nil {
			return 0, false // reported as missing by keys
		}
		v.add(where, "is %s, want an integer", kind(x))
		return 0, false
	}
	i, err := n.Int64()
	if err != nil || i < 0 {
		v.add(where, "is %s, want a non-negative integer", n)
		return 0, false
	}
	return int(i), true
}

func (v *validator) executionCount(where string, x any) {
	if x != nil {
		v.count(where, x)
	}
}

func kind(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", x)
}

func describe(x any) string {
	if s, ok := x.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return kind(x)
}
