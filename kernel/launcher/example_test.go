package launcher_test

import (
	"fmt"

	"github.com/yaknb/yak/kernel/launcher"
)

// A container launcher passes the protocol's arguments in the environment;
// flags given on the command line take precedence.
func ExampleFromEnv() {
	env := map[string]string{
		"KERNEL_ID":           "3f2a",
		"EG_RESPONSE_ADDRESS": "10.1.2.3:8877", // Enterprise Gateway's older name
		"PUBLIC_KEY":          "MIGfMA0G...",
		"PORT_RANGE":          "40000..41000",
	}
	o := launcher.FromEnv(func(k string) string { return env[k] }, launcher.Options{PortRange: "0..0"})
	fmt.Println(o.KernelID, o.ResponseAddress, o.PortRange)
	// Output: 3f2a 10.1.2.3:8877 0..0
}

func ExampleParsePortRange() {
	for _, r := range []string{"40000..41000", "0..0", "40000..40100"} {
		lo, hi, err := launcher.ParsePortRange(r, 1000)
		fmt.Println(lo, hi, err)
	}
	// Output:
	// 40000 41000 <nil>
	// 0 0 <nil>
	// 0 0 launcher: --port-range "40000..40100" spans 100 ports; it must span at least 1000 (MIN_PORT_RANGE_SIZE)
}
