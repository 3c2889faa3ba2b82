package display

import (
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
)

// recorder is a Publisher that keeps what it receives.
type recorder struct {
	mu      sync.Mutex
	got     []Bundle
	updates []bool
	clears  []bool
}

func (r *recorder) Publish(b Bundle, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, b)
	r.updates = append(r.updates, update)
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
}

// install sets a fresh recorder for the duration of t.
func install(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{}
	prev := SetPublisher(r)
	t.Cleanup(func() { SetPublisher(prev) })
	return r
}

type htmlOnly struct{}

func (htmlOnly) HTML() string { return "<b>x</b>" }

type everything struct{}

func (everything) String() string   { return "everything" }
func (everything) HTML() string     { return "<i>e</i>" }
func (everything) Markdown() string { return "*e*" }
func (everything) SVG() string      { return "<svg/>" }
func (everything) PNG() []byte      { return []byte{1, 2} }
func (everything) JPEG() []byte     { return []byte{3} }
func (everything) LaTeX() string    { return "$e$" }
func (everything) JSON() any        { return map[string]any{"e": 1} }

type bundler struct{}

func (bundler) DisplayBundle() Bundle {
	return Bundle{Data: map[string]any{"text/html": "<p>b</p>"}, Metadata: map[string]any{"k": "v"}}
}

// fullBundler's HTML method is part of its bundle, not an extra.
type fullBundler struct{}

func (fullBundler) DisplayBundle() Bundle {
	return Bundle{Data: map[string]any{"text/html": "<p>b</p>"}}
}
func (fullBundler) SVG() string    { panic("must not be called") }
func (fullBundler) String() string { return "full" }

// yaegiWrapper has the shape of the interface wrappers that yaegi's
// generated symbols use for values of interpreted types.
type yaegiWrapper struct {
	IValue any
	WHTML  func() string
}

func (w yaegiWrapper) HTML() string { return w.WHTML() }

type panicky struct{}

func (panicky) String() string { return "panicky" }
func (panicky) HTML() string   { panic("boom") }

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestRender(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	tests := []struct {
		name  string
		v     any
		mimes string
		text  string
	}{
		{"int", 42, "text/plain", "42"},
		{"string", "hi", "text/plain", "hi"},
		{"nil", nil, "text/plain", "<nil>"},
		{"slice", []float64{1, 2.5}, "text/plain", "[1 2.5]"},
		{"error", fmt.Errorf("bad"), "text/plain", "bad"},
		{"html type", htmlOnly{}, "text/html,text/plain", "{}"},
		{"everything", everything{}, "application/json,image/jpeg,image/png,image/svg+xml,text/html,text/latex,text/markdown,text/plain", "everything"},
		{"bundler", bundler{}, "text/html,text/plain", "<text/html>"},
		{"bundler with more methods", fullBundler{}, "text/html,text/plain", "full"},
		{"bundle", HTML("<p/>"), "text/html,text/plain", "<text/html>"},
		{"bundle pointer", &Bundle{Data: map[string]any{"image/svg+xml": "<svg/>"}}, "image/svg+xml,text/plain", "<image/svg+xml>"},
		{"image", img, "image/png,text/plain", "<image 3x2>"},
		{"png bytes", []byte("\x89PNG\r\n\x1a\nrest"), "image/png,text/plain", "[137 80 78 71 13 10 26 10 114 101 115 116]"},
		{"jpeg bytes", []byte("\xff\xd8\xff\xe0"), "image/jpeg,text/plain", "[255 216 255 224]"},
		{"other bytes", []byte("abc"), "text/plain", "[97 98 99]"},
		{"yaegi wrapper", yaegiWrapper{IValue: struct{ A int }{7}, WHTML: func() string { return "<b>7</b>" }}, "text/html,text/plain", "{7}"},
		{"panic", panicky{}, "text/plain", "panicky\ndisplay: text/html of display.panicky panicked: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Render(tt.v)
			if got := keys(b.Data); got != tt.mimes {
				t.Errorf("mime types = %s, want %s", got, tt.mimes)
			}
			if got := b.Data["text/plain"]; got != tt.text {
				t.Errorf("text/plain = %q, want %q", got, tt.text)
			}
		})
	}
}

func TestRenderEncodings(t *testing.T) {
	b := Render(everything{})
	if got := b.Data["image/png"]; got != base64.StdEncoding.EncodeToString([]byte{1, 2}) {
		t.Errorf("png = %v", got)
	}
	if !reflect.DeepEqual(b.Data["application/json"], map[string]any{"e": 1}) {
		t.Errorf("json = %v", b.Data["application/json"])
	}
	if b := Render(bundler{}); b.Metadata["k"] != "v" {
		t.Errorf("bundler metadata lost: %v", b.Metadata)
	}
	img := image.NewRGBA(image.Rect(0, 0, 4, 5))
	img.Set(1, 1, color.White)
	meta, _ := Render(img).Metadata["image/png"].(map[string]any)
	if meta["width"] != 4 || meta["height"] != 5 {
		t.Errorf("image metadata = %v", meta)
	}
}

func TestJSONHelper(t *testing.T) {
	b := JSON(map[string]int{"a": 1})
	if !reflect.DeepEqual(b.Data["application/json"], map[string]any{"a": float64(1)}) {
		t.Errorf("json data = %#v", b.Data["application/json"])
	}
	if b.Data["text/plain"] != "{\n  \"a\": 1\n}" {
		t.Errorf("json text = %q", b.Data["text/plain"])
	}
	bad := JSON(make(chan int))
	if s := bad.String(); !strings.Contains(s, "cannot encode chan int") {
		t.Errorf("bad json text = %q", s)
	}
}

func TestDisplayUpdateClear(t *testing.T) {
	r := install(t)
	Display(HTML("<b>1</b>"))
	id := DisplayID("first")
	Update(id, "second")
	Clear(true)
	if len(r.got) != 3 {
		t.Fatalf("published %d bundles, want 3", len(r.got))
	}
	if r.got[0].DisplayID != "" || r.updates[0] {
		t.Errorf("Display: id %q update %v", r.got[0].DisplayID, r.updates[0])
	}
	if r.got[1].DisplayID != id || r.updates[1] || len(id) != 32 {
		t.Errorf("DisplayID: id %q (returned %q) update %v", r.got[1].DisplayID, id, r.updates[1])
	}
	if r.got[2].DisplayID != id || !r.updates[2] || r.got[2].String() != "second" {
		t.Errorf("Update: %+v update %v", r.got[2], r.updates[2])
	}
	if !reflect.DeepEqual(r.clears, []bool{true}) {
		t.Errorf("clears = %v", r.clears)
	}
	if NewID() == NewID() {
		t.Error("NewID repeated itself")
	}
}

func ExampleRender() {
	b := Render(HTML("<b>bold</b>"))
	fmt.Println(b.Data["text/html"])
	fmt.Println(Render(3.5).Data["text/plain"])
	// Output:
	// <b>bold</b>
	// 3.5
}

func ExampleDisplay() {
	// Without a kernel, Display prints the text/plain form.
	Display([]int{1, 2, 3})
	// Output:
	// [1 2 3]
}
