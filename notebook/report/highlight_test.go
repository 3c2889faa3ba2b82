package report

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

func TestCodeTokens(t *testing.T) {
	cases := []struct {
		lang, src string
		want      []string // "type:text" of the tokens that are not plain text
	}{
		{"go", `func f(x int) string { return "a" } // c`, []string{
			"Keyword:func", "NameFunction:f", "Punctuation:(", "Name:x", "KeywordType:int", "Punctuation:)",
			"KeywordType:string", "Punctuation:{", "Keyword:return", "LiteralString:\"a\"", "Punctuation:}", "Comment:// c"}},
		{"go", "x := len(xs) + 0x1F\nvar ok = nil", []string{
			"Name:x", "Operator::=", "NameBuiltin:len", "Punctuation:(", "Name:xs", "Punctuation:)", "Operator:+",
			"LiteralNumber:0x1F", "Keyword:var", "Name:ok", "Operator:=", "KeywordConstant:nil"}},
		{"go", "%time f()\n!ls -l", []string{"Operator:%", "Name:time", "NameFunction:f", "Punctuation:(", "Punctuation:)",
			"Operator:!", "Name:ls", "Operator:-", "Name:l"}},
		{"go", "s := `a\r\nb` + \"unterminated", []string{"Name:s", "Operator::=", "LiteralString:`a\r\nb`", "Operator:+", "LiteralString:\"unterminated"}},
		{"python", "def f(): pass", nil},
	}
	for _, c := range cases {
		toks := codeTokens(c.lang, c.src)
		var all strings.Builder
		var got []string
		for _, tk := range toks {
			all.WriteString(tk.Value)
			if tk.Type != chroma.Text || strings.TrimSpace(tk.Value) != "" && c.lang == "go" {
				got = append(got, tk.Type.String()+":"+tk.Value)
			}
		}
		if all.String() != c.src {
			t.Errorf("%q: tokens add up to %q", c.src, all.String())
		}
		if strings.Join(got, " | ") != strings.Join(c.want, " | ") {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}
