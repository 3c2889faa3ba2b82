package launcher

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// Options are the launcher arguments a provisioner passes.
type Options struct {
	KernelID            string // --kernel-id
	ResponseAddress     string // --response-address, IP:PORT
	PublicKey           string // --public-key, base64 DER of an RSA public key
	PortRange           string // --port-range, LOWER..UPPER; "" or "0..0" for any port
	TransportEncryption string // --transport-encryption: "", disabled, auto or required
}

// MinPortRange is the smallest port range accepted (other than 0..0), as the
// provisioner's launchers require (MIN_PORT_RANGE_SIZE overrides it).
func MinPortRange() int {
	if n, err := strconv.Atoi(os.Getenv("MIN_PORT_RANGE_SIZE")); err == nil && n >= 0 {
		return n
	}
	return 1000
}

// unfilled reports an argv placeholder the provisioner did not replace:
// the kernel was started from a gateway kernelspec without a provisioner.
func unfilled(v string) bool { return strings.HasPrefix(v, "{") && strings.HasSuffix(v, "}") }

// Check says what is wrong with o, in the words of a user who started the
// kernel by hand from a gateway kernelspec.
func (o Options) Check() error {
	for _, f := range []struct{ flag, v string }{
		{"--kernel-id", o.KernelID}, {"--response-address", o.ResponseAddress}, {"--public-key", o.PublicKey},
	} {
		if f.v == "" || unfilled(f.v) {
			return fmt.Errorf("launcher: %s is required (got %q): remote kernels are started by a gateway provisioner, which fills in the kernelspec's {placeholders}", f.flag, f.v)
		}
	}
	if _, _, err := SplitResponseAddress(o.ResponseAddress); err != nil {
		return err
	}
	if _, _, err := ParsePortRange(o.PortRange, MinPortRange()); err != nil {
		return err
	}
	if _, err := o.curve(); err != nil {
		return err
	}
	return nil
}

// curve reports whether CurveZMQ was asked for; yak cannot provide it.
func (o Options) curve() (bool, error) {
	p := strings.ToLower(strings.TrimSpace(o.TransportEncryption))
	switch {
	case p == "" || p == "disabled" || unfilled(p):
		return false, nil
	case p == "auto":
		return true, nil
	case p == "required":
		return true, fmt.Errorf("launcher: --transport-encryption required: yak's ZeroMQ transport has no CurveZMQ, so it cannot encrypt its sockets; remove supported_encryption from the kernelspec's metadata or use auto")
	}
	return false, nil // unknown values: the Python launcher also goes on without encryption
}

// SplitResponseAddress parses IP:PORT.
func SplitResponseAddress(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("launcher: --response-address %q is not IP:PORT: %v", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port <= 0 || port > 65535 || host == "" {
		return "", 0, fmt.Errorf("launcher: --response-address %q is not IP:PORT with a port from 1 to 65535", addr)
	}
	return host, port, nil
}

// ParsePortRange parses LOWER..UPPER. An empty range, and a range of size 0
// (0..0), mean any free port; otherwise the range must span at least min
// ports.
func ParsePortRange(r string, min int) (lower, upper int, err error) {
	if r == "" || unfilled(r) {
		return 0, 0, nil
	}
	lo, hi, ok := strings.Cut(r, "..")
	lower, err1 := strconv.Atoi(strings.TrimSpace(lo))
	upper, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil || lower < 0 || upper > 65535 || upper < lower {
		return 0, 0, fmt.Errorf("launcher: --port-range %q is not LOWER..UPPER (e.g. 40000..41000, or 0..0 for any port)", r)
	}
	if size := upper - lower; size != 0 && size < min {
		return 0, 0, fmt.Errorf("launcher: --port-range %q spans %d ports; it must span at least %d (MIN_PORT_RANGE_SIZE)", r, size, min)
	}
	if lower == upper {
		return 0, 0, nil
	}
	return lower, upper, nil
}

// FromEnv fills the options that o leaves empty from the environment that
// the provisioners' container launchers give a kernel's container (their
// bootstrap-kernel.sh reads the same names): KERNEL_ID, RESPONSE_ADDRESS,
// PUBLIC_KEY, PORT_RANGE and TRANSPORT_ENCRYPTION, each also under an EG_
// prefix (Enterprise Gateway's older names).
func FromEnv(getenv func(string) string, o Options) Options {
	get := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return getenv("EG_" + name)
	}
	for _, f := range []struct {
		dst  *string
		name string
	}{
		{&o.KernelID, "KERNEL_ID"}, {&o.ResponseAddress, "RESPONSE_ADDRESS"}, {&o.PublicKey, "PUBLIC_KEY"},
		{&o.PortRange, "PORT_RANGE"}, {&o.TransportEncryption, "TRANSPORT_ENCRYPTION"},
	} {
		if *f.dst == "" {
			*f.dst = get(f.name)
		}
	}
	return o
}
