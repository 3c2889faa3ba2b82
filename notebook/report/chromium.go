package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// EnvChromium names the browser that PDF uses when set (a path or a command
// on PATH); otherwise the first of chromiumNames found on PATH.
const EnvChromium = "YAK_CHROMIUM"

var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// ErrNoChromium is returned by Chromium (and so by PDF) when no browser is
// installed.
var ErrNoChromium = errors.New("report: a PDF needs headless Chromium, which is not installed: install it (Debian/Ubuntu: apt-get install chromium) or set " + EnvChromium + " to a Chromium or Chrome binary")

// Chromium returns the path of the headless-capable browser PDF uses.
func Chromium() (string, error) {
	if v := os.Getenv(EnvChromium); v != "" {
		p, err := exec.LookPath(v)
		if err != nil {
			return "", fmt.Errorf("report: %s=%s: %w", EnvChromium, v, err)
		}
		return p, nil
	}
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// HeadlessArgs are the flags for a headless Chromium that runs a report as
// a reader's browser would, but without network (the page needs none; a
// page that asks for something gets nothing rather than something else), a
// sandbox (root in containers) or state shared with other runs (profile is
// a fresh directory). budgetMS is the virtual time the page gets to run its
// scripts (decoding ECharts and KaTeX, drawing charts) before Chromium
// dumps or prints it; idle time is skipped, so it costs no wall time.
func HeadlessArgs(profile string, budgetMS int) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
		"--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir=" + profile,
		"--run-all-compositor-stages-before-draw",
		fmt.Sprintf("--virtual-time-budget=%d", budgetMS),
	}
}

// PDFBudgetMS is the virtual time PDF gives a page to draw before printing.
const PDFBudgetMS = 20000

// PDF prints the HTML report at htmlFile (a file written by WriteFile) to
// pdfFile with headless Chromium, once its charts are drawn and its math
// typeset. Page breaks fall between cells where a cell fits on a page (see
// the print rules of the page's stylesheet). It returns ErrNoChromium when
// no browser is installed.
func PDF(ctx context.Context, htmlFile, pdfFile string) error {
	bin, err := Chromium()
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(htmlFile)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(pdfFile)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "yak-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	// Chromium writes the PDF itself; into a temporary name first, so a
	// failed print leaves no truncated file behind.
	tmp := out + ".tmp"
	args := append(HeadlessArgs(profile, PDFBudgetMS),
		"--no-pdf-header-footer", "--print-to-pdf="+tmp, "file://"+abs)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if fi, serr := os.Stat(tmp); err != nil || serr != nil || fi.Size() == 0 {
		os.Remove(tmp)
		msg := strings.TrimSpace(lastLines(stderr.String(), 5))
		if err == nil {
			err = errors.New("it wrote no PDF")
		}
		return fmt.Errorf("report: %s could not print %s: %v\n%s", bin, htmlFile, err, msg)
	}
	return os.Rename(tmp, out)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
