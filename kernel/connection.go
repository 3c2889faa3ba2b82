package kernel

import (
	"encoding/json"
	"fmt"
	"os"
)

// ConnectionInfo is a Jupyter connection file: where the five sockets listen
// and how messages are signed.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" or "ipc"
	IP              string `json:"ip"`        // address, or the path prefix for ipc
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name"`
}

// ReadConnectionFile parses the connection file a front end wrote for this kernel.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kernel: reading connection file: %w", err)
	}
	return ParseConnection(b)
}

// ParseConnection parses and checks the JSON of a connection file.
func ParseConnection(b []byte) (*ConnectionInfo, error) {
	var c ConnectionInfo
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("kernel: connection file is not valid JSON: %w", err)
	}
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.Transport != "tcp" && c.Transport != "ipc" {
		return nil, fmt.Errorf("kernel: connection file transport %q is not supported (use tcp or ipc)", c.Transport)
	}
	if c.IP == "" {
		return nil, fmt.Errorf("kernel: connection file has no ip")
	}
	for name, p := range map[string]int{"shell_port": c.ShellPort, "iopub_port": c.IOPubPort,
		"stdin_port": c.StdinPort, "control_port": c.ControlPort, "hb_port": c.HBPort} {
		if p <= 0 || p > 65535 {
			return nil, fmt.Errorf("kernel: connection file %s is %d; it must be a port number (ipc uses it as a suffix)", name, p)
		}
	}
	if _, err := NewSigner(c.SignatureScheme, nil); err != nil {
		return nil, err
	}
	return &c, nil
}

// Endpoint is the ZeroMQ address of port: tcp://ip:port, or ipc://ip-port as
// jupyter_client names ipc sockets.
func (c *ConnectionInfo) Endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	ip := c.IP
	if ip == "*" { // ZeroMQ's "all interfaces", which Go spells 0.0.0.0
		ip = "0.0.0.0"
	}
	return fmt.Sprintf("tcp://%s:%d", ip, port)
}

// Signer returns the signer for the connection's key and scheme.
func (c *ConnectionInfo) Signer() (*Signer, error) {
	return NewSigner(c.SignatureScheme, []byte(c.Key))
}
