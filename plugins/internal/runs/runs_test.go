package runs

import (
	"slices"
	"testing"
)

func TestDistinct(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{nil, []string{}},
		{[]string{"CE", "NACL"}, []string{"CE", "NACL"}},
		{[]string{"LinUCB", "LinUCB", "LinUCB"}, []string{"LinUCB", "LinUCB (2)", "LinUCB (3)"}},
		// a name that is already taken is skipped, not repeated
		{[]string{"A", "A", "A (2)"}, []string{"A", "A (3)", "A (2)"}},
		{[]string{"A (2)", "A", "A"}, []string{"A (2)", "A", "A (3)"}},
	} {
		if got := Distinct(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Distinct(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
