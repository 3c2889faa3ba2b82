package symbols_test

import (
	"fmt"
	"go/build"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/yaknb/yak/plugins/symbols"
)

func newInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	for _, x := range []interp.Exports{stdlib.Symbols, symbols.Symbols} {
		if err := i.Use(x); err != nil {
			t.Fatal(err)
		}
	}
	return i
}

// TestEveryPackageExported checks that the tables cover every package the
// design promises to notebooks: display, every runtime/* package and every
// package under plugins/ except the machinery (all, magic, symbols). Test
// helper packages (…test) and packages empty without build tags are left out.
func TestEveryPackageExported(t *testing.T) {
	want := []string{"github.com/yaknb/yak/display"}
	for _, root := range []string{"../../runtime", ".."} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			name := d.Name()
			switch {
			case name == "testdata" || name == "internal" || strings.HasSuffix(name, "test"):
				return filepath.SkipDir
			case root == ".." && (name == "all" || name == "magic" || name == "symbols"):
				return filepath.SkipDir
			}
			pkg, err := build.ImportDir(path, 0)
			if err != nil || len(pkg.GoFiles) == 1 && pkg.GoFiles[0] == "doc.go" {
				return nil // no Go files, or only a doc without build tags
			}
			rel, _ := filepath.Rel("../..", path)
			if root == ".." {
				rel, _ = filepath.Rel("..", path)
				rel = "plugins/" + rel
			}
			if pkg.Name != "" && rel != "runtime" && rel != "plugins" {
				want = append(want, "github.com/yaknb/yak/"+filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(want) < 5 {
		t.Fatalf("found only %v: is the walk looking in the right place?", want)
	}
	for _, pkg := range want {
		if len(symbols.Symbols[pkg+"/"+path.Base(pkg)]) == 0 {
			t.Errorf("no symbols for %s: add it to gen.go and run make generate", pkg)
		}
	}
}

// TestInterpretedImplementations passes values of types declared in
// interpreted code to compiled functions that take yak interfaces; the
// generated wrappers must carry the calls back into the interpreter.
func TestInterpretedImplementations(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []string
		want  string // the value of the last cell, printed with %v
	}{
		{
			name: "claps.Scorer called concurrently by the compiled evaluator",
			cells: []string{
				`import ("context"; "strings"; "github.com/yaknb/yak/plugins/claps")`,
				`type keyword struct{ word string }`,
				`func (k keyword) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
					if strings.Contains(input, k.word) { return []float64{-3, -0.1}, nil }
					return []float64{-0.1, -3}, nil
				}`,
				`ev, err := claps.NewEvaluator(keyword{"good"}, claps.SentimentTask(), claps.EvalOptions{Workers: 4})`,
				`res, err := ev.EvaluateOne(context.Background(), "", []claps.Example{{Text: "good film", Label: 1}, {Text: "bad film", Label: 0}, {Text: "dull", Label: 0}})`,
				`res.Accuracy`,
			},
			want: "1",
		},
		{
			name: "registry.Plugin implemented by an interpreted type",
			cells: []string{
				`import "github.com/yaknb/yak/plugins/registry"`,
				`type mine struct{}`,
				`func (mine) Name() string { return "interp-test" }`,
				`func (mine) Version() string { return "0.0.1" }`,
				`func (mine) Summary() string { return "declared in a cell" }`,
				`func (mine) ImportPath() string { return "example.com/mine" }`,
				`func (mine) Example() string { return "" }`,
				`registry.Register(mine{})`,
				`p, err := registry.Lookup("interp-test")`,
				`ok := registry.Unregister("interp-test")`,
				`[]any{p.Name(), p.Version(), err, ok, registry.HasSelfTest(p), registry.DocOf(p) == ""}`,
			},
			want: "[interp-test 0.0.1 <nil> true false true]",
		},
		{
			name: "optional registry capabilities of an interpreted plugin type",
			cells: []string{
				`import ("errors"; "io"; "github.com/yaknb/yak/display"; "github.com/yaknb/yak/plugins/registry")`,
				`type full struct{}`,
				`func (full) Name() string { return "interp-full" }`,
				`func (full) Version() string { return "1.0.0" }`,
				`func (full) Summary() string { return "every capability" }`,
				`func (full) ImportPath() string { return "example.com/full" }`,
				`func (full) Example() string { return "full.Go()" }`,
				`func (full) Doc() string { return "long doc" }`,
				`func (full) SelfTest() error { return errors.New("checked") }`,
				`func (full) Magics() map[string]registry.Magic { return map[string]registry.Magic{"full": func(string, io.Writer) error { return nil }} }`,
				`func (full) DisplayBundle() display.Bundle { return display.HTML("<b>full</b>") }`,
				`type docOnly struct{}
				func (docOnly) Name() string { return "interp-doc" }
				func (docOnly) Version() string { return "1.0.0" }
				func (docOnly) Summary() string { return "a doc and nothing else" }
				func (docOnly) ImportPath() string { return "example.com/doc" }
				func (docOnly) Example() string { return "" }
				func (docOnly) Doc() string { return "only a doc" }`,
				`registry.Register(full{})`,
				`registry.Register(docOnly{})`,
				`func presents(p registry.Plugin) bool { _, ok := p.(registry.Presenter); return ok }`,
				`f, _ := registry.Lookup("interp-full")`,
				`d, _ := registry.Lookup("interp-doc")`,
				`registry.Unregister("interp-full")`,
				`registry.Unregister("interp-doc")`,
				`[]any{registry.DocOf(f), registry.SelfTest(f), len(registry.MagicsOf(f)), registry.DocOf(d), registry.HasSelfTest(d), len(registry.MagicsOf(d)), presents(f), presents(d)}`,
			},
			want: `[long doc registry: self-test of plugin "interp-full" failed: checked 1 only a doc false 0 true false]`,
		},
		{
			name: "bandit.Policy and bandit.Environment declared in cells, run by compiled TrueValue",
			cells: []string{
				`import "github.com/yaknb/yak/plugins/bandit"`,
				`type env struct{}`,
				`func (env) Arms() int { return 2 }`,
				`func (env) Dim() int { return 1 }`,
				`func (env) Round(seed uint64, t int, x, rewards []float64) error {
					x[0] = float64(t % 2)
					rewards[0], rewards[1] = 1-x[0], x[0]
					return nil
				}`,
				`type oracle struct{}`,
				`func (oracle) Name() string { return "oracle" }`,
				`func (oracle) Start(arms, dim int, seed uint64) error { return nil }`,
				`func (oracle) Choose(t int, x, probs []float64) (int, error) {
					a := int(x[0])
					probs[a], probs[1-a] = 1, 0
					return a, nil
				}`,
				`func (oracle) Update(t int, x []float64, arm int, reward float64) error { return nil }`,
				`func (o oracle) Clone() bandit.Policy { return o }`,
				`v, err := bandit.TrueValue(env{}, oracle{}, 1, 0, 10)`,
				`[]any{v, err}`,
			},
			want: "[1 <nil>]",
		},
		{
			name: "gemm.Impl installed from interpreted code",
			cells: []string{
				`import "github.com/yaknb/yak/runtime/gemm"`,
				`type counting struct{ calls *int; gemm.Reference }`,
				`func (c counting) Name() string { return "counting" }`,
				`func (c counting) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c2 []float32, ldc int) {
					*c.calls++
					gemm.Reference{}.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c2, ldc)
				}`,
				`calls := 0`,
				`prev := gemm.Use(counting{calls: &calls})`,
				`out := make([]float32, 1)`,
				`gemm.Sgemm(false, false, 1, 1, 2, 1, []float32{1, 2}, 2, []float32{3, 4}, 1, 0, out, 1)`,
				`gemm.Use(prev)`,
				`[]any{gemm.Current().Name() != "counting", calls, out[0]}`,
			},
			want: "[true 1 11]",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := newInterp(t)
			var last any
			for _, c := range tc.cells {
				v, err := i.Eval(c)
				if err != nil {
					t.Fatalf("%s\n%v", c, err)
				}
				if v.IsValid() && v.CanInterface() {
					last = v.Interface()
				}
			}
			if got := strings.TrimSpace(strings.ReplaceAll(fmt.Sprint(last), "\n", " ")); got != tc.want {
				t.Errorf("last value = %s, want %s", got, tc.want)
			}
		})
	}
}
