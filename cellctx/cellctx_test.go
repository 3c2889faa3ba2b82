package cellctx

import (
	"context"
	"errors"
	"testing"
)

func TestCurrentFollowsTheRunningCell(t *testing.T) {
	if Current.Done() != nil || Current.Err() != nil {
		t.Fatal("with no cell running, Current should be context.Background()")
	}
	first, stopFirst := context.WithCancel(context.Background())
	leave := Enter(first)
	derived, cancel := context.WithCancel(Current) // bound to the first cell
	defer cancel()
	stopFirst()
	<-derived.Done()
	if !errors.Is(Current.Err(), context.Canceled) {
		t.Fatalf("Current.Err() = %v after the cell's context was cancelled", Current.Err())
	}
	leave()

	second := context.WithValue(context.Background(), key{}, "second")
	leave = Enter(second)
	if Current.Err() != nil || Current.Value(key{}) != "second" {
		t.Fatalf("Current did not move to the second cell: err %v, value %v", Current.Err(), Current.Value(key{}))
	}
	leave()
	if Context() != context.Background() {
		t.Fatal("leave did not restore the context from before Enter")
	}
}

type key struct{}

func TestEnterNil(t *testing.T) {
	defer Enter(nil)()
	if Context() == nil {
		t.Fatal("Enter(nil) left a nil context")
	}
}

func TestResolveOutlivesTheCell(t *testing.T) {
	cell, stop := context.WithCancel(context.Background())
	leave := Enter(cell)
	kept := Current.(interface{ Resolve() context.Context }).Resolve()
	leave()
	stop()
	if kept.Err() == nil || Current.Err() != nil {
		t.Fatalf("kept %v, Current %v: work started in the cell must see its cancel after the cell ended", kept.Err(), Current.Err())
	}
}
