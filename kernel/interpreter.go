package kernel

import (
	"context"
	"errors"
	"io"

	"github.com/yaknb/yak/display"
)

// Interpreter is what the kernel runs code with. The kernel owns the protocol
// bookkeeping (execution counts, execute_input, status, history, replies); the
// interpreter only computes. Interrupts cancel the context given to Execute:
// an interpreter must return promptly (within a second) once ctx is done.
type Interpreter interface {
	// Info describes the language for kernel_info_reply.
	Info() LanguageInfo
	// Execute runs one cell. It writes streams and displays to io as they
	// happen and returns the value of the cell's last expression, if any
	// (nil when the cell ends in a statement or declaration). A failure comes
	// back as an error; an *ExecError carries ename, evalue and traceback.
	Execute(ctx context.Context, code string, io ExecIO) (*display.Bundle, error)
	// Complete lists completions at byte offset cursor (the kernel converts
	// Jupyter's code-point offsets to bytes and back).
	Complete(code string, cursor int) Completion
	// Inspect describes the symbol at cursor; Found is false when nothing is known.
	Inspect(code string, cursor int, detail int) Inspection
	// IsComplete reports "complete", "incomplete" (with Indent) or "invalid".
	IsComplete(code string) (status, indent string)
	// Reset drops all state (kernel restart); Close releases resources.
	Reset() error
	Close() error
}

// ExecIO is the kernel's side of one execution: where a cell's output goes.
// Implementations are safe for concurrent use (cells may print from goroutines).
type ExecIO interface {
	Stdout() io.Writer
	Stderr() io.Writer
	display.Publisher
	// Input asks the front end for a line of text (stdin channel). It returns
	// ErrStdinNotAllowed when the request had allow_stdin false.
	Input(prompt string, password bool) (string, error)
}

// LanguageInfo is the language_info of kernel_info_reply plus the banner.
type LanguageInfo struct {
	Name              string // "go"
	Version           string
	MimeType          string
	FileExtension     string
	PygmentsLexer     string
	CodeMirrorMode    string
	Implementation    string
	ImplementationVer string
	Banner            string
	HelpLinks         []HelpLink
}

// HelpLink is one entry of kernel_info_reply's help_links.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Completion is the body of complete_reply, with byte offsets.
type Completion struct {
	Matches     []string
	CursorStart int
	CursorEnd   int
	Metadata    map[string]any
}

// Inspection is the body of inspect_reply.
type Inspection struct {
	Found bool
	Data  map[string]any // MIME bundle, text/plain at least
}

// ExecError is a failed execution as Jupyter shows it.
type ExecError struct {
	Name      string   // ename, e.g. "CompileError", "panic", "Interrupted"
	Value     string   // evalue
	Traceback []string // lines, may contain ANSI colour codes
}

func (e *ExecError) Error() string { return e.Name + ": " + e.Value }

// ErrStdinNotAllowed is returned by ExecIO.Input when the execute_request had
// allow_stdin false (a front end that cannot answer input requests).
var ErrStdinNotAllowed = errors.New("kernel: this front end does not accept input (allow_stdin is false)")
