package main

import (
	"reflect"
	"strconv"
	"testing"
)

func TestParseList(t *testing.T) {
	seed := func(f string) (uint64, error) { return strconv.ParseUint(f, 10, 64) }
	for _, c := range []struct {
		in   string
		want []uint64
		bad  bool
	}{
		{in: "5", want: []uint64{5}},
		{in: "4, 5,1", want: []uint64{4, 5, 1}},
		{in: "4,x", bad: true},
		{in: "", bad: true},
		{in: "-1", bad: true},
	} {
		got, err := parseList(c.in, seed)
		if c.bad {
			if err == nil {
				t.Errorf("parseList(%q) = %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseList(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}
