// Package greet is a tiny source package that the engine's tests load at
// run time.
package greet

import "strings"

// Loaded counts init runs.
var Loaded int

func init() { Loaded++ }

// Hello greets name loudly.
func Hello(name string) string { return "HELLO " + strings.ToUpper(name) }
