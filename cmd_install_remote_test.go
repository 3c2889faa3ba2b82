package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readSpec(t *testing.T, prefix, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(prefix, "share", "jupyter", "kernels", name, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// The argv placeholders and the kernel_provisioner stanza are those of the
// specs that gateway_provisioners' jupyter-ssh-spec / jupyter-k8s-spec /
// jupyter-docker-spec write (kernel-specs/ssh_python, container_python in
// gateway-provisioners 0.5.0), with yak in place of the Python launcher.
func TestInstallRemoteSpecs(t *testing.T) {
	launch := []any{"--kernel-id", "{kernel_id}", "--port-range", "{port_range}", "--response-address", "{response_address}",
		"--public-key", "{public_key}", "--transport-encryption", "{transport_encryption}"}
	script := filepath.Join(t.TempDir(), "launch_kubernetes.py")
	os.WriteFile(script, []byte("# stand-in\n"), 0o644)
	cases := []struct {
		args        []string
		argv        []any
		provisioner string
		config      map[string]any
	}{
		{[]string{"--ssh", "--remote-hosts", "10.0.0.2, 10.0.0.3", "--yak-path", "/opt/yak/bin/yak", "--launch-timeout", "60"},
			[]any{"/opt/yak/bin/yak", "kernel"}, "distributed-provisioner",
			map[string]any{"remote_hosts": []any{"10.0.0.2", "10.0.0.3"}, "launch_timeout": float64(60)}},
		{[]string{"--k8s", "--image", "ghcr.io/example/yak-kernel:0.1", "--launcher", script, "--port-range", "40000..42000"},
			[]any{"python3", script}, "kubernetes-provisioner",
			map[string]any{"image_name": "ghcr.io/example/yak-kernel:0.1", "port_range": "40000..42000"}},
		{[]string{"--docker", "--image", "yak-kernel", "--launcher", script, "--python", "/usr/bin/python3"},
			[]any{"/usr/bin/python3", script}, "docker-provisioner", map[string]any{"image_name": "yak-kernel"}},
		{[]string{"--docker-swarm", "--image", "yak-kernel", "--launcher", script},
			[]any{"python3", script}, "docker-swarm-provisioner", map[string]any{"image_name": "yak-kernel"}},
	}
	for _, c := range cases {
		prefix := t.TempDir()
		if err := cmdInstall(append([]string{"--prefix", prefix, "--name", "remote"}, c.args...)); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		s := readSpec(t, prefix, "remote")
		if want := append(c.argv, launch...); !reflect.DeepEqual(s["argv"], want) {
			t.Errorf("%v: argv %v, want %v", c.args, s["argv"], want)
		}
		kp := s["metadata"].(map[string]any)["kernel_provisioner"].(map[string]any)
		if kp["provisioner_name"] != c.provisioner || !reflect.DeepEqual(kp["config"], c.config) {
			t.Errorf("%v: kernel_provisioner %v, want %s %v", c.args, kp, c.provisioner, c.config)
		}
		if s["interrupt_mode"] != "signal" || s["language"] != "go" {
			t.Errorf("%v: %v", c.args, s)
		}
	}
}

func TestInstallForEnterpriseGateway(t *testing.T) {
	cases := []struct {
		args  []string
		class string
		argv0 string
	}{
		{[]string{"--ssh", "--remote-hosts", "h1,h2", "--yak-path", "/opt/yak/bin/yak"},
			"enterprise_gateway.services.processproxies.distributed.DistributedProcessProxy", "/opt/yak/bin/yak"},
		{[]string{"--k8s", "--image", "registry.example.org/yak-kernel:0.1.0",
			"--launcher", "/usr/local/share/jupyter/kernels/go_yak_kubernetes/scripts/launch_kubernetes.py"},
			"enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy", "python3"},
	}
	for _, c := range cases {
		prefix := t.TempDir()
		if err := cmdInstall(append([]string{"--prefix", prefix, "--name", "eg", "--enterprise-gateway"}, c.args...)); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		s := readSpec(t, prefix, "eg")
		md := s["metadata"].(map[string]any)
		pp, ok := md["process_proxy"].(map[string]any)
		if !ok || pp["class_name"] != c.class || md["kernel_provisioner"] != nil {
			t.Errorf("%v: metadata %v, want process_proxy %s and no kernel_provisioner", c.args, md, c.class)
		}
		if c.argv0 != "python3" && pp["config"].(map[string]any)["remote_hosts"] != "h1,h2" {
			t.Errorf("%v: EG takes remote_hosts as one comma-separated string: %v", c.args, pp["config"])
		}
		if argv := s["argv"].([]any); argv[0] != c.argv0 || argv[len(argv)-1] != "{transport_encryption}" {
			t.Errorf("%v: argv %v", c.args, argv)
		}
	}
	err := cmdInstall([]string{"--prefix", t.TempDir(), "--enterprise-gateway", "--k8s", "--image", "x"})
	if err == nil || !strings.Contains(err.Error(), "needs --launcher") {
		t.Errorf("--enterprise-gateway --k8s without --launcher: %v", err)
	}
}

func TestInstallRemoteRefusesBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--ssh", "--k8s"}, "choose one of --ssh, --k8s"},
		{[]string{"--remote-hosts", "a"}, "go with --ssh"},
		{[]string{"--enterprise-gateway"}, "go with --ssh"},
		{[]string{"--k8s"}, "needs --image"},
		{[]string{"--ssh", "--image", "x"}, "not --ssh"},
		{[]string{"--docker", "--image", "x", "--remote-hosts", "a"}, "are for --ssh"},
		{[]string{"--ssh", "--yak-path", "bin/yak"}, "must be absolute"},
		{[]string{"--k8s", "--image", "x", "--launcher", "/no/such/launch_kubernetes.py"}, "--launcher"},
		{[]string{"--k8s", "--image", "x", "--python", "/no/such/python"}, "cannot find gateway_provisioners"},
	}
	for _, c := range cases {
		err := cmdInstall(append([]string{"--prefix", t.TempDir()}, c.args...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

func TestLaunchArgsFillMissingValues(t *testing.T) {
	cases := []struct{ in, want []string }{
		{[]string{"--kernel-id", "k", "--transport-encryption"}, []string{"--kernel-id", "k", "--transport-encryption", ""}},
		{[]string{"--transport-encryption", "--kernel-id", "k"}, []string{"--transport-encryption", "", "--kernel-id", "k"}},
		{[]string{"--transport-encryption", "auto"}, []string{"--transport-encryption", "auto"}},
		{[]string{"--transport-encryption=auto"}, []string{"--transport-encryption=auto"}},
		{[]string{"--port-range", "--public-key", "x"}, []string{"--port-range", "", "--public-key", "x"}},
		{[]string{"--kernel-id", "--x"}, []string{"--kernel-id", "--x"}}, // required values stay as they are
		{[]string{"--RemoteProcessProxy.kernel-id", "k", "--RemoteProcessProxy.port-range", "--RemoteProcessProxy.public-key", "p"},
			[]string{"--kernel-id", "k", "--port-range", "", "--public-key", "p"}}, // Enterprise Gateway's spelling
	}
	for _, c := range cases {
		if got := launchArgs(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("launchArgs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The Enterprise Gateway kernelspec in deploy/ passes its flags in EG's
// spelling to EG's container launcher; the same flags must parse for `yak
// kernel` (a DistributedProcessProxy spec would give them to yak directly).
func TestEnterpriseGatewaySpecFlagsParse(t *testing.T) {
	b, err := os.ReadFile("deploy/remote/enterprise-gateway/go_yak_kubernetes/kernel.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Argv     []string       `json:"argv"`
		Metadata map[string]any `json:"metadata"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{kernel_id}", "k-1", "{port_range}", "0..0", "{response_address}", "10.0.0.1:8877", "{public_key}", "KEY")
	var args []string
	for _, a := range s.Argv[2:] { // after python and the launcher script
		args = append(args, fill.Replace(a))
	}
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	r := newRemoteFlags(fs)
	if err := fs.Parse(launchArgs(args)); err != nil {
		t.Fatal(err)
	}
	if o := r.opts; o.KernelID != "k-1" || o.PortRange != "0..0" || o.ResponseAddress != "10.0.0.1:8877" || o.PublicKey != "KEY" {
		t.Errorf("parsed %+v", o)
	}
	if _, ok := s.Metadata["process_proxy"].(map[string]any)["config"].(map[string]any)["image_name"]; !ok {
		t.Error("the EG spec names no image")
	}
}
