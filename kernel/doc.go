// Package kernel implements the Jupyter messaging protocol (version 5.3) for yak.
//
// It knows nothing of Go or yaegi: requests are answered by an Interpreter,
// and messages travel over Sockets (kernel/zmq in production, an in-memory
// transport in tests). The kernel owns the protocol bookkeeping: execution
// counts, execute_input, busy/idle status, history, comms and replies.
//
// # Wire format
//
// Decode and Encode handle the multipart `<IDS|MSG>` format: routing
// identities, the delimiter, an HMAC signature (per the connection's
// signature_scheme; an empty key means unsigned), header, parent header,
// metadata, content, then binary buffers, which are kept as they are.
// Signatures are verified in constant time. A message with a bad signature,
// too few frames, a part that is not a JSON object, or an unknown msg_type is
// logged and dropped: it never runs and never stops the kernel.
//
// # Channels and concurrency
//
// Shell requests are read into a queue and served one at a time. Control
// (interrupt_request, shutdown_request, kernel_info_request) is served on its
// own goroutine, so an interrupt reaches a cell that never ends: it cancels
// the context given to Interpreter.Execute, as Kernel.Interrupt (SIGINT in
// `yak kernel`) does. After a failed cell with stop_on_error, the execute
// requests already queued are answered with status "aborted".
// An Interpreter that returns ErrExit (a cell that ends in exit or quit) gets
// an ok reply with an ask_exit payload, and Serve returns once the cell is
// idle, as ipykernel ends.
//
// # Output
//
// Every request is bracketed by status busy and idle on IOPub with the
// request as parent. A cell's stdout and stderr are batched: text waits at
// most Config.FlushInterval (50 ms) or until Config.FlushSize bytes pile up,
// and is flushed before any display, result or error so outputs keep their
// order; a 10,000-line print loop becomes a handful of stream messages. A
// failed cell produces exactly one error output.
//
// # Offsets
//
// Jupyter counts cursor positions in unicode code points; the Interpreter
// works in bytes. ByteOffset and CodePointOffset convert between them.
//
// # History and comms
//
// History is appended to a JSON-lines file (Config.HistoryPath) with one
// session per kernel start, so tail, range and search (glob patterns,
// unique, n) see earlier sessions after a restart. Comm targets are
// registered process-wide with RegisterCommTarget, like database/sql drivers.
package kernel
