package spec

import (
	"fmt"
	"strings"
)

// The gateway provisioners (PyPI gateway-provisioners, and Jupyter
// Enterprise Gateway's process proxies) that yak writes kernelspecs for.
const (
	Distributed = "distributed-provisioner"  // SSH to a list of hosts
	Kubernetes  = "kubernetes-provisioner"   // a pod per kernel
	Docker      = "docker-provisioner"       // a container per kernel
	DockerSwarm = "docker-swarm-provisioner" // a Swarm service per kernel
)

// ProcessProxies are Jupyter Enterprise Gateway's names for the same ways
// of launching (metadata.process_proxy.class_name in its kernelspecs).
var ProcessProxies = map[string]string{
	Distributed: "enterprise_gateway.services.processproxies.distributed.DistributedProcessProxy",
	Kubernetes:  "enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy",
	Docker:      "enterprise_gateway.services.processproxies.docker_swarm.DockerProcessProxy",
	DockerSwarm: "enterprise_gateway.services.processproxies.docker_swarm.DockerSwarmProcessProxy",
}

// ForEnterpriseGateway turns a spec of NewRemote into Enterprise Gateway's
// form: metadata.process_proxy (class name and the same config) in place of
// metadata.kernel_provisioner. The argv stays: yak reads both spellings of
// the launcher flags, and EG fills in the same placeholders.
func ForEnterpriseGateway(s Spec) (Spec, error) {
	kp, ok := s.Metadata["kernel_provisioner"].(map[string]any)
	if !ok {
		return s, fmt.Errorf("spec: not a remote kernelspec (no metadata.kernel_provisioner)")
	}
	name, _ := kp["provisioner_name"].(string)
	class, ok := ProcessProxies[name]
	if !ok {
		return s, fmt.Errorf("spec: Enterprise Gateway has no process proxy for %q", name)
	}
	md := map[string]any{}
	for k, v := range s.Metadata {
		if k != "kernel_provisioner" {
			md[k] = v
		}
	}
	config := map[string]any{}
	if c, ok := kp["config"].(map[string]any); ok {
		for k, v := range c {
			config[k] = v
		}
	}
	if hosts, ok := config["remote_hosts"].([]string); ok {
		config["remote_hosts"] = strings.Join(hosts, ",") // EG splits a string; the provisioner takes a list
	}
	md["process_proxy"] = map[string]any{"class_name": class, "config": config}
	s.Metadata = md
	return s, nil
}

// LaunchArgs are the launch-protocol arguments of a remote kernel's argv,
// with the placeholders that the provisioners fill in (kernel/launcher reads
// them). {transport_encryption} is always filled, with "" when the spec does
// not list curve in metadata.supported_encryption, as yak's specs do not.
var LaunchArgs = []string{
	"--kernel-id", "{kernel_id}",
	"--port-range", "{port_range}",
	"--response-address", "{response_address}",
	"--public-key", "{public_key}",
	"--transport-encryption", "{transport_encryption}",
}

// NewRemote returns a kernelspec that a gateway provisioner launches: argv
// starts the launcher (yak on the remote host, or the provisioner's own
// container launcher script), and metadata.kernel_provisioner names the
// provisioner and its config stanza (remote_hosts, image_name,
// launch_timeout, port_range... as the provisioner's spec apps write them).
// Interrupts are signals, which the provisioner sends over the launcher's
// communication port.
func NewRemote(argv []string, displayName, version, provisioner string, config map[string]any) (Spec, error) {
	switch provisioner {
	case Distributed, Kubernetes, Docker, DockerSwarm:
	default:
		return Spec{}, fmt.Errorf("spec: unknown provisioner %q (yak writes specs for %s, %s, %s and %s)", provisioner, Distributed, Kubernetes, Docker, DockerSwarm)
	}
	if len(argv) == 0 {
		return Spec{}, fmt.Errorf("spec: a remote kernelspec needs an argv")
	}
	if config == nil {
		config = map[string]any{}
	}
	return Spec{
		Argv:          append(append([]string(nil), argv...), LaunchArgs...),
		DisplayName:   displayName,
		Language:      "go",
		InterruptMode: "signal",
		Env:           map[string]string{},
		Metadata: map[string]any{
			"debugger":    false,
			"yak_version": version,
			"kernel_provisioner": map[string]any{
				"provisioner_name": provisioner,
				"config":           config,
			},
		},
	}, nil
}
