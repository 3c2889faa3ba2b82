package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/zmq"
)

func init() { commands["kernel"] = cmdKernel }

// cmdKernel serves one Jupyter connection file until a shutdown_request.
//
// Environment: YAK_LOG=debug|info|warn|error sets the log level (stderr,
// default warn); YAK_HISTORY_FILE overrides where history is kept, and
// YAK_HISTORY_FILE=off keeps it in memory only.
func cmdKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	connFile := fs.String("connection-file", "", "Jupyter connection `file` (kernel.json passes {connection_file})")
	fs.StringVar(connFile, "f", "", "short for --connection-file")
	remote := newRemoteFlags(fs)
	if err := fs.Parse(launchArgs(args)); err != nil {
		return err
	}
	info, launch, err := connection(*connFile, remote)
	if err != nil {
		return err
	}
	signer, err := info.Signer()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))

	// Bind first: front ends connect (and queue their first kernel_info
	// request) while the interpreter starts, instead of waiting a ZeroMQ
	// reconnect interval for sockets that are not there yet.
	t, err := zmq.Listen(info, log)
	if err != nil {
		return err
	}
	defer t.Close()
	if launch != nil {
		defer launch.Close()
		if err := launch.Respond(context.Background()); err != nil {
			return err
		}
	}

	interp, err := newInterpreter()
	if err != nil {
		return fmt.Errorf("kernel: starting the interpreter: %w", err)
	}
	defer interp.Close()

	k, err := kernel.New(interp, kernel.Config{
		Signer:      signer,
		HistoryPath: historyPath(info.KernelName),
		Logger:      log,
		Version:     Version,
	})
	if err != nil {
		return err
	}

	// SIGINT interrupts the running cell, like interrupt_request; it does not
	// stop the kernel (front ends with interrupt_mode "signal" rely on that).
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		for range sig {
			k.Interrupt()
		}
	}()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go endOnSIGTERM(ctx, stop, log)
	if launch != nil {
		go serveLauncher(ctx, launch, k, stop, log)
	} else {
		go watchParent(ctx, stop, log)
	}
	if err := k.Serve(ctx, t.Sockets()); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// termGrace is how long a kernel that got SIGTERM has to end its cell
// before it exits regardless.
const termGrace = 5 * time.Second

// endOnSIGTERM ends the kernel on SIGTERM as a shutdown does, so that what
// the running cell started (a compiled main() in its own process group, a
// shell command) is stopped with it instead of running on as an orphan.
// Go's default on SIGTERM is to exit at once, which skips that.
func endOnSIGTERM(ctx context.Context, stop func(), log *slog.Logger) {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	select {
	case <-ctx.Done():
	case <-term:
		log.Warn("kernel: SIGTERM; shutting down")
		time.AfterFunc(termGrace, func() { os.Exit(128 + int(syscall.SIGTERM)) })
		stop()
	}
}

// watchParent ends the kernel when the process that started it (the front
// end) is gone, as ipykernel's parent poller does, so a front end that dies
// without a shutdown_request leaves no orphaned kernel behind.
func watchParent(ctx context.Context, stop func(), log *slog.Logger) {
	parent := os.Getppid()
	if parent <= 1 {
		return // started by init or a daemon: nobody to watch
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if os.Getppid() != parent {
				log.Warn("kernel: the process that started this kernel exited; shutting down")
				stop()
				return
			}
		}
	}
}

func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("YAK_LOG"))); err != nil {
		return slog.LevelWarn
	}
	return l
}

// historyPath is one file per kernelspec name under $XDG_DATA_HOME/yak/history
// (default ~/.local/share/yak/history), so a restarted kernel finds the
// history of its earlier sessions.
func historyPath(kernelName string) string {
	if p := os.Getenv("YAK_HISTORY_FILE"); p != "" {
		if strings.EqualFold(p, "off") {
			return ""
		}
		return p
	}
	if kernelName == "" || strings.ContainsAny(kernelName, `/\`) {
		kernelName = "yak"
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "yak", "history", kernelName+".jsonl")
}
