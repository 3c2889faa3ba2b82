package nn

import "sync"

// layoutCache keeps the read-only layouts that a convolution derives from
// its geometry (padded planes, tap offsets): a training loop asks for the
// same few every step. A map under a lock rather than a sync.Map, whose
// Load would box the key.
type layoutCache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]*V
}

// get returns the layout for key, made by make on first use.
func (c *layoutCache[K, V]) get(key K, make func() *V) *V {
	c.mu.RLock()
	v := c.m[key]
	c.mu.RUnlock()
	if v != nil {
		return v
	}
	v = make()
	c.mu.Lock()
	if c.m == nil {
		c.m = map[K]*V{}
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}
