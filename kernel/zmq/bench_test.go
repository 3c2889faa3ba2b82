package zmq

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// constInterp answers every cell with "2", so the benchmark measures the
// kernel and the transport, not an interpreter.
type constInterp struct{}

func (constInterp) Info() kernel.LanguageInfo { return kernel.LanguageInfo{Name: "go"} }
func (constInterp) Execute(ctx context.Context, code string, io kernel.ExecIO) (*display.Bundle, error) {
	return &display.Bundle{Data: map[string]any{"text/plain": "2"}}, nil
}
func (constInterp) Complete(string, int) kernel.Completion     { return kernel.Completion{} }
func (constInterp) Inspect(string, int, int) kernel.Inspection { return kernel.Inspection{} }
func (constInterp) IsComplete(string) (string, string)         { return "complete", "" }
func (constInterp) Reset() error                               { return nil }
func (constInterp) Close() error                               { return nil }

// BenchmarkExecuteRoundTrip is one execute_request to its execute_reply over
// real tcp sockets, with a subscriber draining IOPub as a front end would.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	info := &kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: freePort(b), IOPubPort: freePort(b),
		StdinPort: freePort(b), ControlPort: freePort(b), HBPort: freePort(b), Key: "k"}
	tr, err := Listen(info, quiet)
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	signer, _ := info.Signer()
	k, err := kernel.New(constInterp{}, kernel.Config{Signer: signer, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	serveCtx, stop := context.WithCancel(context.Background())
	defer stop()
	go k.Serve(serveCtx, tr.Sockets())
	ctx := context.Background()
	sub := zmq4.NewSub(ctx)
	defer sub.Close()
	_ = sub.Dial(info.Endpoint(info.IOPubPort))
	_ = sub.SetOption(zmq4.OptionSubscribe, "")
	go func() {
		for {
			if _, err := sub.Recv(); err != nil {
				return
			}
		}
	}()
	dealer := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("bench")))
	defer dealer.Close()
	if err := dealer.Dial(info.Endpoint(info.ShellPort)); err != nil {
		b.Fatal(err)
	}
	request := func(i int) {
		c, _ := json.Marshal(map[string]any{"code": "1+1", "silent": false, "store_history": true})
		frames, _ := kernel.Encode(&kernel.Message{Header: kernel.Header{MsgID: fmt.Sprint(i), MsgType: "execute_request",
			Version: kernel.ProtocolVersion}, Content: c}, signer)
		if err := dealer.Send(zmq4.NewMsgFrom(frames...)); err != nil {
			b.Fatal(err)
		}
		if _, err := dealer.Recv(); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 20; i++ {
		request(i)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		request(i)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N), "µs/roundtrip")
}
