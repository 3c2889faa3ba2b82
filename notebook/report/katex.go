package report

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/base64"
	"strings"
	"sync"
)

// KaTeXVersion is the pinned KaTeX release that `make katex` embeds.
const KaTeXVersion = "0.19.1"

// assets holds katex.min.js once `make katex` has fetched it; the README
// keeps the pattern matching in a fresh clone, so plain `go build` works.
//
//go:embed assets
var assets embed.FS

var (
	katexOnce sync.Once
	katexB64  string // gzip+base64 of the embedded KaTeX, "" when not embedded
)

// katexPayload is the embedded KaTeX, compressed once: gzip takes the
// 280 kB script to 76 kB, base64 keeps it safe inside the page. Tests
// replace it to keep golden files small.
var katexPayload = func() string {
	katexOnce.Do(func() {
		src, err := assets.ReadFile("assets/katex.min.js")
		if err != nil || len(src) == 0 {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(src)
		zw.Close()
		katexB64 = base64.StdEncoding.EncodeToString(buf.Bytes())
	})
	return katexB64
}

// KaTeXEmbedded reports whether this binary embeds KaTeX (built with make),
// that is whether reports typeset their math.
func KaTeXEmbedded() bool { return katexPayload() != "" }

// typesetJS typesets every math element of the page (class "math", TeX in
// data-tex) as MathML with the embedded KaTeX. MathML needs no stylesheet or
// font of KaTeX's: the browser draws it, offline, and prints it into PDFs.
// An element KaTeX cannot parse keeps its readable-text fallback and gets
// the class "tex-error" with the message as its tooltip. When done, the
// page's root gets data-math="typeset" (what tests and `yak run --pdf` wait
// for).
const typesetJS = `(function () {
  var root = document.documentElement;
  function done(state) { root.setAttribute("data-math", state); }
  var el = document.querySelector("script[data-yak-katex]");
  if (!el || typeof DecompressionStream !== "function") { done("text"); return; }
  var bin = atob(el.textContent.trim()), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (src) {
    // KaTeX is a UMD bundle: hide an AMD define so that it sets window.katex.
    var saved = window.define;
    window.define = undefined;
    var s = document.createElement("script");
    s.text = src;
    document.head.appendChild(s);
    window.define = saved;
    var katex = window.katex;
    document.querySelectorAll(".math[data-tex]").forEach(function (m) {
      try {
        katex.render(m.getAttribute("data-tex"), m, {
          displayMode: m.classList.contains("display"), output: "mathml", throwOnError: true, strict: "ignore"
        });
        m.classList.add("typeset");
      } catch (err) {
        m.classList.add("tex-error");
        m.title = String(err && err.message || err);
      }
    });
    done("typeset");
  }).catch(function (err) {
    if (window.console) console.warn("yak report: math kept as text:", err);
    done("text");
  });
})();`

// typesetHTML is what a page with math carries at the end of its body: the
// KaTeX payload and the script that typesets; "" without embedded KaTeX.
func typesetHTML() string {
	p := katexPayload()
	if p == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<script type="application/octet-stream" data-yak-katex="` + KaTeXVersion + `" data-encoding="gzip+base64">`)
	b.WriteString(p)
	b.WriteString("</script>\n<script>\n")
	b.WriteString(typesetJS)
	b.WriteString("\n</script>\n")
	return b.String()
}
