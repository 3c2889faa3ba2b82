package notebook

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

func TestExecuteGolden(t *testing.T) {
	nb, err := Read("testdata/small.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Execute(context.Background(), nb, &fakeInterp{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "cell 5 (id ") {
		t.Fatalf("err = %v, want cell 5 to fail", err)
	}
	out := filepath.Join(t.TempDir(), "small.ipynb")
	if err := Write(out, nb); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "small.golden.ipynb", data)
	if err := ValidateJSON(data); err != nil {
		t.Errorf("written notebook is invalid: %v", err)
	}
	// Reading the written notebook and writing it again changes nothing.
	again, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	data2, err := Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, data2) {
		t.Error("a read and write round trip changed the notebook")
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "the file is empty"},
		{"syntax", "{\n \"cells\": [,]\n}", "not valid JSON at line 2, column"},
		{"trailing", `{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5} x`, "unexpected data after"},
		{"array", `[1]`, "top level is a list"},
		{"v3", `{"worksheets":[],"metadata":{},"nbformat":3,"nbformat_minor":0}`, "version 3; yak reads nbformat 4"},
		{"no cells", `{"metadata":{},"nbformat":4,"nbformat_minor":5}`, `notebook: "cells" is missing`},
		{"bad type", `{"cells":[{"cell_type":"python","metadata":{},"source":""}],"metadata":{},"nbformat":4,"nbformat_minor":4}`,
			`cells[0].cell_type: is "python"`},
		{"missing id", `{"cells":[{"cell_type":"markdown","metadata":{},"source":""}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
			`has no "id"`},
		{"dup id", `{"cells":[{"id":"a","cell_type":"markdown","metadata":{},"source":""},{"id":"a","cell_type":"raw","metadata":{},"source":""}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
			`"a" is also the id of cells[0]`},
		{"code without outputs", `{"cells":[{"id":"a","cell_type":"code","metadata":{},"source":"","execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
			`cells[0]: "outputs" is missing`},
		{"bad output", `{"cells":[{"id":"a","cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":[{"output_type":"stream","name":"stdout","text":5}]}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
			`cells[0].outputs[0].text: is a number`},
		{"bad mime value", `{"cells":[{"id":"a","cell_type":"code","metadata":{},"source":"","execution_count":1,"outputs":[{"output_type":"execute_result","execution_count":1,"metadata":{},"data":{"text/plain":{"x":1}}}]}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
			`data[text/plain]: is an object`},
		{"markdown with outputs", `{"cells":[{"id":"a","cell_type":"markdown","metadata":{},"source":"","outputs":[]}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
			`unexpected key "outputs"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".ipynb")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("err = %v, want %q prefixed with the path", err, tt.want)
			}
		})
	}
	if _, err := Read(filepath.Join(dir, "missing.ipynb")); err == nil || !strings.Contains(err.Error(), "no such notebook") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestUpgradeGivesStableUniqueIDs(t *testing.T) {
	src := `{"cells":[{"cell_type":"markdown","metadata":{},"source":"same"},{"cell_type":"markdown","metadata":{},"source":"same"},{"id":"keep","cell_type":"raw","metadata":{},"source":""}],"metadata":{},"nbformat":4,"nbformat_minor":4}`
	a, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse([]byte(src))
	if a.NBFormatMinor != 5 || a.Cells[2].ID != "keep" || a.Cells[0].ID == a.Cells[1].ID {
		t.Errorf("ids %q %q %q, minor %d", a.Cells[0].ID, a.Cells[1].ID, a.Cells[2].ID, a.NBFormatMinor)
	}
	for i := range a.Cells {
		if a.Cells[i].ID != b.Cells[i].ID {
			t.Errorf("cell %d: id %q then %q; derived ids must be stable", i, a.Cells[i].ID, b.Cells[i].ID)
		}
	}
}

func TestWriteAtomicLeavesNoFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.ipynb")

	// An output that cannot be encoded: nothing is created.
	nb := codeNotebook("x")
	nb.Cells[0].Outputs = []Output{{Type: DisplayData, Data: map[string]any{"application/json": math.NaN()}}}
	if err := Write(path, nb); err == nil {
		t.Fatal("Write of an unencodable notebook succeeded")
	}
	assertOnly(t, dir, nil)

	// An invalid notebook is refused before anything is written, and an
	// existing file is left as it was.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	nb = codeNotebook("x")
	nb.Cells[0].ID = "not valid!"
	if err := Write(path, nb); err == nil || !strings.Contains(err.Error(), "not a valid cell id") {
		t.Fatalf("err = %v, want the invalid id named", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("existing file changed to %q", got)
	}
	assertOnly(t, dir, []string{"out.ipynb"})

	// A failure at the rename (the target is a directory) removes the
	// temporary file.
	target := filepath.Join(dir, "taken")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(target, []byte("data")); err == nil {
		t.Fatal("rename over a non-empty directory succeeded")
	}
	assertOnly(t, dir, []string{"out.ipynb", "taken"})

	// A directory that does not exist: a clear error, nothing created.
	err := WriteFileAtomic(filepath.Join(dir, "nope", "x.ipynb"), []byte("data"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want not-exist", err)
	}
}

func assertOnly(t *testing.T, dir string, want []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("directory holds %q, want %q", got, want)
	}
}

func TestSplitLinesRoundTrip(t *testing.T) {
	for _, s := range []string{"", "a", "a\n", "a\nb", "a\n\nb\n", "\n"} {
		if got := strings.Join(splitLines(s), ""); got != s {
			t.Errorf("splitLines(%q) joins to %q", s, got)
		}
	}
}
