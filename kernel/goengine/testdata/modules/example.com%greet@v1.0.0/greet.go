// Package greet is a test module served by a file GOPROXY.
package greet

import (
	"strings"

	"example.com/shout"
)

// Hello greets name loudly.
func Hello(name string) string {
	return shout.Shout("hello, " + strings.TrimSpace(name))
}
