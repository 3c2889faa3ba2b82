package display

import (
	"fmt"
	"os"
	"sync/atomic"
)

var publisher atomic.Value // holds publisherHolder

type publisherHolder struct{ Publisher }

// SetPublisher routes Display, Update and Clear to p and returns the previous
// publisher (nil if none). The kernel's engine and `yak run` call it; a nil p
// restores the standard-output fallback.
func SetPublisher(p Publisher) Publisher {
	prev, _ := publisher.Swap(publisherHolder{p}).(publisherHolder)
	return prev.Publisher
}

// CurrentPublisher returns the installed publisher, or nil.
func CurrentPublisher() Publisher {
	h, _ := publisher.Load().(publisherHolder)
	return h.Publisher
}

// stdoutPublisher is the fallback for compiled programs: text/plain only.
type stdoutPublisher struct{}

func (stdoutPublisher) Publish(b Bundle, update bool) {
	if s, ok := b.Data["text/plain"].(string); ok {
		fmt.Fprintln(os.Stdout, s)
	}
}

func (stdoutPublisher) Clear(wait bool) {}

func current() Publisher {
	if p := CurrentPublisher(); p != nil {
		return p
	}
	return stdoutPublisher{}
}
