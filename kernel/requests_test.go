package kernel

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
)

func TestCompleteConvertsOffsets(t *testing.T) {
	// "ü" is 2 bytes and 1 code point; "日本" is 6 bytes and 2 code points.
	code := `ü := "日本"; fmt.Pr`
	interp := &mockInterp{}
	interp.complete = Completion{Matches: []string{"Printf", "Println"}, CursorStart: len(code) - 2, CursorEnd: len(code)}
	h := newHarness(t, interp, Config{})
	runes := len([]rune(code))
	reply, _ := h.request("complete_request", map[string]any{"code": code, "cursor_pos": runes})
	c := content(t, reply)
	if interp.cursors[0] != len(code) {
		t.Errorf("interpreter got byte cursor %d, want %d", interp.cursors[0], len(code))
	}
	if c["cursor_start"] != float64(runes-2) || c["cursor_end"] != float64(runes) {
		t.Errorf("cursor_start/end %v %v, want %d %d", c["cursor_start"], c["cursor_end"], runes-2, runes)
	}
	if !reflect.DeepEqual(c["matches"], []any{"Printf", "Println"}) || c["status"] != "ok" {
		t.Errorf("reply %v", c)
	}
	if _, ok := c["metadata"].(map[string]any); !ok {
		t.Errorf("metadata missing: %v", c)
	}
}

func TestOffsets(t *testing.T) {
	code := "aü日b"
	tests := []struct{ cp, b int }{{0, 0}, {1, 1}, {2, 3}, {3, 6}, {4, 7}, {9, 7}, {-1, 0}}
	for _, tt := range tests {
		if got := ByteOffset(code, tt.cp); got != tt.b {
			t.Errorf("ByteOffset(%d) = %d, want %d", tt.cp, got, tt.b)
		}
		if tt.cp >= 0 && tt.cp <= 4 {
			if got := CodePointOffset(code, tt.b); got != tt.cp {
				t.Errorf("CodePointOffset(%d) = %d, want %d", tt.b, got, tt.cp)
			}
		}
	}
}

func ExampleByteOffset() {
	code := `s := "héllo"`
	b := ByteOffset(code, 8) // the cursor after "hé" as Jupyter counts it
	fmt.Println(b, code[:b], CodePointOffset(code, b))
	// Output: 9 s := "hé 8
}

func TestInspectAndIsComplete(t *testing.T) {
	h := newHarness(t, &mockInterp{}, Config{})
	reply, _ := h.request("inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 0})
	if c := content(t, reply); c["found"] != true || c["status"] != "ok" || c["data"].(map[string]any)["text/plain"] == nil {
		t.Errorf("inspect %v", c)
	}
	reply, _ = h.request("inspect_request", map[string]any{"code": "", "cursor_pos": 0})
	if c := content(t, reply); c["found"] != false || len(c["data"].(map[string]any)) != 0 {
		t.Errorf("inspect of nothing %v", c)
	}
	for code, want := range map[string][]any{"x := 1": {"complete", nil}, "func f() {": {"incomplete", "\t"}, "}}": {"invalid", nil}} {
		reply, _ := h.request("is_complete_request", map[string]any{"code": code})
		c := content(t, reply)
		if c["status"] != want[0] || c["indent"] != want[1] {
			t.Errorf("is_complete(%q) = %v, want %v", code, c, want)
		}
	}
}

func TestHistoryRequests(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	h := newHarness(t, &mockInterp{}, Config{HistoryPath: path})
	for _, code := range []string{"a := 1", "b := 2", "a + b", "a + b"} {
		h.execute(code, nil)
	}
	h.execute("not stored", map[string]any{"store_history": false})
	hist := func(req map[string]any) []any {
		t.Helper()
		req["raw"], req["output"] = true, false
		reply, _ := h.request("history_request", req)
		c := content(t, reply)
		if c["status"] != "ok" {
			t.Fatalf("history %v", c)
		}
		return c["history"].([]any)
	}
	tail := hist(map[string]any{"hist_access_type": "tail", "n": 2})
	if !reflect.DeepEqual(tail, []any{[]any{1.0, 3.0, "a + b"}, []any{1.0, 4.0, "a + b"}}) {
		t.Errorf("tail %v", tail)
	}
	rng := hist(map[string]any{"hist_access_type": "range", "session": 0, "start": 2, "stop": 3})
	if !reflect.DeepEqual(rng, []any{[]any{1.0, 2.0, "b := 2"}}) {
		t.Errorf("range %v", rng)
	}
	if s := hist(map[string]any{"hist_access_type": "search", "pattern": "a*"}); len(s) != 3 {
		t.Errorf("search a* %v", s)
	}
	if s := hist(map[string]any{"hist_access_type": "search", "pattern": "a + ?", "unique": true}); len(s) != 1 {
		t.Errorf("unique search %v", s)
	}
	if s := hist(map[string]any{"hist_access_type": "search", "pattern": "*:=*", "n": 1}); !reflect.DeepEqual(s, []any{[]any{1.0, 2.0, "b := 2"}}) {
		t.Errorf("search n=1 %v", s)
	}
	reply, _ := h.request("history_request", map[string]any{"hist_access_type": "tail", "n": 1, "output": true, "raw": true})
	if row := content(t, reply)["history"].([]any)[0].([]any); !reflect.DeepEqual(row[2], []any{"a + b", "a + b"}) {
		t.Errorf("tail with output %v", row)
	}

	// A second kernel on the same file (a restart) sees the first session.
	h2 := newHarness(t, &mockInterp{}, Config{HistoryPath: path})
	h2.execute("c := 3", nil)
	reply, _ = h2.request("history_request", map[string]any{"hist_access_type": "tail", "n": 2, "raw": true, "output": false})
	got := content(t, reply)["history"].([]any)
	want := []any{[]any{1.0, 4.0, "a + b"}, []any{2.0, 1.0, "c := 3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after restart tail %v, want %v", got, want)
	}
	reply, _ = h2.request("history_request", map[string]any{"hist_access_type": "range", "session": -1, "start": 1, "raw": true, "output": false})
	if got := content(t, reply)["history"].([]any); len(got) != 4 {
		t.Errorf("previous session range: %v", got)
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		glob, s string
		want    bool
	}{
		{"a*", "a + b", true}, {"a*", "ba", false}, {"*b", "a\nb", true}, {"a?c", "abc", true},
		{"[ab]x", "bx", true}, {"[!ab]x", "bx", false}, {"1.5", "105", false}, {"[", "[", true},
	}
	for _, tt := range tests {
		re, err := globRegexp(tt.glob)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(tt.s); got != tt.want {
			t.Errorf("glob %q on %q = %v", tt.glob, tt.s, got)
		}
	}
}

func TestComms(t *testing.T) {
	got := make(chan map[string]any, 4)
	commRuns++ // targets are process-wide: fresh names keep go test -count=N working
	test, refuse := fmt.Sprintf("yak.test.%d", commRuns), fmt.Sprintf("yak.refuse.%d", commRuns)
	RegisterCommTarget(test, func(c *Comm, data map[string]any) error {
		got <- data
		c.OnMsg(func(data map[string]any, buffers [][]byte) {
			got <- data
			c.Send(map[string]any{"echo": data["x"]}, []byte{0, 1, 2})
		})
		c.OnClose(func(data map[string]any) { got <- map[string]any{"closed": true} })
		return nil
	})
	RegisterCommTarget(refuse, func(c *Comm, data map[string]any) error { return errors.New("no") })
	names := strings.Join(CommTargets(), " ")
	if !strings.Contains(names, test) || !strings.Contains(names, refuse) || !sort.StringsAreSorted(CommTargets()) {
		t.Errorf("targets %v", names)
	}
	h := newHarness(t, &mockInterp{}, Config{})
	id := h.send(h.shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": test, "data": map[string]any{"hello": 1}})
	h.outputs(id)
	if d := <-got; d["hello"] != 1.0 {
		t.Errorf("open data %v", d)
	}
	reply, _ := h.request("comm_info_request", map[string]any{"target_name": test})
	if comms := content(t, reply)["comms"].(map[string]any); comms["c1"] == nil {
		t.Errorf("comm_info %v", comms)
	}
	id = h.send(h.shell, "comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{"x": "ping"}})
	outs := h.outputs(id)
	if d := <-got; d["x"] != "ping" {
		t.Errorf("msg data %v", d)
	}
	if len(outs) != 1 || outs[0].Header.MsgType != "comm_msg" || len(outs[0].Buffers) != 1 {
		t.Fatalf("comm_msg echo %v", types(outs))
	}
	if c := content(t, outs[0]); c["data"].(map[string]any)["echo"] != "ping" {
		t.Errorf("echo %v", c)
	}
	id = h.send(h.shell, "comm_close", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	h.outputs(id)
	if d := <-got; d["closed"] != true {
		t.Errorf("close %v", d)
	}
	for target, comm := range map[string]string{"nobody": "c2", refuse: "c3"} {
		id = h.send(h.shell, "comm_open", map[string]any{"comm_id": comm, "target_name": target, "data": map[string]any{}})
		outs = h.outputs(id)
		if len(outs) != 1 || outs[0].Header.MsgType != "comm_close" || content(t, outs[0])["comm_id"] != comm {
			t.Errorf("%s: want comm_close, got %v", target, types(outs))
		}
	}
	reply, _ = h.request("comm_info_request", map[string]any{})
	if comms := content(t, reply)["comms"].(map[string]any); len(comms) != 0 {
		t.Errorf("comms left open: %v", comms)
	}
}

var commRuns int

func TestRegisterCommTargetPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"nil":       func() { RegisterCommTarget("yak.nil", nil) },
		"duplicate": func() { RegisterCommTarget("yak.dup", okTarget); RegisterCommTarget("yak.dup", okTarget) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func okTarget(*Comm, map[string]any) error { return nil }

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		for _, sock := range []string{"control", "shell"} {
			interp := &mockInterp{}
			h := newHarness(t, interp, Config{})
			s := h.control
			if sock == "shell" {
				s = h.shell
			}
			h.send(s, "shutdown_request", map[string]any{"restart": restart})
			r := h.next(s)
			if c := content(t, r); r.Header.MsgType != "shutdown_reply" || c["restart"] != restart || c["status"] != "ok" {
				t.Errorf("reply %s %v", r.Header.MsgType, c)
			}
			if err := <-h.done; err != nil {
				t.Errorf("Serve returned %v", err)
			}
			if want := map[bool]int{false: 0, true: 1}[restart]; interp.resets != want {
				t.Errorf("restart=%v on %s: %d resets, want %d", restart, sock, interp.resets, want)
			}
		}
	}
}

func TestStdin(t *testing.T) {
	h := newHarness(t, &mockInterp{exec: func(ctx context.Context, code string, io ExecIO) (*display.Bundle, error) {
		v, err := io.Input("name: ", code == "password")
		if err != nil {
			return nil, err
		}
		fmt.Fprint(io.Stdout(), "hi "+v)
		return nil, nil
	}}, Config{})
	for _, code := range []string{"plain", "password"} {
		id := h.send(h.shell, "execute_request", map[string]any{"code": code, "allow_stdin": true})
		req := h.next(h.stdin)
		c := content(t, req)
		if req.Header.MsgType != "input_request" || parentID(req) != id || c["prompt"] != "name: " || c["password"] != (code == "password") {
			t.Fatalf("input_request %s %v", req.Header.MsgType, c)
		}
		if string(req.Identities[0]) != "client-1" {
			t.Errorf("input_request routed to %q", req.Identities[0])
		}
		h.send(h.stdin, "input_reply", map[string]any{"value": "gopher"})
		if r := content(t, h.next(h.shell)); r["status"] != "ok" {
			t.Fatalf("reply %v", r)
		}
		outs := h.outputs(id)
		if c := content(t, outs[len(outs)-1]); c["text"] != "hi gopher" {
			t.Errorf("output %v", c)
		}
	}
	r, _ := h.execute("no stdin", map[string]any{"allow_stdin": false})
	if r["status"] != "error" || r["evalue"] != ErrStdinNotAllowed.Error() {
		t.Errorf("allow_stdin=false: %v", r)
	}
}

func TestInterruptWhileWaitingForInput(t *testing.T) {
	h := newHarness(t, &mockInterp{exec: func(ctx context.Context, code string, io ExecIO) (*display.Bundle, error) {
		_, err := io.Input("? ", false)
		return nil, err
	}}, Config{})
	id := h.send(h.shell, "execute_request", map[string]any{"code": "read", "allow_stdin": true})
	if req := h.next(h.stdin); req.Header.MsgType != "input_request" {
		t.Fatalf("got %s", req.Header.MsgType)
	}
	h.send(h.control, "interrupt_request", map[string]any{})
	h.next(h.control)
	r := h.next(h.shell)
	if c := content(t, r); parentID(r) != id || c["ename"] != "Interrupted" {
		t.Fatalf("reply %v", c)
	}
}

func TestShutdownInterruptsRunningCell(t *testing.T) {
	started := make(chan struct{})
	h := newHarness(t, &mockInterp{exec: func(ctx context.Context, code string, io ExecIO) (*display.Bundle, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}}, Config{})
	h.send(h.shell, "execute_request", map[string]any{"code": "for {}"})
	<-started
	h.send(h.control, "shutdown_request", map[string]any{"restart": false})
	if r := h.next(h.control); r.Header.MsgType != "shutdown_reply" {
		t.Fatalf("got %s", r.Header.MsgType)
	}
	if err := <-h.done; err != nil {
		t.Fatalf("Serve returned %v", err)
	}
}
