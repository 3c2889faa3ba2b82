package main

import (
	"context"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel/goengine"
)

var modes = []string{"yaegi", "whole", "split"}

func main() {
	dir := flag.String("dir", "", "directory of programs P.go with their expected output P.out")
	yaegiDir := flag.String("yaegi", "", "yaegi's _test directory (expected output in // Output: comments)")
	update := flag.Bool("update", false, "write P.out of -dir with `go run`")
	one := flag.String("one", "", "child: run this program")
	mode := flag.String("mode", "whole", "child: yaegi, whole or split")
	jobs := flag.Int("j", 2, "programs run at once")
	timeout := flag.Duration("timeout", 20*time.Second, "deadline of one run")
	verbose := flag.Bool("v", false, "list every failure with its first lines of difference")
	interpOnly := flag.Bool("interp", false, "run main() in the interpreter only (YAK_GO=off in the children), as yak did before compiled programs")
	gorun := flag.String("gorun", "", "with -yaegi: expected output from `go run` under this Go (a go.mod of its version), cached in this directory; programs that go run rejects are left out")
	flag.Parse()
	if *one != "" {
		os.Exit(child(*one, *mode))
	}
	if *interpOnly {
		os.Setenv("YAK_GO", "off") // the children inherit it
	}
	var progs []program
	var err error
	for _, d := range []*string{dir, yaegiDir} {
		if *d != "" {
			*d, _ = filepath.Abs(*d)
		}
	}
	switch {
	case *dir != "":
		progs, err = ownPrograms(*dir, *update)
	case *yaegiDir != "":
		progs, err = yaegiPrograms(*yaegiDir)
		if err == nil && *gorun != "" {
			progs, err = goRunOutputs(progs, *gorun, *jobs)
		}
	default:
		err = fmt.Errorf("give -dir or -yaegi")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(2)
	}
	if *update {
		return
	}
	self, _ := os.Executable()
	type result struct {
		prog, mode, got string
		ok              bool
	}
	results := make([]result, len(progs)*len(modes))
	var wg sync.WaitGroup
	sem := make(chan bool, *jobs)
	for i, p := range progs {
		for j, m := range modes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- true
				defer func() { <-sem }()
				ctx, cancel := context.WithTimeout(context.Background(), *timeout)
				defer cancel()
				cmd := exec.CommandContext(ctx, self, "-one", p.path, "-mode", m)
				cmd.Dir = filepath.Dir(p.path)
				out, err := cmd.CombinedOutput()
				got := string(out)
				ok := err == nil && norm(got) == norm(p.want)
				if err != nil {
					got += "\n[" + err.Error() + "]"
				}
				results[i*len(modes)+j] = result{p.path, m, got, ok}
			}()
		}
	}
	wg.Wait()
	pass := map[string]int{}
	for _, r := range results {
		if r.ok {
			pass[r.mode]++
		} else if *verbose {
			fmt.Printf("FAIL %s %s: %s\n", r.mode, filepath.Base(r.prog), firstLines(r.got, 3))
		}
	}
	fmt.Printf("%d programs\n", len(progs))
	for _, m := range modes {
		fmt.Printf("%-6s %4d/%d passed (%.1f%%)\n", m, pass[m], len(progs), 100*float64(pass[m])/float64(len(progs)))
	}
}

type program struct {
	path, want string
}

// norm drops trailing white space and yak's own notes ("yak: added
// import ...", "yak: f waits for g ..."), which are not the program's
// output. A carriage return counts as a line break: the expected outputs
// of the public corpora were recorded with universal newlines (a program
// that prints "\r" has "\n" there).
func norm(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "yak: ") {
			lines = append(lines, strings.TrimRight(l, " \t\r"))
		}
	}
	// Trimmed after the notes are dropped: output that starts with white
	// space after a note must compare equal to the same output alone.
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, " | ")
}

// ownPrograms lists dir's programs and their .out files.
func ownPrograms(dir string, update bool) ([]program, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no programs in %s", dir)
	}
	sort.Strings(files)
	var progs []program
	for _, f := range files {
		outFile := strings.TrimSuffix(f, ".go") + ".out"
		if update {
			cmd := exec.Command("go", "run", filepath.Base(f))
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				return nil, fmt.Errorf("go run %s: %v\n%s", f, err, out)
			}
			if err := os.WriteFile(outFile, out, 0o644); err != nil {
				return nil, err
			}
			continue
		}
		want, err := os.ReadFile(outFile)
		if err != nil {
			return nil, fmt.Errorf("%s has no expected output (run with -update): %v", f, err)
		}
		progs = append(progs, program{f, string(want)})
	}
	return progs, nil
}

// yaegiPrograms selects yaegi's test programs that are self-contained
// programs with an expected output: package main, a main function, an
// `// Output:` comment, and imports of the standard library only.
func yaegiPrograms(dir string) ([]program, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no programs in %s", dir)
	}
	sort.Strings(files)
	var progs []program
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		s := string(src)
		i := strings.Index(s, "\n// Output:\n")
		if i < 0 || strings.Contains(s, "// Error:") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil || file.Name.Name != "main" || !strings.Contains(s, "func main()") {
			continue
		}
		local := false
		for _, im := range file.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
				local = true
			}
		}
		if local {
			continue
		}
		var want []string
		for _, l := range strings.Split(s[i+len("\n// Output:\n"):], "\n") {
			if !strings.HasPrefix(l, "//") {
				break
			}
			want = append(want, strings.TrimPrefix(strings.TrimPrefix(l, "//"), " "))
		}
		progs = append(progs, program{f, strings.Join(want, "\n")})
	}
	return progs, nil
}

// child runs one program in one mode, printing what it prints; a failure
// prints the error and exits 1.
func child(path, mode string) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	if mode == "yaegi" {
		ip := interp.New(interp.Options{GoPath: os.Getenv("GOPATH")})
		ip.Use(stdlib.Symbols)
		if _, err := ip.Eval(string(src)); err != nil {
			fmt.Println(err)
			return 1
		}
		return 0
	}
	cells, err := cellsOf(string(src), mode == "split")
	if err != nil {
		fmt.Println(err)
		return 1
	}
	e, err := goengine.New(goengine.Options{})
	if err != nil {
		fmt.Println(err)
		return 1
	}
	xio := &execIO{}
	for _, c := range cells {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		b, err := e.Execute(ctx, c, xio)
		cancel()
		if err != nil {
			os.Stdout.Sync()
			fmt.Printf("\n[cell %q: %v]\n", firstLines(c, 1), err)
			return 1
		}
		if b != nil {
			// Programs do not show values; a cell that does would print.
			fmt.Print(b.Data["text/plain"])
		}
	}
	e.Close()
	return 0
}

// cellsOf cuts a program into cells: without its package clause, as one
// cell or one per top-level declaration (the imports together), then a cell
// that calls main.
func cellsOf(src string, split bool) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	if !split {
		body := src[off(f.Name.End()):]
		return []string{body, "main()"}, nil
	}
	var cells []string
	var imports []string
	for _, d := range f.Decls {
		start := d.Pos()
		if g, ok := d.(*ast.GenDecl); ok && g.Doc != nil {
			start = g.Doc.Pos()
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
			start = fd.Doc.Pos()
		}
		text := src[off(start):off(d.End())]
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			imports = append(imports, text)
			continue
		}
		cells = append(cells, text)
	}
	if len(imports) > 0 {
		cells = append([]string{strings.Join(imports, "\n")}, cells...)
	}
	return append(cells, "main()"), nil
}

// execIO sends a cell's output to the process's standard output.
type execIO struct{}

func (execIO) Stdout() io.Writer                  { return os.Stdout }
func (execIO) Stderr() io.Writer                  { return os.Stdout }
func (execIO) Publish(b display.Bundle, _ bool)   {}
func (execIO) Clear(bool)                         {}
func (execIO) Input(string, bool) (string, error) { return "", io.EOF }

// goRunOutputs replaces the expected output of each program by what `go
// run` prints (yaegi's comments hold Go 1.21's output: loop variables
// changed in Go 1.22), running each program in a directory of its own
// with a go.mod of this Go's version; results are cached in dir.
func goRunOutputs(progs []program, dir string, jobs int) ([]program, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ver, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return nil, err
	}
	goVer := strings.TrimPrefix(strings.TrimSpace(string(ver)), "go")
	if i := strings.Index(goVer, "."); i > 0 {
		if j := strings.Index(goVer[i+1:], "."); j > 0 {
			goVer = goVer[:i+1+j]
		}
	}
	out := make([]*program, len(progs))
	var wg sync.WaitGroup
	sem := make(chan bool, jobs)
	for i, p := range progs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- true
			defer func() { <-sem }()
			base := strings.TrimSuffix(filepath.Base(p.path), ".go")
			cache := filepath.Join(dir, base+".out")
			if b, err := os.ReadFile(cache); err == nil {
				if !strings.HasPrefix(string(b), "!go run failed") {
					out[i] = &program{p.path, string(b)}
				}
				return
			}
			work := filepath.Join(dir, "w-"+base)
			os.MkdirAll(work, 0o755)
			defer os.RemoveAll(work)
			src, _ := os.ReadFile(p.path)
			os.WriteFile(filepath.Join(work, "main.go"), src, 0o644)
			os.WriteFile(filepath.Join(work, "go.mod"), []byte("module corpus\n\ngo "+goVer+"\n"), 0o644)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, "go", "run", ".")
			cmd.Dir = work
			b, err := cmd.CombinedOutput()
			if err != nil {
				os.WriteFile(cache, []byte("!go run failed: "+err.Error()+"\n"+string(b)), 0o644)
				return
			}
			os.WriteFile(cache, b, 0o644)
			out[i] = &program{p.path, string(b)}
		}()
	}
	wg.Wait()
	var kept []program
	for _, p := range out {
		if p != nil {
			kept = append(kept, *p)
		}
	}
	return kept, nil
}
