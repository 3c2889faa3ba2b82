package display

import (
	"crypto/rand"
	"encoding/hex"
)

// Display renders v and publishes it as a new output of the running cell.
func Display(v any) {
	current().Publish(Render(v), false)
}

// DisplayID publishes v as a new output that Update can later replace, and
// returns its display id.
func DisplayID(v any) string {
	id := NewID()
	b := Render(v)
	b.DisplayID = id
	current().Publish(b, false)
	return id
}

// Update replaces every output shown with display id id (by DisplayID, or a
// bundle published with that DisplayID) by v's rendering. Front ends update
// outputs in place, in any cell that shows that id.
func Update(id string, v any) {
	b := Render(v)
	b.DisplayID = id
	current().Publish(b, true)
}

// Clear clears the running cell's output; with wait, the clearing happens
// when the next output arrives, which avoids flicker in animations.
func Clear(wait bool) {
	current().Clear(wait)
}

// NewID returns a fresh random display id (32 hex digits). Ids only need to
// be unique, not reproducible, so they come from crypto/rand rather than a
// seeded source.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
