package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version yak speaks; it is
// written into every header.
const ProtocolVersion = "5.3"

// delimiter separates the routing identities from the signed message.
var delimiter = []byte("<IDS|MSG>")

// Header is a message header (and, as raw JSON, a parent header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. ParentHeader and Metadata stay raw on
// receipt so that a reply echoes the request's header byte for byte.
type Message struct {
	Identities   [][]byte
	Header       Header
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte

	rawHeader json.RawMessage // the header frame as received
	received  time.Time       // when the shell queue took it (see abortQueued)
}

// Errors of Decode. Messages failing with any of them are logged and dropped.
var (
	ErrNoDelimiter  = errors.New("kernel: message has no <IDS|MSG> delimiter")
	ErrTruncated    = errors.New("kernel: message is truncated (fewer than 5 frames after the delimiter)")
	ErrBadSignature = errors.New("kernel: message signature does not match")
	ErrInvalidJSON  = errors.New("kernel: message part is not a JSON object")
	ErrNoMsgType    = errors.New("kernel: message header has no msg_type")
)

// Signer signs and verifies messages per the connection's signature_scheme.
// A Signer with an empty key signs with "" and accepts any signature, as the
// protocol prescribes for unauthenticated connections.
type Signer struct {
	key []byte
	new func() hash.Hash
}

// NewSigner returns a Signer for scheme ("hmac-sha256", "hmac-sha512" or
// "hmac-sha1"; "" means hmac-sha256) and key.
func NewSigner(scheme string, key []byte) (*Signer, error) {
	s := &Signer{key: append([]byte(nil), key...)}
	switch scheme {
	case "", "hmac-sha256":
		s.new = sha256.New
	case "hmac-sha512":
		s.new = sha512.New
	case "hmac-sha1":
		s.new = sha1.New
	default:
		return nil, fmt.Errorf("kernel: unsupported signature_scheme %q (use hmac-sha256, hmac-sha512 or hmac-sha1)", scheme)
	}
	return s, nil
}

// sign returns the lowercase hex HMAC of the four signed parts.
func (s *Signer) sign(parts ...[]byte) []byte {
	if s == nil || len(s.key) == 0 {
		return nil
	}
	m := hmac.New(s.new, s.key)
	for _, p := range parts {
		m.Write(p)
	}
	sum := m.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify compares in constant time so that timing does not leak the expected signature.
func (s *Signer) verify(sig []byte, parts ...[]byte) bool {
	if s == nil || len(s.key) == 0 {
		return true
	}
	want := s.sign(parts...)
	return subtle.ConstantTimeCompare(bytes.ToLower(sig), want) == 1
}

// Decode parses a multipart message: identities, delimiter, signature, header,
// parent header, metadata, content and any binary buffers (kept as they are).
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, ErrTruncated
	}
	sig, hdr, parent, meta, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if !s.verify(sig, hdr, parent, meta, content) {
		return nil, ErrBadSignature
	}
	for _, part := range [][]byte{hdr, parent, meta, content} {
		if !isJSONObject(part) {
			return nil, ErrInvalidJSON
		}
	}
	m := &Message{
		Identities:   frames[:i],
		ParentHeader: json.RawMessage(parent),
		Metadata:     json.RawMessage(meta),
		Content:      json.RawMessage(content),
		Buffers:      rest[5:],
		rawHeader:    json.RawMessage(hdr),
	}
	if err := json.Unmarshal(hdr, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrInvalidJSON, err)
	}
	if m.Header.MsgType == "" {
		return nil, ErrNoMsgType
	}
	return m, nil
}

func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && json.Valid(b)
}

// Encode serializes m with the given signer into the frames a socket sends.
func Encode(m *Message, s *Signer) ([][]byte, error) {
	hdr, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parent, meta, content := orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, s.sign(hdr, parent, meta, content), hdr, parent, meta, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// jupyterTime formats t as Jupyter's ISO 8601 dates (microseconds, UTC).
func jupyterTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}
