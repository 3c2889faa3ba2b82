package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/jupyter/labextension"
)

func TestInstallEnvAndPluginPath(t *testing.T) {
	prefix := t.TempDir()
	plugins := t.TempDir()
	err := cmdInstall([]string{"--prefix", prefix, "--name", "yak-env",
		"--plugin-path", plugins, "--env", "YAK_LOG=info", "--env", "GOMAXPROCS=2"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(prefix, "share", "jupyter", "kernels", "yak-env", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Env           map[string]string `json:"env"`
		InterruptMode string            `json:"interrupt_mode"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"YAK_PLUGIN_PATH": plugins, "YAK_LOG": "info", "GOMAXPROCS": "2"}
	for k, v := range want {
		if s.Env[k] != v {
			t.Errorf("env %s = %q, want %q (kernel.json %s)", k, s.Env[k], v, b)
		}
	}
	if len(s.Env) != len(want) || s.InterruptMode != "message" {
		t.Errorf("kernel.json %s", b)
	}
}

func TestInstallRefusesBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--env", "NOEQUALS"}, "NAME=VALUE"},
		{[]string{"--env", "1BAD=x"}, "NAME=VALUE"},
		{[]string{"--plugin-path", "/no/such/plugin/dir"}, "not a directory"},
	}
	for _, tt := range tests {
		err := cmdInstall(append([]string{"--prefix", t.TempDir()}, tt.args...))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want one containing %q", tt.args, err, tt.want)
		}
	}
}

func TestUninstall(t *testing.T) {
	prefix := t.TempDir()
	if err := cmdInstall([]string{"--prefix", prefix, "--name", "yak-gone"}); err != nil {
		t.Fatal(err)
	}
	if err := cmdInstall([]string{"--prefix", prefix, "--name", "yak-other"}); err != nil {
		t.Fatal(err)
	}
	ext := labextension.Dir(filepath.Join(prefix, "share", "jupyter"))
	extThere := func() bool { _, err := os.Stat(filepath.Join(ext, "package.json")); return err == nil }
	if extThere() != labextension.Built() {
		t.Errorf("chart extension installed: %v, built into this binary: %v", extThere(), labextension.Built())
	}
	if err := cmdUninstall([]string{"--prefix", prefix, "--name", "yak-other"}); err != nil {
		t.Fatal(err)
	}
	if extThere() != labextension.Built() {
		t.Error("the chart extension was removed while yak-gone still uses it")
	}
	if err := cmdUninstall([]string{"--prefix", prefix, "--name", "yak-gone"}); err != nil {
		t.Fatal(err)
	}
	if extThere() {
		t.Error("the chart extension is still there after the last yak spec went")
	}
	if _, err := os.Stat(filepath.Join(prefix, "share", "jupyter", "kernels", "yak-gone")); !os.IsNotExist(err) {
		t.Errorf("spec still there: %v", err)
	}
	err := cmdUninstall([]string{"--prefix", prefix, "--name", "yak-gone"})
	if err == nil || !strings.Contains(err.Error(), "no such kernelspec") {
		t.Errorf("uninstalling twice: %v", err)
	}
}
