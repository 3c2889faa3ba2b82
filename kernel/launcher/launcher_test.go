package launcher

import (
	"bufio"
	"context"
	"crypto/aes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParsePortRange(t *testing.T) {
	cases := []struct {
		in           string
		lower, upper int
		err          string
	}{
		{"", 0, 0, ""},
		{"0..0", 0, 0, ""},
		{"{port_range}", 0, 0, ""}, // not filled in: any port, as the Python launcher
		{"40000..41000", 40000, 41000, ""},
		{"40000..40010", 0, 0, "at least 1000"},
		{"40000", 0, 0, "not LOWER..UPPER"},
		{"a..b", 0, 0, "not LOWER..UPPER"},
		{"41000..40000", 0, 0, "not LOWER..UPPER"},
		{"60000..70000", 0, 0, "not LOWER..UPPER"},
	}
	for _, c := range cases {
		lo, hi, err := ParsePortRange(c.in, 1000)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParsePortRange(%q): error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || lo != c.lower || hi != c.upper {
			t.Errorf("ParsePortRange(%q) = %d, %d, %v; want %d, %d", c.in, lo, hi, err, c.lower, c.upper)
		}
	}
}

func testKey(t testing.TB) (*rsa.PrivateKey, string) {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 1024) // the provisioner's size
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return priv, base64.StdEncoding.EncodeToString(der)
}

func TestCheck(t *testing.T) {
	_, pub := testKey(t)
	ok := Options{KernelID: "k1", ResponseAddress: "127.0.0.1:8877", PublicKey: pub}
	cases := []struct {
		change func(*Options)
		err    string
	}{
		{func(o *Options) {}, ""},
		{func(o *Options) { o.KernelID = "" }, "--kernel-id is required"},
		{func(o *Options) { o.ResponseAddress = "{response_address}" }, "fills in the kernelspec's {placeholders}"},
		{func(o *Options) { o.ResponseAddress = "127.0.0.1" }, "not IP:PORT"},
		{func(o *Options) { o.ResponseAddress = "127.0.0.1:0" }, "port from 1 to 65535"},
		{func(o *Options) { o.PortRange = "1..2" }, "at least"},
		{func(o *Options) { o.TransportEncryption = "required" }, "no CurveZMQ"},
		{func(o *Options) { o.TransportEncryption = "auto" }, ""},
		{func(o *Options) { o.TransportEncryption = "{transport_encryption}" }, ""},
	}
	for i, c := range cases {
		o := ok
		c.change(&o)
		err := o.Check()
		if (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("case %d: error %v, want %q", i, err, c.err)
		}
	}
	if _, err := ParsePublicKey("not base64!"); err == nil {
		t.Error("a bad public key was accepted")
	}
}

// decrypt is the response manager's side, written from the protocol
// description (the Python stand-in test checks against the real one).
func decrypt(t testing.TB, payload []byte, priv *rsa.PrivateKey) []byte {
	t.Helper()
	outer, err := base64.StdEncoding.DecodeString(string(payload))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Version  int    `json:"version"`
		Key      string `json:"key"`
		ConnInfo string `json:"conn_info"`
	}
	if err := json.Unmarshal(outer, &p); err != nil || p.Version != 1 {
		t.Fatalf("payload %s: %v", outer, err)
	}
	wrapped, _ := base64.StdEncoding.DecodeString(p.Key)
	key, err := rsa.DecryptPKCS1v15(nil, priv, wrapped)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := base64.StdEncoding.DecodeString(p.ConnInfo)
	block, _ := aes.NewCipher(key)
	plain := make([]byte, len(sealed))
	for i := 0; i < len(sealed); i += 16 {
		block.Decrypt(plain[i:i+16], sealed[i:i+16])
	}
	n := int(plain[len(plain)-1])
	if n < 1 || n > 16 {
		t.Fatalf("bad padding %d", n)
	}
	return plain[:len(plain)-n]
}

func TestEncryptRoundTrip(t *testing.T) {
	priv, pubText := testKey(t)
	pub, err := ParsePublicKey(pubText)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"{}", `{"key": "0123456789abcdef"}`, strings.Repeat("x", 16), strings.Repeat("y", 1000)} {
		payload, err := Encrypt([]byte(msg), pub)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(decrypt(t, payload, priv)); got != msg {
			t.Errorf("round trip of %d bytes gave %q", len(msg), got)
		}
	}
}

// responseServer is a response address that hands over what it receives.
func responseServer(t testing.TB) (string, <-chan []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- b
	}()
	return ln.Addr().String(), got
}

func TestLaunchRespondAndServe(t *testing.T) {
	priv, pub := testKey(t)
	addr, got := responseServer(t)
	l, err := Prepare(Options{KernelID: "kid-1", ResponseAddress: addr, PublicKey: pub, PortRange: "42000..43500"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	seen := map[int]bool{}
	for _, p := range []int{l.Info.ShellPort, l.Info.IOPubPort, l.Info.StdinPort, l.Info.HBPort, l.Info.ControlPort, l.CommPort()} {
		if p < 42000 || p > 43500 || seen[p] {
			t.Errorf("port %d outside 42000..43500 or repeated", p)
		}
		seen[p] = true
	}
	if err := l.Respond(context.Background()); err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	if err := json.Unmarshal(decrypt(t, <-got, priv), &info); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"kernel_id": "kid-1", "key": l.Info.Key, "transport": "tcp", "ip": "0.0.0.0",
		"signature_scheme": "hmac-sha256", "shell_port": float64(l.Info.ShellPort), "comm_port": float64(l.CommPort()),
		"pid": float64(os.Getpid())}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("response %s = %v, want %v", k, info[k], v)
		}
	}
	if _, ok := info["pgid"]; !ok {
		t.Error("response lacks pgid")
	}

	var mu sync.Mutex
	var calls []string
	record := func(s string) func() {
		return func() { mu.Lock(); calls = append(calls, s); mu.Unlock() }
	}
	done := make(chan error, 1)
	go func() {
		done <- l.Serve(context.Background(), Actions{Interrupt: record("interrupt"), Terminate: record("terminate"),
			Kill: record("kill"), Shutdown: record("shutdown")})
	}()
	comm := net.JoinHostPort("127.0.0.1", itoa(l.CommPort()))
	for _, req := range []string{`{"signum": 0}`, `{"signum": 2}`, `not json`, `{"signum": 15}`, `{"signum": 9}`, `{"signum": 12}`, `{"shutdown": 1}`} {
		c, err := net.Dial("tcp", comm)
		if err != nil {
			t.Fatalf("%s: %v", req, err)
		}
		io.WriteString(c, req)
		c.Close()
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after the shutdown request")
	}
	if strings.Join(calls, " ") != "interrupt terminate kill shutdown" {
		t.Errorf("actions %v", calls)
	}
	// The provisioner's poll now finds the kernel gone.
	if c, err := net.Dial("tcp", comm); err == nil {
		c.Close()
		t.Error("the communication port still accepts after shutdown")
	}
}

func TestRespondToNobodyFailsClearly(t *testing.T) {
	_, pub := testKey(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	old := RespondTimeout
	RespondTimeout = time.Second
	defer func() { RespondTimeout = old }()
	l, err := Prepare(Options{KernelID: "k", ResponseAddress: addr, PublicKey: pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = l.Respond(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot send the connection information to the response address "+addr) {
		t.Errorf("error %v", err)
	}
}

// The payload is decrypted by gateway_provisioners' own ResponseManager
// (tests/remote/response_manager_standin.py), so compatibility is checked
// against the provisioner's code, not against this package's reading of it.
// It needs a Python with gateway-provisioners (tests/remote/requirements.txt,
// installed into .venv by make venv); YAK_GP_PYTHON names another one.
func TestGatewayProvisionersDecryptTheResponse(t *testing.T) {
	py := os.Getenv("YAK_GP_PYTHON")
	if py == "" {
		py, _ = filepath.Abs("../../.venv/bin/python")
	}
	if err := exec.Command(py, "-c", "import gateway_provisioners.response_manager").Run(); err != nil {
		t.Skipf("no Python with gateway_provisioners at %s (make venv installs it; or set YAK_GP_PYTHON): %v", py, err)
	}
	port := itoa(freePort(t))
	checkStandIn(t, py, "GP_RESPONSE_IP=127.0.0.1", "GP_RESPONSE_PORT="+port)
}

// The same against Jupyter Enterprise Gateway's ResponseManager. EG is not
// among the test requirements (its dependencies pin another Jupyter stack):
// YAK_EG_PYTHON names a Python with jupyter-enterprise-gateway installed.
func TestEnterpriseGatewayDecryptsTheResponse(t *testing.T) {
	py := os.Getenv("YAK_EG_PYTHON")
	if py == "" {
		t.Skip("set YAK_EG_PYTHON to a Python with jupyter-enterprise-gateway to run this")
	}
	port := itoa(freePort(t))
	checkStandIn(t, py, "YAK_STANDIN=enterprise-gateway", "EG_RESPONSE_IP=127.0.0.1", "EG_RESPONSE_PORT="+port)
}

func checkStandIn(t *testing.T, py string, env ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "../../tests/remote/response_manager_standin.py", "kid-python", "30")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	lines := bufio.NewScanner(out)
	var server struct {
		ResponseAddress string `json:"response_address"`
		PublicKey       string `json:"public_key"`
	}
	if !lines.Scan() || json.Unmarshal(lines.Bytes(), &server) != nil {
		t.Fatalf("stand-in said %q", lines.Text())
	}
	l, err := Prepare(Options{KernelID: "kid-python", ResponseAddress: server.ResponseAddress, PublicKey: server.PublicKey}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Respond(ctx); err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	if !lines.Scan() || json.Unmarshal(lines.Bytes(), &info) != nil {
		t.Fatalf("stand-in said %q", lines.Text())
	}
	want := map[string]any{"kernel_id": "kid-python", "key": l.Info.Key, "shell_port": float64(l.Info.ShellPort),
		"iopub_port": float64(l.Info.IOPubPort), "stdin_port": float64(l.Info.StdinPort), "hb_port": float64(l.Info.HBPort),
		"control_port": float64(l.Info.ControlPort), "comm_port": float64(l.CommPort()), "pid": float64(os.Getpid())}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("the provisioner decrypted %s = %v, want %v (all: %v)", k, info[k], v, info)
		}
	}
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestFromEnv(t *testing.T) {
	env := map[string]string{"KERNEL_ID": "k9", "EG_RESPONSE_ADDRESS": "10.0.0.1:8877", "PUBLIC_KEY": "KEY",
		"EG_PORT_RANGE": "1..2", "PORT_RANGE": "40000..41000"}
	o := FromEnv(func(k string) string { return env[k] }, Options{TransportEncryption: "auto"})
	want := Options{KernelID: "k9", ResponseAddress: "10.0.0.1:8877", PublicKey: "KEY", PortRange: "40000..41000", TransportEncryption: "auto"}
	if o != want {
		t.Errorf("FromEnv = %+v, want %+v", o, want)
	}
}
