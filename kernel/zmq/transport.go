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
	shell, control, stdin zmq4.Socket
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
	bind := func(s zmq4.Socket, port int) zmq4.Socket {
		if err == nil {
			if e := s.Listen(info.Endpoint(port)); e != nil {
				err = fmt.Errorf("zmq: binding %s: %w", info.Endpoint(port), e)
			}
		}
		return s
	}
	t.shell = bind(zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity("shell"))), info.ShellPort)
	t.control = bind(zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity("control"))), info.ControlPort)
	t.stdin = bind(zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity("stdin"))), info.StdinPort)
	t.hb = bind(zmq4.NewRep(ctx), info.HBPort)
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
		Shell:   router{t.shell},
		Control: router{t.control},
		Stdin:   router{t.stdin},
		IOPub:   t.iopub,
	}
}

// Close closes every socket; blocked Recv calls return errors.
func (t *Transport) Close() error {
	t.cancel()
	var errs []error
	for _, s := range []zmq4.Socket{t.shell, t.control, t.stdin, t.hb} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	if t.iopub != nil {
		errs = append(errs, t.iopub.Close())
	}
	return errors.Join(errs...)
}

// router adapts a zmq4 ROUTER socket: the first frame is the peer identity.
type router struct{ s zmq4.Socket }

func (r router) Recv() ([][]byte, error) {
	m, err := r.s.Recv()
	if err != nil {
		return nil, err
	}
	return m.Frames, nil
}

func (r router) Send(frames [][]byte) error {
	return r.s.SendMulti(zmq4.NewMsgFrom(frames...)) // one writev, not a write per frame
}
