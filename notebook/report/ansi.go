package report

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// The 16 ANSI colours (normal then bright), close to what terminals show and
// readable on a light background.
var ansiPalette = [16]string{
	"#000000", "#c4302b", "#2e8b3a", "#a27100", "#2f5fb3", "#a03aa0", "#0e8a96", "#777777",
	"#555555", "#e0463d", "#3aa34a", "#c28f00", "#4a7ee0", "#c259c2", "#1aa6b4", "#aaaaaa",
}

// sgr is the text style that ANSI "select graphic rendition" codes set.
type sgr struct {
	bold, italic, underline bool
	fg, bg                  string
}

func (s sgr) css() string {
	var parts []string
	if s.bold {
		parts = append(parts, "font-weight:bold")
	}
	if s.italic {
		parts = append(parts, "font-style:italic")
	}
	if s.underline {
		parts = append(parts, "text-decoration:underline")
	}
	if s.fg != "" {
		parts = append(parts, "color:"+s.fg)
	}
	if s.bg != "" {
		parts = append(parts, "background-color:"+s.bg)
	}
	return strings.Join(parts, ";")
}

// ANSIToHTML escapes text for HTML and turns its ANSI colour codes (as in
// tracebacks and coloured logs) into styled spans. Other escape sequences,
// such as cursor movement, are dropped.
func ANSIToHTML(text string) string {
	var b strings.Builder
	var cur sgr
	openStyle := "" // style of the open span; "" when none is open
	// flush writes a run of text in the current style, opening a span only
	// when there is text to style.
	flush := func(seg string) {
		if seg == "" {
			return
		}
		if style := cur.css(); style != openStyle {
			if openStyle != "" {
				b.WriteString("</span>")
			}
			if style != "" {
				fmt.Fprintf(&b, `<span style="%s">`, style)
			}
			openStyle = style
		}
		b.WriteString(html.EscapeString(seg))
	}
	for {
		i := strings.IndexByte(text, 0x1b)
		if i < 0 {
			flush(text)
			break
		}
		flush(text[:i])
		rest := text[i+1:]
		if !strings.HasPrefix(rest, "[") {
			text = rest // a lone ESC or a sequence we do not know: drop the ESC
			continue
		}
		// CSI: parameters, then one final byte in 0x40..0x7e.
		j := 1
		for j < len(rest) && (rest[j] < 0x40 || rest[j] > 0x7e) {
			j++
		}
		if j == len(rest) {
			break // unterminated sequence at the end: drop it
		}
		params, final := rest[1:j], rest[j]
		text = rest[j+1:]
		if final == 'm' {
			cur = applySGR(cur, params)
		}
	}
	if openStyle != "" {
		b.WriteString("</span>")
	}
	return b.String()
}

func applySGR(s sgr, params string) sgr {
	if params == "" {
		return sgr{}
	}
	codes := strings.Split(params, ";")
	for i := 0; i < len(codes); i++ {
		n, err := strconv.Atoi(codes[i])
		if err != nil {
			continue
		}
		switch {
		case n == 0:
			s = sgr{}
		case n == 1:
			s.bold = true
		case n == 3:
			s.italic = true
		case n == 4:
			s.underline = true
		case n == 22:
			s.bold = false
		case n == 23:
			s.italic = false
		case n == 24:
			s.underline = false
		case n >= 30 && n <= 37:
			s.fg = ansiPalette[n-30]
		case n >= 90 && n <= 97:
			s.fg = ansiPalette[n-90+8]
		case n == 39:
			s.fg = ""
		case n >= 40 && n <= 47:
			s.bg = ansiPalette[n-40]
		case n >= 100 && n <= 107:
			s.bg = ansiPalette[n-100+8]
		case n == 49:
			s.bg = ""
		case n == 38 || n == 48:
			colour, used := extendedColour(codes[i+1:])
			i += used
			if n == 38 {
				s.fg = colour
			} else {
				s.bg = colour
			}
		}
	}
	return s
}

// extendedColour reads "5;N" (256 colours) or "2;R;G;B" and returns the CSS
// colour and how many codes it used.
func extendedColour(codes []string) (string, int) {
	num := func(i int) int {
		if i >= len(codes) {
			return 0
		}
		n, _ := strconv.Atoi(codes[i])
		return max(0, min(255, n))
	}
	if len(codes) == 0 {
		return "", 0
	}
	switch codes[0] {
	case "5":
		n := num(1)
		switch {
		case n < 16:
			return ansiPalette[n], 2
		case n < 232:
			n -= 16
			level := func(v int) int {
				if v == 0 {
					return 0
				}
				return 55 + 40*v
			}
			return fmt.Sprintf("#%02x%02x%02x", level(n/36), level(n/6%6), level(n%6)), 2
		default:
			g := 8 + 10*(n-232)
			return fmt.Sprintf("#%02x%02x%02x", g, g, g), 2
		}
	case "2":
		return fmt.Sprintf("#%02x%02x%02x", num(1), num(2), num(3)), 4
	}
	return "", 1
}

// StripANSI removes ANSI escape sequences from text.
func StripANSI(text string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, 0x1b)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		rest := text[i+1:]
		if !strings.HasPrefix(rest, "[") {
			text = rest
			continue
		}
		j := 1
		for j < len(rest) && (rest[j] < 0x40 || rest[j] > 0x7e) {
			j++
		}
		if j == len(rest) {
			return b.String()
		}
		text = rest[j+1:]
	}
}

// applyCarriageReturns keeps, on each line, only the last non-empty text
// between carriage returns, roughly what a terminal shows of a progress
// line that rewrites itself.
func applyCarriageReturns(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		segs := strings.Split(l, "\r")
		for k := len(segs) - 1; k >= 0; k-- {
			if segs[k] != "" || k == 0 {
				lines[i] = segs[k]
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}
