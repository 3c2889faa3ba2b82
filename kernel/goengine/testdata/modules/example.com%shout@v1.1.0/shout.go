// Package shout is a test module served by a file GOPROXY.
package shout

import (
	"strings"
	"unicode"
)

// Shout upper-cases s (letters only) and adds an exclamation mark.
func Shout(s string) string {
	return strings.Map(func(r rune) rune { return unicode.ToUpper(r) }, s) + "!"
}
