package chart

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/base64"
	"os"
	"strings"
	"sync"
)

// Version is the pinned ECharts release that `make echarts` embeds and that
// the default CDN URL names.
const Version = "5.6.0"

// DefaultCDN is where charts load ECharts from in CDN mode.
const DefaultCDN = "https://cdn.jsdelivr.net/npm/echarts@" + Version + "/dist/echarts.min.js"

// assets holds echarts.min.js once `make echarts` has fetched it; the README
// keeps the pattern matching in a fresh clone, so plain `go build` works.
//
//go:embed assets
var assets embed.FS

var (
	modeMu  sync.Mutex
	cdnURL  string // non-empty: CDN mode
	libOnce sync.Once
	libB64  string // gzip+base64 of the embedded library, "" when not embedded
)

func init() {
	switch v := os.Getenv("YAK_ECHARTS"); {
	case v == "cdn":
		cdnURL = DefaultCDN
	case strings.HasPrefix(v, "http://"), strings.HasPrefix(v, "https://"):
		cdnURL = v
	}
}

// UseCDN makes later charts load ECharts from url (DefaultCDN when url is
// empty) instead of carrying the embedded copy: the one chart of a document
// that carries it shrinks from about 450 kB to a few kB, but charts need the
// network to become interactive outside JupyterLab. The
// environment variable YAK_ECHARTS=cdn (or a URL) sets the same at start-up.
func UseCDN(url string) {
	if url == "" {
		url = DefaultCDN
	}
	modeMu.Lock()
	cdnURL = url
	modeMu.Unlock()
}

// UseEmbedded makes later charts carry the embedded ECharts (the default).
func UseEmbedded() {
	modeMu.Lock()
	cdnURL = ""
	modeMu.Unlock()
}

// Embedded reports whether this binary embeds ECharts (built with make).
func Embedded() bool { return embeddedLibrary() != "" }

// embeddedLibrary compresses the embedded script once: gzip shrinks the
// 1 MB build to about a third, and base64 keeps it safe inside HTML.
func embeddedLibrary() string {
	libOnce.Do(func() {
		src, err := assets.ReadFile("assets/echarts.min.js")
		if err != nil || len(src) == 0 {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(src)
		zw.Close()
		libB64 = base64.StdEncoding.EncodeToString(buf.Bytes())
	})
	return libB64
}

// source says where a chart's page finds ECharts: the embedded payload or a
// URL. Tests replace it to keep golden files small.
var source = func() (payload, url string) {
	modeMu.Lock()
	u := cdnURL
	modeMu.Unlock()
	if u != "" {
		return "", u
	}
	if p := embeddedLibrary(); p != "" {
		return p, ""
	}
	return "", DefaultCDN
}

var (
	docMu      sync.Mutex
	docHasCopy bool // a chart of the current document carries the library
	// perDocument: only the first chart of a document carries the library
	// (tests turn it off to keep golden files independent of their order).
	perDocument = true
)

// libraryTurn reports whether the chart being rendered carries the
// embedded library: the first one of each document does.
func libraryTurn() bool {
	docMu.Lock()
	defer docMu.Unlock()
	if !perDocument {
		return true
	}
	first := !docHasCopy
	docHasCopy = true
	return first
}

// NewDocument makes the next chart carry the embedded ECharts again; the
// charts after it rely on that copy. A document is a kernel's session (the
// process: a kernel restart starts a new one) or, in `yak run`, one
// notebook. Where the front end has yak's JupyterLab extension, charts draw
// from its copy and never need this one; in exports and other front ends
// every chart finds the first copy on the page, and a chart shows its
// static image when the copy is gone (its output cleared), until the
// kernel restarts.
func NewDocument() {
	docMu.Lock()
	docHasCopy = false
	docMu.Unlock()
}

// LibraryHTML is the embedded ECharts as the payload element that chart
// outputs carry ("" when not embedded). A page that shows many charts (the
// `yak run` report) may put it once near the top and drop the copies from
// the charts with StripLibrary: every chart looks for the first payload on
// the page, not for its own.
func LibraryHTML() string {
	p := embeddedLibrary()
	if p == "" {
		return ""
	}
	return payloadTag(p)
}

const payloadAttr = `data-yak-echarts="` + Version + `"`

func payloadTag(p string) string {
	return `<script type="application/octet-stream" ` + payloadAttr + ` data-encoding="gzip+base64">` + p + `</script>`
}

// StripLibrary removes the ECharts payload elements from html (a chart
// output or a whole page); see LibraryHTML.
func StripLibrary(html string) string {
	const open = `<script type="application/octet-stream" ` + payloadAttr
	for {
		i := strings.Index(html, open)
		if i < 0 {
			return html
		}
		j := strings.Index(html[i:], "</script>")
		if j < 0 {
			return html
		}
		html = html[:i] + html[i+j+len("</script>"):]
	}
}
