package kernel

import (
	"encoding/json"
	"unicode/utf8"
)

func (k *Kernel) kernelInfo(m *Message) (string, any) {
	li := k.interp.Info()
	links := li.HelpLinks
	if links == nil {
		links = []HelpLink{}
	}
	impl := li.Implementation
	if impl == "" {
		impl = "yak"
	}
	ver := li.ImplementationVer
	if ver == "" {
		ver = k.cfg.Version
	}
	return "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         impl,
		"implementation_version": ver,
		"language_info": map[string]any{
			"name":               li.Name,
			"version":            li.Version,
			"mimetype":           li.MimeType,
			"file_extension":     li.FileExtension,
			"pygments_lexer":     li.PygmentsLexer,
			"codemirror_mode":    li.CodeMirrorMode,
			"nbconvert_exporter": "script",
		},
		"banner":     li.Banner,
		"help_links": links,
		"debugger":   false,
	}
}

type codeCursor struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// cursor is the request's cursor as a byte offset; a missing cursor means
// the end of the code, as the protocol allows.
func (c codeCursor) cursor() int {
	if c.CursorPos == nil {
		return len(c.Code)
	}
	return ByteOffset(c.Code, *c.CursorPos)
}

func (k *Kernel) complete(m *Message) (string, any) {
	var req codeCursor
	if err := json.Unmarshal(m.Content, &req); err != nil {
		return badRequest("complete_reply", err)
	}
	c := k.interp.Complete(req.Code, req.cursor())
	matches := c.Matches
	if matches == nil {
		matches = []string{}
	}
	return "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": CodePointOffset(req.Code, c.CursorStart),
		"cursor_end":   CodePointOffset(req.Code, c.CursorEnd),
		"metadata":     orEmptyMap(c.Metadata),
	}
}

func (k *Kernel) inspect(m *Message) (string, any) {
	var req codeCursor
	if err := json.Unmarshal(m.Content, &req); err != nil {
		return badRequest("inspect_reply", err)
	}
	in := k.interp.Inspect(req.Code, req.cursor(), req.DetailLevel)
	data := orEmptyMap(in.Data)
	if !in.Found {
		data = map[string]any{}
	}
	return "inspect_reply", map[string]any{"status": "ok", "found": in.Found, "data": data, "metadata": map[string]any{}}
}

func (k *Kernel) isComplete(m *Message) (string, any) {
	var req codeCursor
	if err := json.Unmarshal(m.Content, &req); err != nil {
		return badRequest("is_complete_reply", err)
	}
	status, indent := k.interp.IsComplete(req.Code)
	switch status {
	case "complete", "invalid", "unknown":
		return "is_complete_reply", map[string]any{"status": status}
	case "incomplete":
		return "is_complete_reply", map[string]any{"status": status, "indent": indent}
	}
	return "is_complete_reply", map[string]any{"status": "unknown"}
}

func (k *Kernel) history(m *Message) (string, any) {
	var req HistoryRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		return badRequest("history_reply", err)
	}
	entries, err := k.hist.Query(req)
	if err != nil {
		return badRequest("history_reply", err)
	}
	return "history_reply", map[string]any{"status": "ok", "history": historyRows(entries, req.Output)}
}

func (k *Kernel) commInfo(m *Message) (string, any) {
	var req struct {
		TargetName string `json:"target_name"`
	}
	_ = json.Unmarshal(m.Content, &req)
	return "comm_info_reply", map[string]any{"status": "ok", "comms": k.comms.info(req.TargetName)}
}

// shutdown replies, then stops Serve. With restart the interpreter is reset
// first; the process still ends because Jupyter clients restart a kernel by
// waiting for its process to exit and launching a new one.
func (k *Kernel) shutdown(m *Message) (string, any) {
	var req struct {
		Restart bool `json:"restart"`
	}
	_ = json.Unmarshal(m.Content, &req)
	k.Interrupt()
	if req.Restart {
		if err := k.interp.Reset(); err != nil {
			k.log.Error("kernel: reset on restart failed", "err", err)
		}
	}
	return "shutdown_reply", map[string]any{"status": "ok", "restart": req.Restart}
}

func (k *Kernel) interrupt(m *Message) (string, any) {
	k.Interrupt()
	return "interrupt_reply", map[string]any{"status": "ok"}
}

func badRequest(replyType string, err error) (string, any) {
	return replyType, map[string]any{"status": "error", "ename": "BadRequest",
		"evalue": err.Error(), "traceback": []string{"BadRequest: " + err.Error()}}
}

// ByteOffset converts a Jupyter cursor (unicode code points) into a byte
// offset into code, clamped to the code's length.
func ByteOffset(code string, codePoints int) int {
	if codePoints <= 0 {
		return 0
	}
	n := 0
	for i := range code {
		if n == codePoints {
			return i
		}
		n++
	}
	return len(code)
}

// CodePointOffset converts a byte offset into code into code points, the
// unit Jupyter front ends count cursors in.
func CodePointOffset(code string, bytes int) int {
	if bytes <= 0 {
		return 0
	}
	if bytes > len(code) {
		bytes = len(code)
	}
	return utf8.RuneCountInString(code[:bytes])
}
