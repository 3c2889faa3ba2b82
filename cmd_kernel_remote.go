package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/launcher"
)

// remoteFlags are the arguments of the gateway provisioners' launch protocol
// (kernel/launcher): with them, `yak kernel` picks its own ports and sends
// its connection information to the response address instead of reading a
// connection file.
type remoteFlags struct {
	opts    launcher.Options
	fromEnv bool
}

func newRemoteFlags(fs *flag.FlagSet) *remoteFlags {
	r := &remoteFlags{}
	fs.StringVar(&r.opts.KernelID, "kernel-id", "", "remote launch: the kernel `id` the provisioner assigned ({kernel_id})")
	fs.StringVar(&r.opts.ResponseAddress, "response-address", "", "remote launch: `IP:PORT` to send the encrypted connection information to ({response_address})")
	fs.StringVar(&r.opts.PublicKey, "public-key", "", "remote launch: the provisioner's RSA public `key` ({public_key})")
	fs.StringVar(&r.opts.PortRange, "port-range", "", "remote launch: `LOWER..UPPER` ports to use ({port_range}; 0..0 for any)")
	fs.StringVar(&r.opts.TransportEncryption, "transport-encryption", "", "remote launch: CurveZMQ `policy` ({transport_encryption}); yak has none, so required is refused")
	fs.String("kernel-class-name", "", "ignored: the Python launchers' kernel class option, accepted so that their kernelspecs run yak")
	fs.String("spark-context-initialization-mode", "", "ignored (Python launchers' Spark option)")
	fs.String("cluster-type", "", "ignored (Python launchers' Spark/Dask option)")
	fs.BoolVar(&r.fromEnv, "from-env", false, "remote launch with the arguments in the environment, as the provisioners' container launchers pass them: KERNEL_ID, RESPONSE_ADDRESS, PUBLIC_KEY, PORT_RANGE, TRANSPORT_ENCRYPTION (EG_ prefixes accepted); a kernel image's entry point")
	return r
}

// optionalValue are the launcher flags whose value may be missing: the
// DistributedProvisioner joins argv into one shell command over ssh, so an
// empty {transport_encryption} leaves the flag without its argument (the
// Python launchers' argparse takes nargs="?").
var optionalValue = map[string]bool{"transport-encryption": true, "port-range": true, "kernel-class-name": true,
	"spark-context-initialization-mode": true, "cluster-type": true}

// eg is the prefix of Enterprise Gateway's spelling of the launcher flags
// (--RemoteProcessProxy.kernel-id ...), which its kernelspecs use.
const eg = "RemoteProcessProxy."

// launchArgs gives each such flag an empty value when none follows it, and
// accepts Enterprise Gateway's spelling of the flags.
func launchArgs(args []string) []string {
	var out []string
	for i, a := range args {
		if strings.HasPrefix(a, "--"+eg) {
			a = "--" + strings.TrimPrefix(a, "--"+eg)
		}
		out = append(out, a)
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && !strings.Contains(a, "=") && optionalValue[name] &&
			(i+1 == len(args) || strings.HasPrefix(args[i+1], "--")) {
			out = append(out, "")
		}
	}
	return out
}

func (r *remoteFlags) set() bool {
	if r.fromEnv {
		r.opts = launcher.FromEnv(os.Getenv, r.opts)
	}
	return r.fromEnv || r.opts.ResponseAddress != "" || r.opts.KernelID != "" || r.opts.PublicKey != ""
}

// connection is the kernel's connection information: from the connection
// file, or, for a remote launch, chosen here (launch is then non-nil).
func connection(connFile string, r *remoteFlags) (*kernel.ConnectionInfo, *launcher.Launch, error) {
	if r.set() {
		if connFile != "" {
			return nil, nil, fmt.Errorf("kernel: --connection-file and the remote launch flags (--response-address, --kernel-id, --public-key) exclude each other")
		}
		log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))
		l, err := launcher.Prepare(r.opts, log)
		if err != nil {
			return nil, nil, err
		}
		return &l.Info, l, nil
	}
	if connFile == "" {
		return nil, nil, fmt.Errorf("kernel: --connection-file FILE is required (Jupyter starts yak through its kernelspec; run `yak install --user` first)")
	}
	info, err := kernel.ReadConnectionFile(connFile)
	return info, nil, err
}

// serveLauncher answers the provisioner on the communication port: SIGINT
// interrupts the cell, SIGTERM ends the kernel, SIGKILL ends it at once, and
// after the provisioner stops listening the kernel ends by itself unless a
// shutdown_request ends it first. A remote kernel is detached from the
// process that started it (nohup over ssh, a container's entry point), so
// there is no parent to watch.
func serveLauncher(ctx context.Context, l *launcher.Launch, k *kernel.Kernel, stop func(), log *slog.Logger) {
	err := l.Serve(ctx, launcher.Actions{
		Interrupt: k.Interrupt,
		Terminate: stop,
		Kill:      func() { os.Exit(137) },
		Shutdown:  func() { time.AfterFunc(launcher.ShutdownGrace, stop) },
	})
	if err != nil {
		log.Error("kernel: the communication port failed; the provisioner can no longer signal this kernel", "err", err)
	}
}
