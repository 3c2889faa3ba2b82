// Command stdgen writes kernel/stdlib's symbol tables: for each package of
// the standard library of the Go toolchain that runs it, yaegi's extractor
// (github.com/traefik/yaegi/extract, the code behind `yaegi extract`) writes
// the table, and stdgen turns the extractor's init function, which would
// build every map when the yak binary starts, into a registration of a
// function that builds the map on first import.
//
// Run by go generate in kernel/stdlib (make generate); make check-generated
// runs it again and fails when the committed files differ, as they do after
// a toolchain upgrade that changed the standard library.
package main

import (
	"bytes"
	"fmt"
	"go/build"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/traefik/yaegi/extract"
)

// skipped are importable standard packages that get no table, with why.
var skipped = map[string]string{
	"unsafe":                 "yaegi's own stdlib/unsafe provides it (its builtins need interpreter support)",
	"syscall":                "generated per platform below",
	"runtime/cgo":            "needs cgo; nothing for cells in it",
	"runtime/race":           "only in race-enabled builds",
	"runtime/coverage":       "only meaningful in coverage builds",
	"plugin":                 "loads compiled plugins; needs cgo",
	"time/tzdata":            "no exported symbols; importing it would embed the time zone database in yak",
	"expvar":                 "registers /debug/vars on http.DefaultServeMux when linked: every notebook's server would serve it",
	"net/http/pprof":         "registers /debug/pprof on http.DefaultServeMux when linked: every notebook's server would serve it",
	"crypto/mlkem/mlkemtest": "test helper",
	"testing/cryptotest":     "test helper",
	"log/syslog":             "not on every platform yak builds for",
}

// syscallPlatforms get a syscall table each (file name suffixes restrict
// each file to its platform).
var syscallPlatforms = [][2]string{{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "amd64"}, {"darwin", "arm64"}}

func main() {
	log.SetFlags(0)
	log.SetPrefix("stdgen: ")
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		log.Fatalf("go list std: %v", err)
	}
	var pkgs []string
	list := strings.Fields(string(out))
	only := len(os.Args) > 1 // stdgen PKG...: just those (while working on the generator)
	if only {
		list = os.Args[1:]
	}
	for _, p := range list {
		if strings.Contains(p, "internal") || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "cmd/") {
			continue
		}
		if _, skip := skipped[p]; skip {
			continue
		}
		pkgs = append(pkgs, p)
	}
	if !only {
		old, _ := filepath.Glob("sym_*.go")
		for _, f := range old {
			os.Remove(f)
		}
	}

	var (
		mu   sync.Mutex
		errs []string
		wg   sync.WaitGroup
		work = make(chan string)
	)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for p := range work {
				if err := write(p, "sym_"+fileName(p)+".go"); err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
				}
			}
		})
	}
	for _, p := range pkgs {
		work <- p
	}
	close(work)
	wg.Wait()
	// The extractor reads the platform from go/build's default context.
	for _, pl := range syscallPlatforms {
		if only {
			break
		}
		build.Default.GOOS, build.Default.GOARCH = pl[0], pl[1]
		if err := write("syscall", "sym_syscall_"+pl[0]+"_"+pl[1]+".go"); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		log.Fatal(strings.Join(errs, "\n"))
	}
}

func fileName(importPath string) string {
	return strings.NewReplacer("/", "_", ".", "_").Replace(importPath)
}

var (
	buildLine = regexp.MustCompile(`(?m)^//(go:build| \+build) .*\n`)
	initStart = regexp.MustCompile(`func init\(\) \{\n\tSymbols\[("[^"]+")\] = map\[string\]reflect\.Value\{`)
)

// write extracts importPath's table and rewrites its init function from
//
//	func init() { Symbols["fmt/fmt"] = map[string]reflect.Value{...} }
//
// into
//
//	func init() { register("fmt/fmt", func() map[string]reflect.Value { return map[string]reflect.Value{...} }) }
func write(importPath, file string) error {
	ext := extract.Extractor{Dest: "stdlib"}
	var buf bytes.Buffer
	if _, err := ext.Extract(importPath, "", &buf); err != nil {
		return fmt.Errorf("%s: %v", importPath, err)
	}
	src := buf.String()
	// The go directive of go.mod already requires this toolchain's Go.
	src = buildLine.ReplaceAllString(src, "")
	loc := initStart.FindStringSubmatchIndex(src)
	if loc == nil {
		return fmt.Errorf("%s: the extractor's output has no init function of the expected form", importPath)
	}
	key := src[loc[2]:loc[3]]
	closing := "\n\t}\n}\n"
	if strings.HasPrefix(src[loc[1]:], "}\n}\n") { // a package without symbols
		closing = "}\n}\n"
	}
	end := strings.Index(src[loc[1]:], closing)
	if end < 0 {
		return fmt.Errorf("%s: the extractor's init function does not end as expected", importPath)
	}
	end += loc[1]
	src = src[:loc[0]] +
		"func init() {\n\tregister(" + key + ", func() map[string]reflect.Value {\n\t\treturn map[string]reflect.Value{" +
		src[loc[1]:end] + "\n\t\t}\n\t})\n}\n" + src[end+len(closing):]
	b, err := format.Source([]byte(src))
	if err != nil {
		return fmt.Errorf("%s: %v", importPath, err)
	}
	return os.WriteFile(file, b, 0o644)
}
