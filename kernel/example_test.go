package kernel_test

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/yaknb/yak/kernel"
)

// A message goes over the wire as routing identities, the <IDS|MSG>
// delimiter, the HMAC of the next four frames, header, parent header,
// metadata and content, then any binary buffers.
func ExampleEncode() {
	signer, _ := kernel.NewSigner("hmac-sha256", []byte("secret"))
	m := &kernel.Message{
		Identities: [][]byte{[]byte("client")},
		Header:     kernel.Header{MsgID: "1", MsgType: "kernel_info_request", Version: kernel.ProtocolVersion},
		Content:    json.RawMessage(`{}`),
		Buffers:    [][]byte{{0xff}},
	}
	frames, _ := kernel.Encode(m, signer)
	fmt.Println(len(frames), string(frames[1]), len(frames[2]))

	back, err := kernel.Decode(frames, signer)
	fmt.Println(back.Header.MsgType, len(back.Buffers), err)

	frames[6] = []byte(`{"tampered":true}`)
	_, err = kernel.Decode(frames, signer)
	fmt.Println(err)
	// Output:
	// 8 <IDS|MSG> 64
	// kernel_info_request 1 <nil>
	// kernel: message signature does not match
}

var registerEcho sync.Once

// Later features (widgets, live charts) register a comm target once, at
// init; every kernel in the process then accepts comm_open for it.
func ExampleRegisterCommTarget() {
	registerEcho.Do(func() { // a feature does this in its init
		kernel.RegisterCommTarget("yak.example.echo", func(c *kernel.Comm, data map[string]any) error {
			c.OnMsg(func(data map[string]any, buffers [][]byte) {
				c.Send(map[string]any{"echo": data}) // back to the front end as comm_msg
			})
			return nil
		})
	})
	for _, t := range kernel.CommTargets() {
		if t == "yak.example.echo" {
			fmt.Println("registered", t)
		}
	}
	// Output: registered yak.example.echo
}
