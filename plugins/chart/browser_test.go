package chart

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yaknb/yak/display"
)

// TestBrowserDrawsOffline opens a page of chart outputs in headless
// Chromium with every network request refused and checks that ECharts drew
// each chart from the one embedded copy (which only the first output
// carries), decoded once for the page, that a
// RequireJS-style define (as in the classic Notebook) neither captured the
// library nor was lost, and that an output whose scripts run before it is
// attached (jQuery in the classic Notebook) still draws. It needs
// `chromium` and a build with the library (`make echarts`); without them it
// says so and skips.
func TestBrowserDrawsOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install chromium): browser check not run")
	}
	if !Embedded() {
		t.Skip("ECharts not embedded (run make echarts): browser check not run")
	}
	UseEmbedded()
	NewDocument() // the first chart below carries the page's one copy
	charts := samples()
	var page strings.Builder
	page.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>charts</title></head><body>`)
	// A stand-in for RequireJS: an AMD define that fails if the UMD bundle
	// calls it, as an anonymous define outside require() fails in RequireJS.
	page.WriteString(`<script>window.define = function () { throw new Error("anonymous define") }; window.define.amd = {};</script>`)
	names := []string{"line", "reliability", "heatmap", "line"} // the same chart twice
	for _, n := range names {
		page.WriteString(display.Render(charts[n]).Data["text/html"].(string))
	}
	// The classic Notebook inserts HTML outputs with jQuery, which runs
	// their scripts while the output is still detached from the page.
	late, _ := json.Marshal(display.Render(charts["bar"]).Data["text/html"])
	page.WriteString(`<script>(function () {
  var host = document.createElement("div");
  host.innerHTML = ` + string(late) + `;
  host.querySelectorAll("script").forEach(function (s) {
    if (!s.type || /javascript/.test(s.type)) (0, eval)(s.textContent);
  });
  setTimeout(function () { document.body.appendChild(host); }, 0);
})();</script>`)
	page.WriteString(`<script>setTimeout(function () {
  var ok = document.querySelectorAll(".yak-chart-plot canvas").length;
  var hidden = Array.prototype.filter.call(document.querySelectorAll(".yak-chart-static"), function (e) { return e.style.display === "none"; }).length;
  document.title = "drawn=" + ok + " hidden=" + hidden + " define=" + (window.define && window.define.amd ? "kept" : "lost");
}, 2500);</script></body></html>`)
	dir := t.TempDir()
	file := filepath.Join(dir, "charts.html")
	if err := os.WriteFile(file, []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--virtual-time-budget=5000", "--dump-dom", "file://"+file)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	title := regexp.MustCompile(`<title>([^<]*)</title>`).FindSubmatch(out)
	if title == nil {
		t.Fatalf("no title in the dumped page")
	}
	if got, want := string(title[1]), "drawn=5 hidden=5 define=kept"; got != want {
		t.Errorf("page state %q, want %q", got, want)
	}
}
