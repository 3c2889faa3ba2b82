package zmq

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/yaknb/yak/kernel"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// receiver reads a socket on one goroutine, so that a receive that timed
// out does not swallow the next message.
type receiver struct {
	zmq4.Socket
	c chan zmq4.Msg
}

func receive(s zmq4.Socket) *receiver {
	r := &receiver{Socket: s, c: make(chan zmq4.Msg, 1024)}
	go func() {
		defer close(r.c)
		for {
			m, err := s.Recv()
			if err != nil {
				return
			}
			r.c <- m
		}
	}()
	return r
}

func newSub(t *testing.T, ctx context.Context, ep string) *receiver {
	t.Helper()
	s := zmq4.NewSub(ctx)
	if err := s.Dial(ep); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	return receive(s)
}

// recvWithin receives one message or gives up after d.
func recvWithin(t *testing.T, r *receiver, d time.Duration) (zmq4.Msg, bool) {
	t.Helper()
	select {
	case m, ok := <-r.c:
		return m, ok
	case <-time.After(d):
		return zmq4.Msg{}, false
	}
}

// publishUntil publishes ticks until every subscriber has received one, so
// the test does not depend on how long the subscription handshake takes.
func publishUntil(t *testing.T, p *pub, subs []*receiver, payload string) {
	t.Helper()
	for i, s := range subs {
		deadline := time.Now().Add(5 * time.Second)
		for {
			if err := p.Send([][]byte{[]byte("topic"), []byte(payload)}); err != nil {
				t.Fatal(err)
			}
			if m, ok := recvWithin(t, s, 50*time.Millisecond); ok && string(m.Frames[1]) == payload {
				break // earlier ticks still in flight are skipped
			}
			if time.Now().After(deadline) {
				t.Fatalf("subscriber %d never received %q", i, payload)
			}
		}
	}
}

// TestPubSubscribersComeAndGo is the zmq4#151 scenario: subscribers connect
// and disconnect, and the ones still connected keep receiving.
func TestPubSubscribersComeAndGo(t *testing.T) {
	ep := fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))
	p, err := listenPub(ep, DefaultHWM, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	stay := newSub(t, ctx, ep)
	defer stay.Close()
	for round := 0; round < 5; round++ {
		var leaving []*receiver
		for i := 0; i < 3; i++ {
			leaving = append(leaving, newSub(t, ctx, ep))
		}
		publishUntil(t, p, append([]*receiver{stay}, leaving...), fmt.Sprint("round ", round))
		for _, s := range leaving {
			s.Close()
		}
		publishUntil(t, p, []*receiver{stay}, fmt.Sprint("after round ", round))
	}
	// Departed subscribers are forgotten rather than accumulating.
	deadline := time.Now().Add(5 * time.Second)
	for {
		p.mu.Lock()
		n := len(p.subs)
		p.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d subscribers tracked, want 1", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stuckSubscriber connects, subscribes to everything and never reads again:
// a front end that hangs, or a peer that vanished without closing its
// connection. Its TCP buffers fill up and writes to it block.
func stuckSubscriber(t *testing.T, ep string) net.Conn {
	t.Helper()
	network, addr, err := splitEndpoint(ep)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	zc, err := zmq4.Open(c, nullSecurity{}, zmq4.Sub, zmq4.SocketIdentity(""), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := zc.SendMsg(zmq4.NewMsg([]byte{1})); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPubStuckSubscriberDoesNotStallOthers: a peer that never reads costs
// only its own messages once its queue is full; Send never blocks and the
// other subscribers keep receiving.
func TestPubStuckSubscriberDoesNotStallOthers(t *testing.T) {
	ep := fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))
	p, err := listenPub(ep, 10, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	good := newSub(t, context.Background(), ep)
	defer good.Close()
	stuck := stuckSubscriber(t, ep)
	defer stuck.Close()
	publishUntil(t, p, []*receiver{good}, "hello")
	big := bytes.Repeat([]byte("x"), 1<<20)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 64; i++ {
			_ = p.Send([][]byte{[]byte("t"), big})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Send blocked on a subscriber that does not read")
	}
	publishUntil(t, p, []*receiver{good}, "still flowing")
}

func TestTransportTCPAndIPC(t *testing.T) {
	for _, transport := range []string{"tcp", "ipc"} {
		t.Run(transport, func(t *testing.T) {
			info := &kernel.ConnectionInfo{Transport: transport, IP: "127.0.0.1",
				ShellPort: freePort(t), IOPubPort: freePort(t), StdinPort: freePort(t), ControlPort: freePort(t), HBPort: freePort(t)}
			if transport == "ipc" {
				info.IP = filepath.Join(t.TempDir(), "k")
			}
			tr, err := Listen(info, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			ctx := context.Background()

			hb := zmq4.NewReq(ctx)
			defer hb.Close()
			if err := hb.Dial(info.Endpoint(info.HBPort)); err != nil {
				t.Fatal(err)
			}
			if err := hb.Send(zmq4.NewMsgString("ping")); err != nil {
				t.Fatal(err)
			}
			if m, err := hb.Recv(); err != nil || string(m.Frames[0]) != "ping" {
				t.Fatalf("heartbeat echo %v %v", m, err)
			}

			dealer := receive(zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("front-end"))))
			defer dealer.Close()
			if err := dealer.Dial(info.Endpoint(info.ShellPort)); err != nil {
				t.Fatal(err)
			}
			if err := dealer.Send(zmq4.NewMsgFrom([]byte("<IDS|MSG>"), []byte("sig"))); err != nil {
				t.Fatal(err)
			}
			shell := tr.Sockets().Shell
			frames, err := shell.Recv()
			if err != nil {
				t.Fatal(err)
			}
			if string(frames[0]) != "front-end" || string(frames[1]) != "<IDS|MSG>" {
				t.Fatalf("router frames %q", frames)
			}
			if err := shell.Send([][]byte{frames[0], []byte("reply")}); err != nil {
				t.Fatal(err)
			}
			if m, ok := recvWithin(t, dealer, 5*time.Second); !ok || string(m.Frames[0]) != "reply" {
				t.Fatalf("dealer got %v %v", m, ok)
			}

			// A peer without an identity gets one, and replies find it.
			anon := receive(zmq4.NewDealer(ctx))
			defer anon.Close()
			if err := anon.Dial(info.Endpoint(info.ShellPort)); err != nil {
				t.Fatal(err)
			}
			if err := anon.Send(zmq4.NewMsgFrom([]byte("hi"))); err != nil {
				t.Fatal(err)
			}
			frames, err = shell.Recv()
			if err != nil || len(frames[0]) == 0 || string(frames[1]) != "hi" {
				t.Fatalf("anonymous peer: %q %v", frames, err)
			}
			if err := shell.Send([][]byte{frames[0], []byte("back"), bytes.Repeat([]byte("x"), 300)}); err != nil {
				t.Fatal(err)
			}
			if m, ok := recvWithin(t, anon, 5*time.Second); !ok || string(m.Frames[0]) != "back" || len(m.Frames[1]) != 300 {
				t.Fatalf("anonymous peer got %v %v", m, ok)
			}
			// A message for a peer that left is dropped, not an error.
			if err := shell.Send([][]byte{[]byte("nobody"), []byte("x")}); err != nil {
				t.Errorf("send to a missing peer: %v", err)
			}

			sub := newSub(t, ctx, info.Endpoint(info.IOPubPort))
			defer sub.Close()
			publishUntil(t, tr.iopub, []*receiver{sub}, "status")
		})
	}
}

// TestPubTopics: a peer gets everything until it subscribes, then only the
// topics it subscribed to.
func TestPubTopics(t *testing.T) {
	ep := fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))
	p, err := listenPub(ep, DefaultHWM, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	network, addr, _ := splitEndpoint(ep)
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	zc, err := zmq4.Open(c, nullSecurity{}, zmq4.Sub, zmq4.SocketIdentity(""), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	subscribed := func() (n int, applied bool) {
		p.mu.Lock()
		defer p.mu.Unlock()
		for s := range p.subs {
			s.mu.Lock()
			applied = s.topics != nil
			s.mu.Unlock()
			n++
		}
		return n, applied
	}
	for n, _ := subscribed(); n == 0; n, _ = subscribed() {
		time.Sleep(time.Millisecond)
	}
	_ = p.Send([][]byte{[]byte("early"), []byte("1")})
	if m, err := zc.RecvMsg(); err != nil || string(m.Frames[0]) != "early" {
		t.Fatalf("before subscribing: %v %v", m, err)
	}
	if err := zc.SendMsg(zmq4.NewMsg(append([]byte{1}, "kernel."...))); err != nil {
		t.Fatal(err)
	}
	for _, applied := subscribed(); !applied; _, applied = subscribed() {
		time.Sleep(time.Millisecond)
	}
	_ = p.Send([][]byte{[]byte("other.status"), []byte("2")})
	_ = p.Send([][]byte{[]byte("kernel.s.status"), []byte("3")})
	if m, err := zc.RecvMsg(); err != nil || string(m.Frames[1]) != "3" {
		t.Fatalf("after subscribing to kernel.: %q %v", m.Frames, err)
	}
}
