package chart

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"strings"
)

// loaderJS draws one chart. It runs inside (function(id, option, cdn){...})
// and shares one promise per page (window.__yakECharts), so the library is
// decoded and evaluated once however many charts the page shows.
//
// The library comes from window.echarts when already there, else from the
// first embedded payload on the page (gzip+base64, decoded with the
// browser's DecompressionStream; only the first chart of a document carries
// one, see NewDocument), else from the cdn URL. While the UMD
// bundle evaluates, window.define is hidden: in the classic Notebook,
// RequireJS's define would otherwise capture the bundle as an anonymous
// module and window.echarts would never exist.
//
// Until the chart draws, the static SVG stays visible; if loading fails it
// stays for good, so an offline page without the library still shows data.
const loaderJS = `var w = window, tries = 0;
function evaluate(load) {
  var saved = w.define;
  w.define = undefined;
  return new Promise(function (ok, fail) {
    load(function (err) {
      w.define = saved;
      if (err || !w.echarts) fail(err || new Error("ECharts did not define window.echarts"));
      else ok(w.echarts);
    });
  });
}
function library() {
  if (w.echarts && w.echarts.init) return Promise.resolve(w.echarts);
  if (w.__yakECharts) return w.__yakECharts;
  var el = document.querySelector("script[data-yak-echarts]");
  if (!el && document.readyState === "loading") {
    // The page's one copy may come later in the page (an exported
    // notebook whose first chart was drawn again): wait for all of it.
    return new Promise(function (ok) { document.addEventListener("DOMContentLoaded", ok); }).then(library);
  }
  if (el && typeof DecompressionStream === "function") {
    var bin = atob(el.textContent.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    w.__yakECharts = new Response(stream).text().then(function (src) {
      return evaluate(function (done) {
        var s = document.createElement("script");
        s.text = src;
        document.head.appendChild(s);
        done();
      });
    });
  } else if (cdn) {
    w.__yakECharts = evaluate(function (done) {
      var s = document.createElement("script");
      s.src = cdn;
      s.onload = function () { done(); };
      s.onerror = function () { done(new Error("cannot load " + cdn)); };
      document.head.appendChild(s);
    });
  } else {
    return Promise.reject(new Error("no ECharts on this page"));
  }
  w.__yakECharts.catch(function () { w.__yakECharts = null; });
  return w.__yakECharts;
}
function draw(echarts) {
  var root = document.getElementById(id);
  var plot = root.querySelector(".yak-chart-plot"), still = root.querySelector(".yak-chart-static");
  plot.style.display = "block";
  var chart = echarts.init(plot, null, {renderer: "canvas"});
  chart.setOption(option);
  still.style.display = "none";
  if (typeof ResizeObserver === "function") new ResizeObserver(function () { chart.resize(); }).observe(plot);
}
function start() {
  // Some front ends run an output's scripts just before they attach it to
  // the page; the chart and the library payload are found once it is.
  if (!document.getElementById(id)) {
    if (tries++ < 50) setTimeout(start, 100);
    return;
  }
  library().then(draw).catch(function (err) {
    if (w.console) console.warn("yak chart " + id + ": kept the static image:", err);
  });
}
start();`

// loaderMin is loaderJS without indentation and comment lines: every chart
// output carries it.
var loaderMin = func() string {
	var b strings.Builder
	for _, line := range strings.Split(loaderJS, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}()

// newElementID is a fresh DOM id: outputs of the same chart shown twice,
// or of two kernels on one page, must not collide.
func newElementID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "yak-chart-" + hex.EncodeToString(b[:])
}

// page is the text/html of an interactive chart: a container with the
// static SVG and the ECharts plot area, the library payload (embedded
// mode) and the script that draws. option is the ECharts option object.
func page(option map[string]any, svg, title string, width, height int) string {
	id := newElementID()
	opt, err := json.Marshal(option) // escapes <, > and &: safe inside <script>
	if err != nil {
		// Data is sanitised before it gets here (NaN -> "-"), so this is a
		// programmer error; the static image still shows.
		opt = []byte("{}")
	}
	payload, cdn := source()
	if payload != "" && !libraryTurn() {
		payload = "" // an earlier chart of this document carries it
	}
	cdnJSON, _ := json.Marshal(cdn)
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="yak-chart" id="%s" style="max-width:%dpx">`, id, width)
	fmt.Fprintf(&b, `<div class="yak-chart-static"><img alt="%s" style="max-width:100%%;height:auto" src="data:image/svg+xml;base64,%s"></div>`,
		html.EscapeString(title), base64.StdEncoding.EncodeToString([]byte(svg)))
	fmt.Fprintf(&b, `<div class="yak-chart-plot" style="display:none;width:100%%;height:%dpx"></div></div>`, height)
	b.WriteString("\n")
	if payload != "" {
		b.WriteString(payloadTag(payload) + "\n")
	}
	fmt.Fprintf(&b, "<script>\n(function (id, option, cdn) {\n%s\n})(%q, %s, %s);\n</script>", loaderMin, id, opt, cdnJSON)
	return b.String()
}
