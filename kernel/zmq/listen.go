package zmq

import (
	"net"
	"strconv"

	"github.com/yaknb/yak/kernel/zmq/earlylisten"
)

// listen is net.Listen, except that a tcp port that earlylisten opened
// while the process started is taken over (with the connections already
// waiting in its backlog).
func listen(network, addr string) (net.Listener, error) {
	if network == "tcp" {
		if _, p, err := net.SplitHostPort(addr); err == nil {
			if port, err := strconv.Atoi(p); err == nil {
				if f := earlylisten.Take(port); f != nil {
					ln, err := net.FileListener(f)
					f.Close() // FileListener holds its own copy of the socket
					if err == nil {
						return ln, nil
					}
				}
			}
		}
	}
	return net.Listen(network, addr)
}
