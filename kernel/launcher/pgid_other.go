//go:build !unix

package launcher

import "os"

func processGroup() int { return os.Getpid() }
