package zmq

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/go-zeromq/zmq4"
	"github.com/yaknb/yak/kernel"
)

// Transport is the set of bound sockets of one kernel.
type Transport struct {
	cancel                context.CancelFunc
	shell, control, stdin *router
	hb                    zmq4.Socket
	iopub                 *pub
}

// Listen binds every socket of info. Close releases them.
func Listen(info *kernel.ConnectionInfo, log *slog.Logger) (*Transport, error) {
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &Transport{cancel: cancel}
	var err error
	bindRouter := func(port int) *router {
		if err != nil {
			return nil
		}
		var r *router
		r, err = listenRouter(info.Endpoint(port), log)
		return r
	}
	t.shell = bindRouter(info.ShellPort)
	t.control = bindRouter(info.ControlPort)
	t.stdin = bindRouter(info.StdinPort)
	if err == nil {
		t.hb = zmq4.NewRep(ctx)
		if e := t.hb.Listen(info.Endpoint(info.HBPort)); e != nil {
			err = fmt.Errorf("zmq: binding %s: %w", info.Endpoint(info.HBPort), e)
		}
	}
	if err == nil {
		t.iopub, err = listenPub(info.Endpoint(info.IOPubPort), DefaultHWM, log)
	}
	if err != nil {
		t.Close()
		return nil, err
	}
	go heartbeat(t.hb)
	return t, nil
}

// heartbeat echoes every ping so front ends see the kernel alive even while
// a cell keeps the shell busy.
func heartbeat(s zmq4.Socket) {
	for {
		m, err := s.Recv()
		if err != nil {
			return
		}
		if err := s.Send(m); err != nil {
			return
		}
	}
}

// Sockets are the message channels for kernel.Serve.
func (t *Transport) Sockets() kernel.Sockets {
	return kernel.Sockets{
		Shell:   t.shell,
		Control: t.control,
		Stdin:   t.stdin,
		IOPub:   t.iopub,
	}
}

// Close closes every socket; blocked Recv calls return errors.
func (t *Transport) Close() error {
	t.cancel()
	var errs []error
	for _, r := range []*router{t.shell, t.control, t.stdin} {
		if r != nil {
			errs = append(errs, r.Close())
		}
	}
	if t.hb != nil {
		errs = append(errs, t.hb.Close())
	}
	if t.iopub != nil {
		errs = append(errs, t.iopub.Close())
	}
	return errors.Join(errs...)
}
