package kernel

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// CommOpenFunc is called when a front end opens a comm on a registered
// target. data is the comm_open's data. Returning an error refuses the comm:
// the kernel closes it and logs why.
type CommOpenFunc func(c *Comm, data map[string]any) error

var (
	targetsMu sync.RWMutex
	targets   = map[string]CommOpenFunc{}
)

// RegisterCommTarget makes target available to comm_open requests of every
// kernel in this process. Like database/sql's Register it panics on a nil
// function or a name registered twice: both are programming errors.
func RegisterCommTarget(target string, open CommOpenFunc) {
	targetsMu.Lock()
	defer targetsMu.Unlock()
	if open == nil {
		panic("kernel: RegisterCommTarget of " + target + " with a nil function")
	}
	if _, dup := targets[target]; dup {
		panic("kernel: RegisterCommTarget called twice for " + target)
	}
	targets[target] = open
}

// CommTargets lists the registered comm targets, sorted.
func CommTargets() []string {
	targetsMu.RLock()
	defer targetsMu.RUnlock()
	names := make([]string, 0, len(targets))
	for n := range targets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func lookupTarget(name string) CommOpenFunc {
	targetsMu.RLock()
	defer targetsMu.RUnlock()
	return targets[name]
}

// Comm is one open comm: a channel of custom messages between a front-end
// widget and kernel code.
type Comm struct {
	ID     string
	Target string

	k       *Kernel
	mu      sync.Mutex
	parent  *Message // the request being served when the kernel last heard from the front end
	onMsg   func(data map[string]any, buffers [][]byte)
	onClose func(data map[string]any)
	closed  bool
}

// OnMsg sets the function that receives the front end's comm_msg data.
func (c *Comm) OnMsg(f func(data map[string]any, buffers [][]byte)) {
	c.mu.Lock()
	c.onMsg = f
	c.mu.Unlock()
}

// OnClose sets the function called when the front end closes the comm.
func (c *Comm) OnClose(f func(data map[string]any)) {
	c.mu.Lock()
	c.onClose = f
	c.mu.Unlock()
}

// Send sends data (and binary buffers) to the front end as a comm_msg.
func (c *Comm) Send(data map[string]any, buffers ...[]byte) {
	c.mu.Lock()
	closed, parent := c.closed, c.parent
	c.mu.Unlock()
	if closed {
		return
	}
	c.k.publishBuffers(parent, "comm_msg", map[string]any{"comm_id": c.ID, "data": orEmptyMap(data)}, buffers)
}

// Close closes the comm from the kernel side.
func (c *Comm) Close(data map[string]any) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	parent := c.parent
	c.mu.Unlock()
	c.k.comms.remove(c.ID)
	c.k.publish(parent, "comm_close", map[string]any{"comm_id": c.ID, "data": orEmptyMap(data)})
}

type commManager struct {
	k     *Kernel
	mu    sync.Mutex
	comms map[string]*Comm
}

func newCommManager(k *Kernel) *commManager {
	return &commManager{k: k, comms: map[string]*Comm{}}
}

func (cm *commManager) get(id string) *Comm {
	cm.mu.Lock()
	defer cm.mu.Unlock()
	return cm.comms[id]
}

func (cm *commManager) remove(id string) {
	cm.mu.Lock()
	delete(cm.comms, id)
	cm.mu.Unlock()
}

func (cm *commManager) info(target string) map[string]any {
	cm.mu.Lock()
	defer cm.mu.Unlock()
	out := map[string]any{}
	for id, c := range cm.comms {
		if target == "" || c.Target == target {
			out[id] = map[string]any{"target_name": c.Target}
		}
	}
	return out
}

// OpenComm opens a comm from the kernel side on a target the front end knows.
func (k *Kernel) OpenComm(target string, data map[string]any) *Comm {
	var b [16]byte
	_, _ = rand.Read(b[:])
	c := &Comm{ID: hex.EncodeToString(b[:]), Target: target, k: k}
	k.comms.mu.Lock()
	k.comms.comms[c.ID] = c
	k.comms.mu.Unlock()
	k.publish(nil, "comm_open", map[string]any{"comm_id": c.ID, "target_name": target, "data": orEmptyMap(data)})
	return c
}

type commContent struct {
	CommID     string         `json:"comm_id"`
	TargetName string         `json:"target_name"`
	Data       map[string]any `json:"data"`
}

func (k *Kernel) commOpen(m *Message) {
	var req commContent
	if err := json.Unmarshal(m.Content, &req); err != nil || req.CommID == "" {
		k.log.Warn("kernel: dropping malformed comm_open", "err", err)
		return
	}
	open := lookupTarget(req.TargetName)
	c := &Comm{ID: req.CommID, Target: req.TargetName, k: k, parent: m}
	if open == nil {
		k.log.Warn("kernel: comm_open for an unregistered target; closing it", "target", req.TargetName)
		k.publish(m, "comm_close", map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
		return
	}
	k.comms.mu.Lock()
	k.comms.comms[c.ID] = c
	k.comms.mu.Unlock()
	if err := open(c, orEmptyMap(req.Data)); err != nil {
		k.log.Warn("kernel: comm target refused the comm", "target", req.TargetName, "err", err)
		c.Close(map[string]any{"error": fmt.Sprint(err)})
	}
}

func (k *Kernel) commMsg(m *Message) {
	var req commContent
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.log.Warn("kernel: dropping malformed comm_msg", "err", err)
		return
	}
	c := k.comms.get(req.CommID)
	if c == nil {
		k.log.Warn("kernel: comm_msg for an unknown comm", "comm_id", req.CommID)
		return
	}
	c.mu.Lock()
	c.parent = m
	f := c.onMsg
	c.mu.Unlock()
	if f != nil {
		f(orEmptyMap(req.Data), m.Buffers)
	}
}

func (k *Kernel) commClose(m *Message) {
	var req commContent
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.log.Warn("kernel: dropping malformed comm_close", "err", err)
		return
	}
	c := k.comms.get(req.CommID)
	if c == nil {
		return
	}
	k.comms.remove(c.ID)
	c.mu.Lock()
	c.closed = true
	f := c.onClose
	c.mu.Unlock()
	if f != nil {
		f(orEmptyMap(req.Data))
	}
}
