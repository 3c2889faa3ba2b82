package report

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// Jupyter's Markdown cells hold TeX between $...$ and $$...$$, which
// JupyterLab typesets in the browser. The report does the same offline with
// the embedded KaTeX (katex.go), but the TeX has to survive Markdown first:
// "$L^*$ ... $L^*$" would otherwise turn into emphasis and lose its stars,
// and "$a_1$ ... $b_2$" its underscores. Math spans are swapped for
// placeholders before Markdown runs and put back afterwards as elements that
// hold the TeX (data-tex) and, until KaTeX replaces it (or in a binary built
// without KaTeX), a readable text form: common commands shown as their
// Unicode symbols, the source TeX in the title attribute.

// mathPlaceholder marks the i-th math span: letters and digits only, which
// Markdown leaves alone.
func mathPlaceholder(i int) string { return fmt.Sprintf("yakmath%dq", i) }

var fence = regexp.MustCompile("^ {0,3}(```+|~~~+)")

// protectMath replaces the math spans of src outside code with placeholders
// and returns their rendered HTML, in order.
func protectMath(src string) (string, []string) {
	if !strings.Contains(src, "$") {
		return src, nil
	}
	var out strings.Builder
	var spans []string
	var text strings.Builder // Markdown between fenced code blocks
	flush := func() {
		out.WriteString(scanMath(text.String(), &spans))
		text.Reset()
	}
	inFence := ""
	for _, line := range strings.SplitAfter(src, "\n") {
		if m := fence.FindStringSubmatch(line); m != nil {
			mark := m[1][:1]
			switch {
			case inFence == "":
				flush()
				inFence = strings.Repeat(mark, len(m[1]))
			case strings.HasPrefix(strings.TrimSpace(line), inFence):
				inFence = ""
				out.WriteString(line)
				continue
			}
		}
		if inFence != "" {
			out.WriteString(line)
		} else {
			text.WriteString(line)
		}
	}
	flush()
	return out.String(), spans
}

// scanMath does protectMath's work on Markdown without fenced code: inline
// code and backslash escapes are kept as they are; $$...$$ is display math;
// $...$ is inline math when the opening $ is not followed by a space and the
// closing one is not preceded by a space nor followed by a digit (so "$5 and
// $6" stays text), as in Pandoc and Jupyter.
func scanMath(s string, spans *[]string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i += 2
			continue
		case c == '`':
			n := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			ticks := s[i : i+n]
			if end := strings.Index(s[i+n:], ticks); end >= 0 {
				b.WriteString(s[i : i+n+end+n])
				i += n + end + n
				continue
			}
			b.WriteString(ticks)
			i += n
			continue
		case strings.HasPrefix(s[i:], "$$"):
			if end := strings.Index(s[i+2:], "$$"); end > 0 {
				b.WriteString(mathPlaceholder(len(*spans)))
				*spans = append(*spans, mathHTML(s[i+2:i+2+end], true))
				i += 2 + end + 2
				continue
			}
		case c == '$' && i+1 < len(s) && !isSpace(s[i+1]):
			if end := closingDollar(s, i+1); end > 0 {
				b.WriteString(mathPlaceholder(len(*spans)))
				*spans = append(*spans, mathHTML(s[i+1:end], false))
				i = end + 1
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// closingDollar finds the $ that closes inline math opened before from, in
// the same paragraph; -1 when there is none.
func closingDollar(s string, from int) int {
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '\n':
			if strings.HasPrefix(strings.TrimLeft(s[j+1:], " \t"), "\n") {
				return -1 // a blank line ends the paragraph
			}
		case '$':
			if isSpace(s[j-1]) || (j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
				return -1
			}
			return j
		}
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func restoreMath(html string, spans []string) string {
	// Last first, so that yakmath1q does not match inside yakmath10q.
	for i := len(spans) - 1; i >= 0; i-- {
		html = strings.ReplaceAll(html, mathPlaceholder(i), spans[i])
	}
	return html
}

func mathHTML(tex string, display bool) string {
	class := "math"
	if display {
		class = "math display"
	}
	src := html.EscapeString(strings.TrimSpace(tex))
	return fmt.Sprintf(`<span class="%s" data-tex="%s" title="%s">%s</span>`, class, src, src, html.EscapeString(texText(tex)))
}

// latexDelims are the math delimiters a text/latex output may wrap its TeX
// in (display.LaTeX and IPython's Math emit $$...$$ or $...$).
var latexDelims = [][2]string{{"$$", "$$"}, {`\[`, `\]`}, {"$", "$"}, {`\(`, `\)`}}

// latexHTML shows a text/latex output as display math. Text that is not one
// formula (a LaTeX document, prose with math in it) stays as text.
func latexHTML(src string) (string, bool) {
	tex := strings.TrimSpace(src)
	for _, d := range latexDelims {
		if len(tex) > len(d[0])+len(d[1]) && strings.HasPrefix(tex, d[0]) && strings.HasSuffix(tex, d[1]) {
			inner := tex[len(d[0]) : len(tex)-len(d[1])]
			if strings.Contains(inner, d[0]) || strings.Contains(inner, d[1]) {
				break // "$a$ and $b$": several formulas
			}
			return divMath(inner), true
		}
	}
	if strings.HasPrefix(tex, `\begin{`) && !strings.Contains(tex, `\documentclass`) {
		return divMath(tex), true
	}
	return "", false
}

func divMath(tex string) string {
	src := html.EscapeString(strings.TrimSpace(tex))
	return fmt.Sprintf(`<div class="math display" data-tex="%s" title="%s">%s</div>`, src, src, html.EscapeString(texText(tex)))
}

// texSymbols are the TeX commands shown as the symbol they stand for.
var texSymbols = map[string]string{
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
	"zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
	"xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ",
	"psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
	"Sigma": "Σ", "Phi": "Φ", "Omega": "Ω", "ell": "ℓ", "cdot": "·", "times": "×",
	"sim": "∼", "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
	"neq": "≠", "in": "∈", "infty": "∞", "sum": "∑", "prod": "∏", "to": "→", "pm": "±",
	"sqrt": "√", "partial": "∂", "nabla": "∇", "log": "log", "exp": "exp", "min": "min",
	"max": "max", "arg": "arg", ",": " ", ";": " ", "quad": "  ", "mid": "|", "lVert": "‖",
	"rVert": "‖", "|": "‖", "{": "{", "}": "}", "left": "", "right": "",
}

// texAccents put a combining mark over the next symbol.
var texAccents = map[string]string{"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "vec": "\u20d7", "dot": "\u0307"}

var texCommand = regexp.MustCompile(`\\([A-Za-z]+|[,;|{}])\s*`)

// texText is TeX made easier to read as plain text: fractions become
// (a)/(b), roots √(x), symbol commands their symbols, and accents combine
// with what follows; everything else (sub- and superscripts) stays as written.
func texText(tex string) string {
	tex = texGroups(strings.TrimSpace(tex))
	var accent string
	out := texCommand.ReplaceAllStringFunc(tex, func(m string) string {
		name := strings.TrimSpace(m[1:])
		if a, ok := texAccents[name]; ok {
			accent += a
			return "\x00"
		}
		if sym, ok := texSymbols[name]; ok {
			if strings.HasSuffix(m, " ") && len(sym) > 0 && sym[len(sym)-1] >= 'a' && sym[len(sym)-1] <= 'z' {
				return sym + " " // \log x
			}
			return sym
		}
		return m
	})
	if accent == "" {
		return out
	}
	// Each \x00 marks an accent: put its combining mark after the next rune
	// (or after the braced group's first rune: \hat{x}).
	marks := []rune(accent)
	var b strings.Builder
	pending := []rune{}
	for _, r := range out {
		switch {
		case r == 0:
			pending = append(pending, marks[0])
			marks = marks[1:]
		case len(pending) > 0 && r != '{' && r != ' ':
			b.WriteRune(r)
			b.WriteString(string(pending))
			pending = pending[:0]
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// texGroups rewrites \frac{a}{b} (and \dfrac, \tfrac) as (a)/(b) and
// \sqrt{x} as √(x), inner groups first.
func texGroups(tex string) string {
	for _, cmd := range []string{`\dfrac`, `\tfrac`, `\frac`, `\sqrt`} {
		for from := 0; ; {
			i := strings.Index(tex[from:], cmd)
			if i < 0 {
				break
			}
			i += from
			args, end := bracedArgs(tex, i+len(cmd), map[bool]int{true: 1, false: 2}[cmd == `\sqrt`])
			if args == nil {
				from = i + len(cmd)
				continue
			}
			var repl string
			if cmd == `\sqrt` {
				repl = "√(" + texGroups(args[0]) + ")"
			} else {
				repl = "(" + texGroups(args[0]) + ")/(" + texGroups(args[1]) + ")"
			}
			tex = tex[:i] + repl + tex[end:]
			from = i + len(repl)
		}
	}
	return tex
}

// bracedArgs reads n arguments, {...} groups or single characters, starting
// at s[i]; nil when they are not there.
func bracedArgs(s string, i, n int) ([]string, int) {
	var args []string
	for len(args) < n {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && s[i] != '{' && s[i] != '\\' && s[i] != '}' {
			args = append(args, s[i:i+1]) // \frac12: one-character arguments
			i++
			continue
		}
		if i >= len(s) || s[i] != '{' {
			return nil, i
		}
		depth := 0
		j := i
		for ; j < len(s); j++ {
			if s[j] == '{' {
				depth++
			} else if s[j] == '}' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if j == len(s) {
			return nil, i
		}
		args = append(args, s[i+1:j])
		i = j + 1
	}
	return args, i
}
