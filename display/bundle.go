package display

// Bundle is one rich output: the same value in several MIME types, as Jupyter's
// display_data, execute_result and update_display_data messages carry it.
//
// Text types (text/plain, text/html, image/svg+xml, text/markdown, text/latex)
// hold a string; binary images (image/png, image/jpeg) hold base64 text;
// application/json and its +json relatives hold any JSON-encodable value.
type Bundle struct {
	Data      map[string]any
	Metadata  map[string]any
	DisplayID string // transient display_id; empty when the output is never updated
}

// Publisher receives what cells display. The kernel's engine and `yak run`
// install one with SetPublisher; without one, Display writes text/plain to
// standard output so that compiled programs using this package still work.
type Publisher interface {
	// Publish sends b as display_data, or as update_display_data when update
	// is true (b.DisplayID then names the output to replace).
	Publish(b Bundle, update bool)
	// Clear clears the cell's output; with wait, only when new output arrives.
	Clear(wait bool)
}
