package report

import (
	"github.com/yaknb/yak/notebook"

	"strings"
	"testing"
)

func TestMarkdownMath(t *testing.T) {
	r := newRenderer(notebook.New())
	tests := []struct {
		src       string
		want      []string // substrings of the HTML
		forbidden []string
	}{
		{"loss $L^*$: $O(\\sqrt{K L^*} + K)$ rounds", // stars survive, no emphasis
			[]string{`<span class="math" data-tex="L^*" title="L^*">L^*</span>`, `title="O(\sqrt{K L^*} + K)">O(√(K L^*) + K)</span>`}, []string{"<em>"}},
		{"$a_1$ and $b_2$", []string{">a_1</span>", ">b_2</span>"}, []string{"<em>"}},
		{"$\\hat\\ell_a$ and $\\gamma_t = 10\\sqrt{Kt}$", []string{">ℓ\u0302_a</span>", ">γ_t = 10√(Kt)</span>"}, nil},
		{"costs $5 and $6 today", []string{"costs $5 and $6 today"}, []string{"math"}},
		{"`$x$` in code", []string{"<code>$x$</code>"}, []string{`class="math"`}},
		{"```\n$x$\n```\n", []string{"$x$\n</code></pre>"}, []string{`class="math"`}},
		{"$$\np_a = \\frac{1}{K}\n$$", []string{`<span class="math display" data-tex="p_a = \frac{1}{K}" title="p_a = \frac{1}{K}">p_a = (1)/(K)</span>`}, nil},
		{"$p_a = \\dfrac{1}{K + \\gamma(\\hat\\ell_a - \\hat\\ell_b)}$", []string{">p_a = (1)/(K + γ(ℓ\u0302_a - ℓ\u0302_b))</span>"}, nil},
		{"$\\frac{\\frac{a}{b}}{c}$ $\\frac{x}$", []string{">((a)/(b))/(c)</span>", `>\frac{x}</span>`}, nil},
		{"$\\frac1n\\sum_i$ $\\sqrt 2$", []string{">(1)/(n)∑_i</span>", ">√(2)</span>"}, nil},
		{"a \\$ sign and $x<y$", []string{"a $ sign", ">x&lt;y</span>"}, nil},
		{"$a$ and\n\n$ b$", []string{">a</span>", "$ b$"}, nil},
	}
	for _, tt := range tests {
		got := r.markdown(tt.src, nil)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q:\n got %s\nwant it to contain %s", tt.src, got, w)
			}
		}
		for _, f := range tt.forbidden {
			if strings.Contains(got, f) {
				t.Errorf("%q:\n got %s\nwhich contains %s", tt.src, got, f)
			}
		}
		if strings.Contains(got, "yakmath") {
			t.Errorf("%q: a placeholder was left: %s", tt.src, got)
		}
	}
}

func TestLatexOutput(t *testing.T) {
	tests := []struct {
		src, want string // want: the data-tex, or "" when shown as text
	}{
		{"$$\\frac{a}{b}$$", `\frac{a}{b}`},
		{"  $x^2$\n", "x^2"},
		{`\[ \sum_i x_i \]`, `\sum_i x_i`},
		{`\begin{align} a &= b \end{align}`, `\begin{align} a &amp;= b \end{align}`},
		{"$a$ and $b$", ""},
		{`\documentclass{article}\begin{document}x\end{document}`, ""},
		{"plain words", ""},
	}
	for _, tt := range tests {
		got, ok := latexHTML(tt.src)
		if tt.want == "" {
			if ok {
				t.Errorf("%q: shown as math %s, want text", tt.src, got)
			}
			continue
		}
		if want := `<div class="math display" data-tex="` + tt.want + `"`; !ok || !strings.HasPrefix(got, want) {
			t.Errorf("%q: got %s (%v), want it to start with %s", tt.src, got, ok, want)
		}
	}
}
