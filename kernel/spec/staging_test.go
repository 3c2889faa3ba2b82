package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInstallStagesOutsideKernels checks that nothing but finished specs ever
// sits in kernels/: Jupyter lists any directory there holding a kernel.json,
// so the staging and replaced copies live beside kernels/ and are gone after.
func TestInstallStagesOutsideKernels(t *testing.T) {
	data := t.TempDir()
	for _, exe := range []string{"/a/yak", "/b/yak"} { // install, then replace
		if _, err := Install(data, "yak", New(exe, "", "1")); err != nil {
			t.Fatal(err)
		}
		for dir, want := range map[string]string{data: "kernels", filepath.Join(data, "kernels"): "yak"} {
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || entries[0].Name() != want {
				t.Errorf("after installing %s, %s holds %v, want only %s", exe, dir, entries, want)
			}
		}
	}
}
