package gobuild

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestMain lets the test binary play the programs of the process tests:
// GOBUILD_TEST_HELPER=spin is a program that never ends (it writes its
// pid to GOBUILD_TEST_PIDFILE first), =parent is a kernel that runs it.
func TestMain(m *testing.M) {
	switch os.Getenv("GOBUILD_TEST_HELPER") {
	case "spin":
		os.WriteFile(os.Getenv("GOBUILD_TEST_PIDFILE"), []byte(strconv.Itoa(os.Getpid())), 0o644)
		for {
			time.Sleep(time.Hour)
		}
	case "parent":
		env := append(os.Environ(), "GOBUILD_TEST_HELPER=spin")
		Run(context.Background(), os.Args[0], RunOptions{Env: env})
		os.Exit(0)
	}
	os.Exit(m.Run())
}
