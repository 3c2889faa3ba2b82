package goengine

import "testing"

func TestJSONTagPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "type P struct {\n\tName string\n\tage  int\n}", want: "type P struct {\n\tName string\n\tage  int `json:\"-\" xml:\"-\"`\n}", why: "an unexported field gets tags that keep encoders off it"},
		{in: "type P struct{ a, b int; C int }", want: "type P struct{ a, b int `json:\"-\" xml:\"-\"`; C int }", why: "every name of the entry is unexported"},
		{in: "type P struct{ a int `db:\"a\"` }", want: "type P struct{ a int `db:\"a\" json:\"-\" xml:\"-\"` }", why: "an existing tag keeps its keys"},
		{in: "type P struct{ a int `json:\"a\"` }", want: "type P struct{ a int `json:\"a\" xml:\"-\"` }", why: "the field's own json key wins"},
		{in: "type P struct{ A int; inner }", want: "type P struct{ A int; inner }", why: "exported and embedded fields stay"},
	})
}
