package goengine

import "testing"

// A type whose method waits for a later cell is made anew under an
// internal name when the method compiles; a struct that embeds it (Get
// Programming with Go's lesson23 gps, split into cells) is written with
// the field's name in literals and selectors, and prints what go run
// prints.
var embedRenameCases = []struct{ name, src string }{
	{"struct embedding a type whose method came late", `
type world struct{ radius float64 }
// cell
type gps struct {
	world   world
	current float64
}
// cell
func (g gps) distance() float64 { return g.world.scaled(g.current) }
// cell
func (w world) scaled(x float64) float64 { return w.radius * x }
// cell
type rover struct {
	gps
	name string
}
// cell
func main() {
	gps := gps{world: world{2}, current: 1.5}
	r := rover{gps: gps, name: "curiosity"}
	r.gps.current = 2
	fmt.Println(r.name, r.distance(), r.gps.world.radius, gps.distance())
}
`},
}

func TestEmbeddedRenamedTypeAgreesWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, embedRenameCases, "import \"fmt\"\n")
}
