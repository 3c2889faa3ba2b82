package goengine

import "testing"

func TestEmbedFwdPass(t *testing.T) {
	setup := []string{"import (\"fmt\"; \"io\"; \"sort\"; \"sync\"; \"time\")"}
	testPass(t, []passCase{
		{setup: setup, in: "type reverse struct{ sort.Interface }\nfunc (r reverse) Less(i, j int) bool { return r.Interface.Less(j, i) }",
			want: "type reverse struct{ Interface sort.Interface }; func (_yakR reverse) Len() int { return _yakR.Interface.Len() }; func (_yakR reverse) Swap(_yakP0 int, _yakP1 int) { _yakR.Interface.Swap(_yakP0, _yakP1) }\nfunc (r reverse) Less(i, j int) bool { return r.Interface.Less(j, i) }",
			why:  "an embedded interface panics in yaegi's reflect.StructOf once the struct has methods: it becomes a field of its name, and its methods the struct does not declare are forwarded"},
		{setup: setup, in: "type counter struct {\n\tsync.Mutex\n\tN int\n}",
			want: "type counter struct {\n\tsync.Mutex\n\tN int\n}; func (_yakR *counter) Lock() { _yakR.Mutex.Lock() }; func (_yakR *counter) TryLock() bool { return _yakR.Mutex.TryLock() }; func (_yakR *counter) Unlock() { _yakR.Mutex.Unlock() }",
			why:  "pointer methods of a value embedded type go to the struct's pointer: *counter is a sync.Locker"},
		{setup: setup, in: "type w struct{ io.Writer; Name string }",
			want: "type w struct{ Writer io.Writer; Name string }; func (_yakR w) Write(_yakP0 []uint8) (int, error) { return _yakR.Writer.Write(_yakP0) }",
			why:  "an interface's method, with its results"},
		{setup: setup, in: "type a struct{ io.Reader; io.ReadCloser }",
			want: "type a struct{ Reader io.Reader; ReadCloser io.ReadCloser }; func (_yakR a) Close() error { return _yakR.ReadCloser.Close() }",
			why:  "a method that two embedded fields promote (Read) is ambiguous in Go: left out"},
	})
}
