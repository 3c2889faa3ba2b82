package launcher

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/yaknb/yak/kernel"
)

// Tunables; variables so that tests can shorten them.
var (
	// RespondTimeout bounds the attempts to reach the response address.
	RespondTimeout = 10 * time.Second
	// ShutdownGrace is how long the kernel waits, after the provisioner's
	// {"shutdown": 1}, for its shutdown_request before ending by itself.
	ShutdownGrace = 10 * time.Second
	// requestTimeout bounds the reading of one request on the comm port.
	requestTimeout = 5 * time.Second
)

// portRetries is how many random ports of the range are tried per socket.
const portRetries = 5

// Launch is a kernel started by a provisioner: its connection information
// (ports chosen, not yet bound by the kernel's transport) and its bound
// communication port.
type Launch struct {
	Info kernel.ConnectionInfo

	opts Options
	pub  *rsa.PublicKey
	comm net.Listener
	log  *slog.Logger
	once sync.Once
}

// Prepare checks o and picks the kernel's ports: five for the ZeroMQ
// sockets (free when checked; the caller binds them next) and the
// communication port, which it binds and keeps. The connection key is fresh.
func Prepare(o Options, log *slog.Logger) (*Launch, error) {
	if log == nil {
		log = slog.Default()
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	if curve, _ := o.curve(); curve {
		log.Warn("launcher: transport encryption 'auto' asked for; yak has no CurveZMQ and goes on without it")
	}
	pub, err := ParsePublicKey(o.PublicKey)
	if err != nil {
		return nil, err
	}
	lower, upper, _ := ParsePortRange(o.PortRange, MinPortRange())
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	ports := make([]int, 5)
	for i := range ports {
		l, err := listenInRange(lower, upper)
		if err != nil {
			return nil, err
		}
		held = append(held, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	comm, err := listenInRange(lower, upper)
	if err != nil {
		return nil, err
	}
	l := &Launch{opts: o, pub: pub, comm: comm, log: log}
	l.Info = kernel.ConnectionInfo{
		Transport: "tcp", IP: "0.0.0.0",
		ShellPort: ports[0], IOPubPort: ports[1], StdinPort: ports[2], HBPort: ports[3], ControlPort: ports[4],
		Key: newKey(), SignatureScheme: "hmac-sha256",
	}
	return l, nil
}

// listenInRange binds a TCP port on every interface, in [lower, upper] when
// a range is given.
func listenInRange(lower, upper int) (net.Listener, error) {
	if upper == 0 {
		return net.Listen("tcp", "0.0.0.0:0")
	}
	var last error
	for i := 0; i < portRetries; i++ {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(upper-lower+1)))
		l, err := net.Listen("tcp", "0.0.0.0:"+strconv.Itoa(lower+int(n.Int64())))
		if err == nil {
			return l, nil
		}
		last = err
	}
	return nil, fmt.Errorf("launcher: no free port in %d..%d after %d tries: %v", lower, upper, portRetries, last)
}

// newKey is a random UUID (version 4), the kind of key the Python launchers
// sign with.
func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// CommPort is the bound communication port.
func (l *Launch) CommPort() int { return l.comm.Addr().(*net.TCPAddr).Port }

// response is the connection information the provisioner receives.
func (l *Launch) response() ([]byte, error) {
	return json.Marshal(map[string]any{
		"transport": l.Info.Transport, "ip": l.Info.IP, "key": l.Info.Key,
		"signature_scheme": l.Info.SignatureScheme, "kernel_name": l.Info.KernelName,
		"shell_port": l.Info.ShellPort, "iopub_port": l.Info.IOPubPort, "stdin_port": l.Info.StdinPort,
		"hb_port": l.Info.HBPort, "control_port": l.Info.ControlPort,
		"pid": os.Getpid(), "pgid": processGroup(), "comm_port": l.CommPort(), "kernel_id": l.opts.KernelID,
	})
}

// Respond sends the encrypted connection information to the response
// address, retrying for RespondTimeout while the address refuses; call it
// once the kernel's sockets are bound.
func (l *Launch) Respond(ctx context.Context) error {
	conn, err := l.response()
	if err != nil {
		return err
	}
	payload, err := Encrypt(conn, l.pub)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(RespondTimeout)
	var last error
	for attempt := 0; ; attempt++ {
		if last = send(ctx, l.opts.ResponseAddress, payload, deadline); last == nil {
			return nil
		}
		if time.Now().Add(250*time.Millisecond).After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("launcher: cannot send the connection information to the response address %s within %v: %v (is the gateway server running, and is %s reachable from this host? its GP_RESPONSE_IP/EG_RESPONSE_IP may be an address this host cannot route to)",
		l.opts.ResponseAddress, RespondTimeout, last, l.opts.ResponseAddress)
}

func send(ctx context.Context, addr string, payload []byte, deadline time.Time) error {
	d := net.Dialer{Deadline: deadline}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(deadline)
	if _, err := c.Write(payload); err != nil {
		return err
	}
	return c.(*net.TCPConn).CloseWrite()
}

// Request is one message of the provisioner on the communication port.
type Request struct {
	Signal   *int `json:"signum,omitempty"`
	Shutdown *int `json:"shutdown,omitempty"`
}

// Actions are what the kernel does for the provisioner's requests.
type Actions struct {
	Interrupt func() // SIGINT: interrupt the running cell
	Terminate func() // SIGTERM, SIGHUP, SIGQUIT: end the kernel cleanly
	Kill      func() // SIGKILL: end now
	// Shutdown runs when the provisioner stops listening ({"shutdown": 1}).
	Shutdown func()
}

// Serve answers requests on the communication port until a shutdown request
// or ctx ends; it closes the port when it returns, after which the
// provisioner's polls find the kernel gone.
func (l *Launch) Serve(ctx context.Context, a Actions) error {
	go func() {
		<-ctx.Done()
		l.Close()
	}()
	defer l.Close()
	for {
		c, err := l.comm.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("launcher: communication port: %w", err)
		}
		req, err := readRequest(c)
		c.Close()
		if err != nil {
			l.log.Warn("launcher: dropping a malformed request on the communication port", "err", err)
			continue
		}
		if req.Signal != nil {
			l.signal(*req.Signal, a)
		}
		if req.Shutdown != nil && *req.Shutdown != 0 {
			l.log.Info("launcher: the provisioner stopped listening to this kernel")
			if a.Shutdown != nil {
				a.Shutdown()
			}
			return nil
		}
	}
}

func readRequest(c net.Conn) (Request, error) {
	var r Request
	c.SetReadDeadline(time.Now().Add(requestTimeout))
	b, err := io.ReadAll(io.LimitReader(c, 1<<16))
	if err != nil && len(b) == 0 {
		return r, err
	}
	if len(b) == 0 {
		return r, nil // a connection that only checks the port is open
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("not a JSON request: %q", b)
	}
	return r, nil
}

func (l *Launch) signal(n int, a Actions) {
	call := func(f func()) {
		if f != nil {
			f()
		}
	}
	switch syscall.Signal(n) {
	case 0: // the provisioner's liveness poll
	case syscall.SIGINT:
		l.log.Info("launcher: interrupt from the provisioner")
		call(a.Interrupt)
	case syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT:
		l.log.Info("launcher: terminate from the provisioner", "signal", n)
		call(a.Terminate)
	case syscall.SIGKILL:
		l.log.Info("launcher: kill from the provisioner")
		call(a.Kill)
	default:
		l.log.Info("launcher: ignoring signal from the provisioner", "signal", n)
	}
}

// Close releases the communication port.
func (l *Launch) Close() {
	l.once.Do(func() { l.comm.Close() })
}
