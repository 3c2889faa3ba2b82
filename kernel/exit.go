package kernel

// ErrExit is what an Interpreter returns from Execute when the cell asked
// the kernel to end (a cell that is `exit` or `quit`). The kernel answers
// the request with status "ok" and an ask_exit payload, as ipykernel does,
// publishes idle, and then stops serving: the process ends and a Jupyter
// server's restarter starts a fresh kernel. Interpreters return ErrExit
// itself (the kernel compares with errors.Is); a runner that is not a kernel
// (`yak run`) sees an ordinary *ExecError that says what happened.
var ErrExit error = &ExecError{
	Name:      "SystemExit",
	Value:     "the cell asked the kernel to exit (exit or quit)",
	Traceback: []string{"SystemExit: the cell asked the kernel to exit (exit or quit); the kernel shuts down"},
}

// askExit is the execute_reply payload of a cell that ended the kernel:
// front ends that know it (the Jupyter console) close instead of waiting.
func askExit() []any {
	return []any{map[string]any{"source": "ask_exit", "keepkernel": false}}
}
