package goengine

import "github.com/yaknb/yak/kernel"

// Complete lists completions at byte offset cursor.
func (e *Engine) Complete(code string, cursor int) kernel.Completion {
	return kernel.Completion{CursorStart: cursor, CursorEnd: cursor}
}

// Inspect describes the symbol at cursor.
func (e *Engine) Inspect(code string, cursor int, detail int) kernel.Inspection {
	return kernel.Inspection{}
}

// IsComplete reports whether code is ready to run.
func (e *Engine) IsComplete(code string) (string, string) { return "complete", "" }
