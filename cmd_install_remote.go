package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/yaknb/yak/kernel/spec"
)

// remoteInstall are yak install's options for the kernelspecs of the
// gateway provisioners: what jupyter-ssh-spec, jupyter-k8s-spec and
// jupyter-docker-spec write for a Python kernel, with yak as the kernel.
type remoteInstall struct {
	ssh, k8s, docker, swarm bool
	eg                      bool
	hosts                   string
	yakPath                 string
	image                   string
	launcher                string
	python                  string
	launchTimeout           int
	portRange               string
}

func newRemoteInstall(fs *flag.FlagSet) *remoteInstall {
	r := &remoteInstall{}
	fs.BoolVar(&r.ssh, "ssh", false, "write a spec for gateway_provisioners' DistributedProvisioner: kernels start on --remote-hosts over SSH")
	fs.BoolVar(&r.k8s, "k8s", false, "write a spec for the KubernetesProvisioner: a pod of --image per kernel")
	fs.BoolVar(&r.docker, "docker", false, "write a spec for the DockerProvisioner: a container of --image per kernel")
	fs.BoolVar(&r.swarm, "docker-swarm", false, "write a spec for the DockerSwarmProvisioner: a service of --image per kernel")
	fs.BoolVar(&r.eg, "enterprise-gateway", false, "with --ssh/--k8s/--docker/--docker-swarm: write Jupyter Enterprise Gateway's form of the spec (metadata.process_proxy) for EG's kernels directory; container kinds then need --launcher, the path of EG's launch_kubernetes.py / launch_docker.py on the gateway")
	fs.StringVar(&r.hosts, "remote-hosts", "", "--ssh: `HOST[,HOST...]` to start kernels on, round-robin (default: the provisioner's GP_REMOTE_HOSTS)")
	fs.StringVar(&r.yakPath, "yak-path", "", "--ssh: the yak binary's `path` on the remote hosts (default: this binary's path)")
	fs.StringVar(&r.image, "image", "", "--k8s/--docker/--docker-swarm: the kernel `image` (built from deploy/remote/Dockerfile)")
	fs.StringVar(&r.launcher, "launcher", "", "--k8s/--docker/--docker-swarm: gateway_provisioners' launch_kubernetes.py or launch_docker.py (`path`; default: found in --python's gateway_provisioners)")
	fs.StringVar(&r.python, "python", "python3", "--k8s/--docker/--docker-swarm: the `python` that runs the provisioner's container launcher on the server")
	fs.IntVar(&r.launchTimeout, "launch-timeout", 0, "seconds the provisioner waits for a kernel to report (`N`; default: the provisioner's KERNEL_LAUNCH_TIMEOUT)")
	fs.StringVar(&r.portRange, "port-range", "", "`LOWER..UPPER` ports kernels of this spec use (default: the provisioner's GP_PORT_RANGE)")
	return r
}

func (r *remoteInstall) chosen() (string, error) {
	var kinds []string
	for _, k := range []struct {
		on   bool
		name string
	}{{r.ssh, "--ssh"}, {r.k8s, "--k8s"}, {r.docker, "--docker"}, {r.swarm, "--docker-swarm"}} {
		if k.on {
			kinds = append(kinds, k.name)
		}
	}
	if len(kinds) > 1 {
		return "", fmt.Errorf("install: choose one of %s", strings.Join(kinds, ", "))
	}
	if len(kinds) == 0 {
		if r.hosts != "" || r.yakPath != "" || r.image != "" || r.launcher != "" || r.eg {
			return "", fmt.Errorf("install: --remote-hosts, --yak-path, --image, --launcher and --enterprise-gateway go with --ssh, --k8s, --docker or --docker-swarm")
		}
		return "", nil
	}
	return kinds[0], nil
}

// spec builds the kernelspec of the chosen provisioner (in Enterprise
// Gateway's form with --enterprise-gateway); exe is this binary.
func (r *remoteInstall) spec(kind, exe, display string) (spec.Spec, error) {
	if r.eg && kind != "--ssh" && r.launcher == "" {
		return spec.Spec{}, fmt.Errorf("install: --enterprise-gateway %s needs --launcher PATH: where EG's launch script is on the gateway (e.g. /usr/local/share/jupyter/kernels/NAME/scripts/launch_kubernetes.py, copied from EG's python_kubernetes spec)", kind)
	}
	s, err := r.build(kind, exe, display)
	if err != nil || !r.eg {
		return s, err
	}
	return spec.ForEnterpriseGateway(s)
}

func (r *remoteInstall) build(kind, exe, display string) (spec.Spec, error) {
	config := map[string]any{}
	if r.launchTimeout > 0 {
		config["launch_timeout"] = r.launchTimeout
	}
	if r.portRange != "" {
		config["port_range"] = r.portRange
	}
	if kind == "--ssh" {
		if r.image != "" || r.launcher != "" {
			return spec.Spec{}, fmt.Errorf("install: --image and --launcher are for container provisioners, not --ssh")
		}
		if r.hosts != "" {
			var hosts []string
			for _, h := range strings.Split(r.hosts, ",") {
				if h = strings.TrimSpace(h); h != "" {
					hosts = append(hosts, h)
				}
			}
			config["remote_hosts"] = hosts
		}
		yak := r.yakPath
		if yak == "" {
			yak = exe
		}
		if !filepath.IsAbs(yak) {
			return spec.Spec{}, fmt.Errorf("install: --yak-path %q must be absolute: it is run over ssh on every remote host", yak)
		}
		return spec.NewRemote([]string{yak, "kernel"}, display, Version, spec.Distributed, config)
	}
	if r.hosts != "" || r.yakPath != "" {
		return spec.Spec{}, fmt.Errorf("install: --remote-hosts and --yak-path are for --ssh; a container's yak is the image's")
	}
	if r.image == "" {
		return spec.Spec{}, fmt.Errorf("install: %s needs --image NAME: the yak kernel image (deploy/remote/Dockerfile builds one)", kind)
	}
	config["image_name"] = r.image
	script, provisioner := "launch_docker.py", spec.Docker
	switch kind {
	case "--k8s":
		script, provisioner = "launch_kubernetes.py", spec.Kubernetes
	case "--docker-swarm":
		provisioner = spec.DockerSwarm
	}
	launcher, err := r.findLauncher(script)
	if err != nil {
		return spec.Spec{}, err
	}
	return spec.NewRemote([]string{r.python, launcher}, display, Version, provisioner, config)
}

// findLauncher locates the provisioner's container launcher script, which
// runs on the server and starts the kernel's container (the container runs
// `yak kernel --from-env`). jupyter-k8s-spec copies it into the spec;
// yak's spec points at the installed one instead.
func (r *remoteInstall) findLauncher(script string) (string, error) {
	if r.launcher != "" && r.eg {
		return r.launcher, nil // a path on the gateway, not here
	}
	if r.launcher != "" {
		if _, err := os.Stat(r.launcher); err != nil {
			return "", fmt.Errorf("install: --launcher: %v", err)
		}
		return filepath.Abs(r.launcher)
	}
	dir := map[string]string{"launch_kubernetes.py": "kubernetes", "launch_docker.py": "docker"}[script]
	out, err := exec.Command(r.python, "-c", "import gateway_provisioners, os; print(os.path.dirname(gateway_provisioners.__file__))").Output()
	if err != nil {
		return "", fmt.Errorf("install: cannot find gateway_provisioners with %s (%v): install it (pip install gateway-provisioners) where the Jupyter server runs, or give --launcher PATH/%s", r.python, err, script)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "kernel-launchers", dir, "scripts", script)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("install: gateway_provisioners has no %s (%v); give --launcher PATH", p, err)
	}
	return p, nil
}
