package gemm

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// Blocked returns the portable packed implementation: cache blocking, a
// register-tiled micro-kernel in plain Go, and up to threads goroutines
// (0 means GOMAXPROCS). It builds and runs everywhere.
func Blocked(threads int) Impl { return packed{k: goKernel, threads: threads} }

// constructors holds the implementations this build and CPU can run, by
// name. Build-tagged files (assembly, simd, OpenBLAS) add theirs with
// register in a package-level var, which Go runs before any init, so the
// choice of Default in init sees them all.
var constructors = map[string]func(threads int) Impl{
	"reference": func(int) Impl { return Reference{} },
	"blocked":   Blocked,
}

func register(name string, f func(threads int) Impl) bool {
	constructors[name] = f
	return true
}

// Register makes an implementation from another package (such as
// runtime/gemm/openblas) available to New and Names, as database/sql's
// Register does for drivers. It panics on an empty name, a nil constructor or
// a name already taken. If YAK_GEMM names it, it is put in use at once (the
// variable was read before the registering package's init ran).
func Register(name string, f func(threads int) Impl) {
	if name == "" || f == nil {
		panic("gemm: Register with an empty name or nil constructor")
	}
	if _, dup := constructors[name]; dup {
		panic("gemm: Register called twice for " + name)
	}
	constructors[name] = f
	if os.Getenv("YAK_GEMM") == name {
		Use(f(0))
	}
}

// preference lists names fastest first; Default picks the first available.
// OpenBLAS (build tag openblas) is never picked by itself: choose it with
// YAK_GEMM=openblas or Use.
var preference = []string{"avx512", "avx2", "simd", "blocked"}

// aliases are other names YAK_GEMM and New accept.
var aliases = map[string]string{"purego": "blocked"}

// Describe is one line naming the implementation in use and the others this
// build and CPU offer, for `yak version` and bug reports.
func Describe() string {
	return fmt.Sprintf("gemm: %s (available: %s; YAK_GEMM=name selects one); bf16 matmul: %s (available: %s; YAK_BF16)",
		Current().Name(), strings.Join(Names(), ", "), BF16Path(), strings.Join(BF16Paths(), ", "))
}

// Names lists the implementations available in this build on this CPU.
func Names() []string {
	names := make([]string, 0, len(constructors))
	for n := range constructors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the named implementation using up to threads goroutines
// (0 means GOMAXPROCS); see Names for what exists here. "purego" is another
// name for "blocked".
func New(name string, threads int) (Impl, error) {
	if real, ok := aliases[name]; ok {
		name = real
	}
	f, ok := constructors[name]
	if !ok {
		return nil, fmt.Errorf("gemm: no implementation %q in this build (have %s)", name, strings.Join(Names(), ", "))
	}
	return f(threads), nil
}

// fromEnv honours YAK_GEMM=name (for benchmarks and bug hunts), else Default.
func fromEnv() Impl {
	if name := os.Getenv("YAK_GEMM"); name != "" {
		if impl, err := New(name, 0); err == nil {
			return impl
		}
		fmt.Fprintf(os.Stderr, "gemm: YAK_GEMM=%q is not available (have %s); using %s\n",
			name, strings.Join(Names(), ", "), Default().Name())
	}
	return Default()
}

// Default returns the fastest implementation available, on all cores.
func Default() Impl {
	for _, n := range preference {
		if f, ok := constructors[n]; ok {
			return f(0)
		}
	}
	return Reference{}
}
