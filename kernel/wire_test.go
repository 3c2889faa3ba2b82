package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// renderFrames prints one frame per line, Go-quoted so binary stays readable.
func renderFrames(frames [][]byte) string {
	var b strings.Builder
	for _, f := range frames {
		b.WriteString(strconv.Quote(string(f)))
		b.WriteByte('\n')
	}
	return b.String()
}

func parseFrames(t *testing.T, s string) [][]byte {
	var frames [][]byte
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		f, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("golden line %q: %v", line, err)
		}
		frames = append(frames, []byte(f))
	}
	return frames
}

func golden(t *testing.T, name, got string) string {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	return string(want)
}

func TestWireGolden(t *testing.T) {
	signed, _ := NewSigner("hmac-sha256", []byte("a0436f6c-1916-498b-8eb9-e81ab9368e84"))
	tests := []struct {
		name   string
		signer *Signer
		msg    *Message
	}{
		{"execute_request.golden", signed, &Message{
			Identities: [][]byte{[]byte("client-identity")},
			Header: Header{MsgID: "m1", Session: "s1", Username: "u", Date: "2026-01-02T03:04:05.000006Z",
				MsgType: "execute_request", Version: "5.3"},
			ParentHeader: json.RawMessage(`{}`),
			Metadata:     json.RawMessage(`{}`),
			Content:      json.RawMessage(`{"code":"fmt.Println(\"héllo\")","silent":false}`),
		}},
		{"comm_msg_buffers.golden", signed, &Message{
			Identities: [][]byte{[]byte("kernel.s1.comm_msg")},
			Header: Header{MsgID: "m2", Session: "s1", Username: "yak", Date: "2026-01-02T03:04:05.000006Z",
				MsgType: "comm_msg", Version: "5.3"},
			ParentHeader: json.RawMessage(`{"msg_id":"m1","msg_type":"comm_msg"}`),
			Metadata:     json.RawMessage(`{}`),
			Content:      json.RawMessage(`{"comm_id":"c1","data":{}}`),
			Buffers:      [][]byte{{0, 1, 2, 0xff}, []byte("second")},
		}},
		{"unsigned.golden", nil, &Message{
			Header: Header{MsgID: "m3", Session: "s1", Username: "yak", Date: "2026-01-02T03:04:05.000006Z",
				MsgType: "status", Version: "5.3"},
			Content: json.RawMessage(`{"execution_state":"idle"}`),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames, err := Encode(tt.msg, tt.signer)
			if err != nil {
				t.Fatal(err)
			}
			got := renderFrames(frames)
			want := golden(t, tt.name, got)
			if got != want {
				t.Fatalf("encoding differs from %s:\n%s\nwant:\n%s", tt.name, got, want)
			}
			m, err := Decode(parseFrames(t, want), tt.signer)
			if err != nil {
				t.Fatal(err)
			}
			if m.Header != tt.msg.Header || !bytes.Equal(m.Content, tt.msg.Content) || len(m.Buffers) != len(tt.msg.Buffers) {
				t.Errorf("round trip: %+v", m)
			}
			for i := range m.Buffers {
				if !bytes.Equal(m.Buffers[i], tt.msg.Buffers[i]) {
					t.Errorf("buffer %d = %q", i, m.Buffers[i])
				}
			}
		})
	}
}

func TestKernelReplyGolden(t *testing.T) {
	// The whole kernel_info exchange, with a fixed clock and session.
	h := newHarness(t, &mockInterp{}, Config{Session: "golden", Version: "1.0.0"})
	h.k.now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC) }
	h.send(h.shell, "kernel_info_request", map[string]any{})
	f := <-h.shell.out
	got := renderFrames(f)
	if want := golden(t, "kernel_info_reply.golden", got); got != want {
		t.Fatalf("kernel_info_reply differs:\n%s\nwant:\n%s", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("k"))
	good, _ := Encode(&Message{Header: Header{MsgID: "1", MsgType: "kernel_info_request"}}, s)
	noType, _ := Encode(&Message{Header: Header{MsgID: "1"}}, s)
	notObject := clone(good)
	notObject[5] = []byte(`[]`)
	notObject[1] = s.sign(notObject[2], notObject[3], notObject[4], notObject[5])
	upper := clone(good)
	upper[1] = bytes.ToUpper(upper[1])
	tests := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"good", good, nil},
		{"uppercase hex signature", upper, nil},
		{"no delimiter", [][]byte{[]byte("a")}, ErrNoDelimiter},
		{"truncated", good[:4], ErrTruncated},
		{"bad signature", append([][]byte{good[0], []byte("00")}, good[2:]...), ErrBadSignature},
		{"content not an object", notObject, ErrInvalidJSON},
		{"no msg_type", noType, ErrNoMsgType},
	}
	for _, tt := range tests {
		_, err := Decode(tt.frames, s)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := NewSigner("hmac-md5", nil); err == nil {
		t.Error("hmac-md5 accepted")
	}
}

func TestParseConnection(t *testing.T) {
	ok := `{"transport":"ipc","ip":"/tmp/k","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"x","signature_scheme":"hmac-sha256","kernel_name":"yak"}`
	c, err := ParseConnection([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Endpoint(c.ShellPort); got != "ipc:///tmp/k-1" {
		t.Errorf("ipc endpoint %s", got)
	}
	c.Transport, c.IP = "tcp", "127.0.0.1"
	if got := c.Endpoint(c.HBPort); got != "tcp://127.0.0.1:5" {
		t.Errorf("tcp endpoint %s", got)
	}
	c.IP = "*"
	if got := c.Endpoint(7); got != "tcp://0.0.0.0:7" {
		t.Errorf("wildcard endpoint %s", got)
	}
	for _, bad := range []string{`{`, `{"transport":"udp","ip":"x"}`, `{"ip":"127.0.0.1","shell_port":0}`,
		strings.Replace(ok, "hmac-sha256", "rot13", 1)} {
		if _, err := ParseConnection([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func FuzzDecode(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", []byte("fuzz"))
	seed, _ := Encode(&Message{Identities: [][]byte{[]byte("id")}, Header: Header{MsgID: "1", MsgType: "execute_request"},
		Content: json.RawMessage(`{"code":"1+1"}`), Buffers: [][]byte{{1, 2}}}, s)
	join := func(fr [][]byte) []byte { return bytes.Join(fr, []byte{0}) }
	f.Add(join(seed), true)
	f.Add(join(seed[:4]), true)
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"), false)
	f.Add([]byte("<IDS|MSG>\x00\x00{\"msg_type\":1}\x00{}\x00{}\x00{}"), false)
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		frames := bytes.Split(data, []byte{0})
		signer := s
		if !signed {
			signer = nil
		}
		m, err := Decode(frames, signer)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode again to the same message.
		again, err := Encode(m, signer)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		m2, err := Decode(again, signer)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || len(m2.Buffers) != len(m.Buffers) {
			t.Fatalf("round trip changed the message")
		}
	})
}
