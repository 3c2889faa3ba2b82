package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/yaknb/yak/display"
)

type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orTrue(b *bool) bool { return b == nil || *b }

// execute runs one cell. It reports whether the cell failed with
// stop_on_error, in which case the caller aborts the queued requests once
// this one is idle.
func (k *Kernel) execute(ctx context.Context, m *Message) (abort bool) {
	var req executeRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.log.Warn("kernel: dropping execute_request with malformed content", "err", err)
		k.reply(k.shell, m, "execute_reply", map[string]any{"status": "error", "ename": "BadRequest",
			"evalue": err.Error(), "traceback": []string{}, "execution_count": k.execCount})
		return false
	}
	store := !req.Silent && orTrue(req.StoreHistory)
	if store {
		k.execCount++
	}
	count := k.execCount
	// The cell is interruptible from before execute_input is published, so
	// a front end that interrupts as soon as it sees the cell start is heard.
	cellCtx, cancel := context.WithCancel(ctx)
	k.cellMu.Lock()
	k.cancelCell = cancel
	k.cellMu.Unlock()
	if !req.Silent {
		k.publish(m, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}
	cio := k.newCellIO(cellCtx, m, req.Silent, orTrue(req.AllowStdin))
	result, err := k.run(cellCtx, req.Code, cio)
	interrupted := cellCtx.Err() != nil
	var exprs map[string]any
	if err == nil { // user expressions run under the cell's context, so an interrupt stops them too
		exprs = k.userExpressions(cellCtx, req.UserExpressions)
	}
	k.cellMu.Lock()
	k.cancelCell = nil
	k.cellMu.Unlock()
	cancel()
	cio.streams.Flush()

	// History is written before the reply, so that nothing but the idle
	// status follows the reply (clients read IOPub with short timeouts).
	output := ""
	if err == nil && result != nil {
		output, _ = result.Data["text/plain"].(string)
	}
	if store {
		if herr := k.hist.Add(req.Code, output); herr != nil {
			k.log.Error("kernel: history not saved", "err", herr)
		}
	}
	if errors.Is(err, ErrExit) {
		k.reply(k.shell, m, "execute_reply", map[string]any{"status": "ok", "execution_count": count,
			"user_expressions": map[string]any{}, "payload": askExit()})
		k.exitAsked = true
		return false
	}
	if err != nil {
		ee := toExecError(err, interrupted)
		if !req.Silent {
			k.publish(m, "error", map[string]any{"ename": ee.Name, "evalue": ee.Value, "traceback": ee.Traceback})
		}
		// Requests that arrive after this reply may answer it (a front end
		// that saw the error and sent the next cell): only earlier ones abort.
		k.abortBefore = time.Now()
		k.reply(k.shell, m, "execute_reply", map[string]any{"status": "error", "execution_count": count,
			"ename": ee.Name, "evalue": ee.Value, "traceback": ee.Traceback})
		return orTrue(req.StopOnError)
	}
	if result != nil && len(result.Data) > 0 && !req.Silent {
		k.publish(m, "execute_result", map[string]any{"execution_count": count,
			"data": result.Data, "metadata": orEmptyMap(result.Metadata)})
	}
	k.reply(k.shell, m, "execute_reply", map[string]any{"status": "ok", "execution_count": count,
		"user_expressions": exprs, "payload": []any{}})
	return false
}

// abortQueued answers as aborted every execute_request received before the
// failed cell's reply was sent; other requests, and any request received
// after that reply, are served normally, in order.
func (k *Kernel) abortQueued(ctx context.Context, queue chan *Message) {
	for {
		select {
		case q := <-queue:
			if q.received.After(k.abortBefore) {
				k.handleShell(ctx, q, queue)
				return
			}
			if q.Header.MsgType != "execute_request" {
				k.handleShell(ctx, q, queue)
				continue
			}
			k.busy(q, func() {
				// No count: the cell did not run. Front ends show the reply's
				// count on the cell, and the failing cell's count there read
				// as if the skipped cell had run (and failed).
				k.reply(k.shell, q, "execute_reply", map[string]any{"status": "aborted", "execution_count": nil})
			})
		default:
			return
		}
	}
}

// run calls the interpreter, turning a panic that escaped it into an error.
func (k *Kernel) run(ctx context.Context, code string, cio ExecIO) (b *display.Bundle, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, &ExecError{Name: "panic", Value: fmt.Sprint(r),
				Traceback: []string{fmt.Sprintf("panic: %v", r), "(recovered by the kernel)"}}
		}
	}()
	return k.interp.Execute(ctx, code, cio)
}

// toExecError gives every failure the ename/evalue/traceback shape.
func toExecError(err error, interrupted bool) *ExecError {
	var ee *ExecError
	if errors.As(err, &ee) {
		out := *ee
		if len(out.Traceback) == 0 {
			out.Traceback = []string{out.Name + ": " + out.Value}
		}
		return &out
	}
	if interrupted || errors.Is(err, context.Canceled) {
		return &ExecError{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: []string{"Interrupted: the cell was interrupted"}}
	}
	return &ExecError{Name: "Error", Value: err.Error(), Traceback: []string{"Error: " + err.Error()}}
}

// userExpressions evaluates each expression quietly after a successful cell.
func (k *Kernel) userExpressions(ctx context.Context, exprs map[string]string) map[string]any {
	out := make(map[string]any, len(exprs))
	for name, expr := range exprs {
		b, err := k.run(ctx, expr, quietIO{})
		if err != nil {
			ee := toExecError(err, false)
			out[name] = map[string]any{"status": "error", "ename": ee.Name, "evalue": ee.Value, "traceback": ee.Traceback}
			continue
		}
		data, meta := map[string]any{}, map[string]any{}
		if b != nil {
			data, meta = orEmptyMap(b.Data), orEmptyMap(b.Metadata)
		}
		out[name] = map[string]any{"status": "ok", "data": data, "metadata": meta}
	}
	return out
}

func orEmptyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// quietIO is the ExecIO of user expressions: output goes nowhere.
type quietIO struct{}

func (quietIO) Stdout() io.Writer                  { return io.Discard }
func (quietIO) Stderr() io.Writer                  { return io.Discard }
func (quietIO) Publish(display.Bundle, bool)       {}
func (quietIO) Clear(bool)                         {}
func (quietIO) Input(string, bool) (string, error) { return "", ErrStdinNotAllowed }

// cellIO is the ExecIO of one execute_request. It stays usable after the cell
// ends, so goroutines that print late still reach the front end.
type cellIO struct {
	k          *Kernel
	ctx        context.Context
	req        *Message
	silent     bool
	allowStdin bool
	streams    *batcher
}

func (k *Kernel) newCellIO(ctx context.Context, req *Message, silent, allowStdin bool) *cellIO {
	c := &cellIO{k: k, ctx: ctx, req: req, silent: silent, allowStdin: allowStdin}
	c.streams = newBatcher(k.cfg.FlushInterval, k.cfg.FlushSize, func(name, text string) {
		if !silent {
			k.publish(req, "stream", map[string]any{"name": name, "text": text})
		}
	})
	return c
}

func (c *cellIO) Stdout() io.Writer { return streamWriter{c.streams, "stdout"} }
func (c *cellIO) Stderr() io.Writer { return streamWriter{c.streams, "stderr"} }

// Publish sends display_data or update_display_data after any pending
// stream text, so outputs keep the order in which the cell produced them.
func (c *cellIO) Publish(b display.Bundle, update bool) {
	if c.silent {
		return
	}
	c.streams.Flush()
	content := map[string]any{"data": orEmptyMap(b.Data), "metadata": orEmptyMap(b.Metadata)}
	if b.DisplayID != "" {
		content["transient"] = map[string]any{"display_id": b.DisplayID}
	}
	msgType := "display_data"
	if update {
		if b.DisplayID == "" {
			c.k.log.Warn("kernel: update_display_data without a display id; sending display_data")
		} else {
			msgType = "update_display_data"
		}
	}
	c.k.publish(c.req, msgType, content)
}

func (c *cellIO) Clear(wait bool) {
	if c.silent {
		return
	}
	c.streams.Flush()
	c.k.publish(c.req, "clear_output", map[string]any{"wait": wait})
}

// Input asks the front end for a line on the stdin channel and waits for the
// reply, or for an interrupt.
func (c *cellIO) Input(prompt string, password bool) (string, error) {
	if !c.allowStdin {
		return "", ErrStdinNotAllowed
	}
	c.streams.Flush()
	k := c.k
	k.inputMu.Lock()
	defer k.inputMu.Unlock()
	select { // a reply that arrived after its asker gave up is stale
	case <-k.stdinReplies:
	default:
	}
	k.reply(k.stdin, c.req, "input_request", map[string]any{"prompt": prompt, "password": password})
	select {
	case r := <-k.stdinReplies:
		var content struct {
			Value string `json:"value"`
		}
		if err := json.Unmarshal(r.Content, &content); err != nil {
			return "", fmt.Errorf("kernel: malformed input_reply: %w", err)
		}
		return content.Value, nil
	case <-c.ctx.Done():
		return "", c.ctx.Err()
	case <-k.quit:
		return "", io.EOF
	}
}
