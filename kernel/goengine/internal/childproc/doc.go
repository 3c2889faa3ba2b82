// Package childproc runs the kernel's child processes: a compiled main()
// (gobuild.Run), go build (gobuild's Builder) and shell commands (!cmd,
// %%sh) all start and stop the same way, here.
//
// A child gets a process group of its own (shared with its watchdog,
// below), so that a signal reaches what it started too (a pipeline, the
// compiler that go build runs). On Linux
// it also gets a parent-death signal (SIGKILL): Linux sends it when the
// thread that forked the child exits, so the child is started and waited
// for from a goroutine locked to its OS thread, and the signal comes
// exactly when the kernel's process dies, even by SIGKILL. That signal
// reaches the child only, not what the child started (a shell forks its
// command and waits for it), so on every Unix a watchdog (watch_unix.go),
// a /bin/sh started before the child and blocked on a pipe that only this
// process holds open, kills its group, which the child joins, when the
// pipe's end closes: when this process dies, at any moment after the
// child started. Windows has neither: a child there outlives a killed
// kernel.
//
// A child that ends by itself may leave processes in its group (a shell's
// `server &`). Wait lets them run on unwatched, as a terminal does;
// WaitJob returns them as a Job whose watchdog stays, so they die with
// this process all the same, until Job.Stop (SIGTERM, then SIGKILL) or
// Job.Release. A job is found by its process group, so every command run
// with WaitJob keeps the jobs it leaves apart from the others': stopping
// one, or interrupting a later command, does not reach another.
//
// When the caller's context ends, the group gets SIGINT (a terminal's ^C)
// and, after a grace period, SIGKILL; a grace of zero kills it at once.
// Whatever is left of the group when the interrupted child has ended (a
// background job of a script) is killed too.
//
//	p, err := childproc.Start(cmd)        // cmd.Stdout etc. set by the caller
//	err = p.Wait(ctx, 2*time.Second)      // ErrInterrupted when ctx ended it
//	job, err := p.WaitJob(ctx, grace)     // or: keep what it left running
//	job.Stop(time.Second)                 // later: SIGTERM, then SIGKILL
package childproc
