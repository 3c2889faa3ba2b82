package gobuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/yaknb/yak/kernel/goengine/internal/childproc"
)

// Builder builds programs in a temporary module of its own, one at a time.
// The build cache is the user's (GOCACHE), so a program built again, or
// one that differs a little, builds in a fraction of the first time.
type Builder struct {
	tc   *Toolchain
	dir  string
	last []byte // the source and module files of the binary in dir, if it built
}

// NewBuilder makes the temporary module directory; Close removes it.
func NewBuilder(tc *Toolchain) (*Builder, error) {
	dir, err := os.MkdirTemp("", "yak-gobuild-")
	if err != nil {
		return nil, fmt.Errorf("gobuild: cannot make a build directory: %w", err)
	}
	return &Builder{tc: tc, dir: dir}, nil
}

// Toolchain is the toolchain the builder uses.
func (b *Builder) Toolchain() *Toolchain { return b.tc }

// Close removes the build directory and the last binary.
func (b *Builder) Close() error { return os.RemoveAll(b.dir) }

// ModuleName is the module path of the programs built (package main).
const ModuleName = "yakprogram"

// moduleFiles are the go.mod and go.sum of a build: those of the module in
// modDir, or a go.mod of the toolchain's language version alone when
// modDir is "".
func (b *Builder) moduleFiles(modDir string) (gomod, gosum []byte, err error) {
	if modDir == "" {
		return []byte("module " + ModuleName + "\n\ngo " + b.tc.Lang() + "\n"), nil, nil
	}
	gomod, err = os.ReadFile(filepath.Join(modDir, "go.mod"))
	if err != nil {
		return nil, nil, fmt.Errorf("gobuild: the program's module: %w", err)
	}
	gosum, err = os.ReadFile(filepath.Join(modDir, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("gobuild: the program's module: %w", err)
	}
	return gomod, gosum, nil
}

// buildKey is what a binary was built from.
func buildKey(src, gomod, gosum []byte) []byte {
	return slices.Concat(src, []byte("\x00"), gomod, []byte("\x00"), gosum)
}

// Reuses reports whether BuildIn(src, modDir) would return the binary it
// built last without running go build.
func (b *Builder) Reuses(src []byte, modDir string) bool {
	gomod, gosum, err := b.moduleFiles(modDir)
	if err != nil || b.last == nil || !bytes.Equal(buildKey(src, gomod, gosum), b.last) {
		return false
	}
	_, err = os.Stat(filepath.Join(b.dir, "program"))
	return err == nil
}

// Build writes src as the module's main.go and builds it; it returns the
// binary's path. src imports the standard library only. A program that
// does not compile returns a *BuildError.
func (b *Builder) Build(ctx context.Context, src []byte) (string, error) {
	return b.BuildIn(ctx, src, "")
}

// BuildIn builds src as Build does, with the go.mod and go.sum of the
// module in modDir (one that `go get` filled, say): src may import the
// packages of the modules it requires, which come from the module cache
// (offline once go get fetched them). GOFLAGS is the user's with -mod=mod
// after it, as go get had: a go.sum entry that go get did not record is
// fetched through GOPROXY rather than failing the build.
func (b *Builder) BuildIn(ctx context.Context, src []byte, modDir string) (string, error) {
	bin := filepath.Join(b.dir, "program")
	gomod, gosum, err := b.moduleFiles(modDir)
	if err != nil {
		return "", err
	}
	key := buildKey(src, gomod, gosum)
	if b.last != nil && bytes.Equal(key, b.last) {
		if _, err := os.Stat(bin); err == nil {
			// The same program again (main() run twice): go build would
			// only link it anew.
			return bin, nil
		}
	}
	b.last = nil
	if err := os.WriteFile(filepath.Join(b.dir, "go.mod"), gomod, 0o644); err != nil {
		return "", fmt.Errorf("gobuild: %w", err)
	}
	sum := filepath.Join(b.dir, "go.sum")
	if gosum == nil {
		err = os.Remove(sum)
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
	} else {
		err = os.WriteFile(sum, gosum, 0o644)
	}
	if err != nil {
		return "", fmt.Errorf("gobuild: %w", err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "main.go"), src, 0o644); err != nil {
		return "", fmt.Errorf("gobuild: %w", err)
	}
	// -w: no DWARF tables (nothing debugs these binaries; tracebacks use
	// the line tables, which stay): the link, most of a warm build, takes
	// about a third less.
	cmd := exec.Command(b.tc.Go, "build", "-ldflags=-w", "-o", bin, ".")
	cmd.Dir = b.dir
	cmd.Env = buildEnv()
	if modDir != "" {
		cmd.Env = append(cmd.Env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	}
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	// go build runs the compiler and the linker as its own children: its
	// process group is killed whole on cancel (no grace: nothing of a
	// build is worth finishing), which leaves none of them running
	// (killing go alone would orphan them).
	cmd.WaitDelay = 5 * time.Second
	err = childproc.Run(ctx, cmd, 0)
	out := buf.Bytes()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		msgs := parseMessages(string(out))
		if len(msgs) == 0 {
			return "", fmt.Errorf("gobuild: go build failed: %v\n%s", err, bytes.TrimSpace(out))
		}
		return "", &BuildError{Output: string(out), Messages: msgs}
	}
	b.last = key
	return bin, nil
}

// BuildError is a program that the compiler rejected.
type BuildError struct {
	Output   string    // what go build printed
	Messages []Message // the positioned messages in it
}

func (e *BuildError) Error() string {
	var lines []string
	for _, m := range e.Messages {
		lines = append(lines, m.String())
	}
	return strings.Join(lines, "\n")
}

// Message is one compiler message. File and Line are those of the
// source's //line directives when it has them.
type Message struct {
	File      string
	Line, Col int // Col 0: the compiler gave none
	Text      string
}

func (m Message) String() string {
	if m.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", m.File, m.Line, m.Col, m.Text)
	}
	return fmt.Sprintf("%s:%d: %s", m.File, m.Line, m.Text)
}

var messageRE = regexp.MustCompile(`^(\S.*?):(\d+)(?::(\d+))?: (.*)$`)

// parseMessages picks the positioned messages out of go build's output:
// "# pkg" headers are dropped, an indented line continues the message
// above it (the compiler's "have/want" lines).
func parseMessages(out string) []Message {
	var msgs []Message
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimRight(l, "\r")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if m := messageRE.FindStringSubmatch(l); m != nil {
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			msgs = append(msgs, Message{File: strings.TrimPrefix(m[1], "./"), Line: line, Col: col, Text: m[4]})
			continue
		}
		if len(msgs) > 0 && (strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " ")) {
			msgs[len(msgs)-1].Text += "\n" + l
		}
	}
	return msgs
}
