// Package shout is a test module served by a file GOPROXY.
package shout

import "strings"

// Shout upper-cases s and adds an exclamation mark.
func Shout(s string) string { return strings.ToUpper(s) + "!" }
