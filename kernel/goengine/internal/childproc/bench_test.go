//go:build unix

package childproc

import (
	"context"
	"os/exec"
	"testing"
)

// BenchmarkChild is what a child costs the kernel besides its own work:
// "true" starts and waits for /bin/true the way every child is (watchdog
// included); "watchdog" is the watchdog's share, started and ended alone.
func BenchmarkChild(b *testing.B) {
	b.Run("true", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := Run(context.Background(), exec.Command("/bin/true"), 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("watchdog", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			group, unwatch := watch()
			if group == 0 {
				b.Fatal("no watchdog")
			}
			unwatch()
		}
	})
}
