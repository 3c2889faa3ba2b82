package spec

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
)

// The logo is a cream yak head with dark horns on a Go-blue rounded square.
// Shapes are in unit coordinates (0..1, y down) and painted in order; the
// PNG rasterizer and the SVG writer both read this one description.
type shape struct {
	kind   string // "rrect", "ellipse", "capsule"
	x, y   float64
	a, b   float64 // rrect: width, height; ellipse: radii; capsule: end point
	r      float64 // rrect: corner radius; capsule: half thickness
	fill   color.NRGBA
	svgHex string
}

var (
	goBlue = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	cream  = color.NRGBA{0xF6, 0xEE, 0xDC, 0xFF}
	horn   = color.NRGBA{0x3A, 0x2E, 0x26, 0xFF}
	dark   = color.NRGBA{0x1B, 0x2A, 0x35, 0xFF}
	muzzle = color.NRGBA{0x8A, 0x6F, 0x5A, 0xFF}
)

func hexOf(c color.NRGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

var logo = func() []shape {
	s := []shape{{kind: "rrect", x: 0, y: 0, a: 1, b: 1, r: 0.2, fill: goBlue}}
	for _, side := range []float64{-1, 1} {
		// each horn: out from the head, then up
		s = append(s,
			shape{kind: "capsule", x: 0.5 + side*0.12, y: 0.40, a: 0.5 + side*0.30, b: 0.30, r: 0.05, fill: horn},
			shape{kind: "capsule", x: 0.5 + side*0.30, y: 0.30, a: 0.5 + side*0.33, b: 0.13, r: 0.045, fill: horn})
	}
	s = append(s,
		shape{kind: "ellipse", x: 0.5, y: 0.58, a: 0.22, b: 0.28, fill: cream},
		shape{kind: "ellipse", x: 0.5, y: 0.76, a: 0.13, b: 0.09, fill: muzzle},
		shape{kind: "ellipse", x: 0.41, y: 0.53, a: 0.035, b: 0.035, fill: dark},
		shape{kind: "ellipse", x: 0.59, y: 0.53, a: 0.035, b: 0.035, fill: dark},
	)
	for i := range s {
		s[i].svgHex = hexOf(s[i].fill)
	}
	return s
}()

func (s shape) contains(px, py float64) bool {
	switch s.kind {
	case "rrect":
		// distance to the rectangle shrunk by r, compared with r
		dx := math.Max(math.Max(s.x+s.r-px, px-(s.x+s.a-s.r)), 0)
		dy := math.Max(math.Max(s.y+s.r-py, py-(s.y+s.b-s.r)), 0)
		return px >= s.x && px <= s.x+s.a && py >= s.y && py <= s.y+s.b && dx*dx+dy*dy <= s.r*s.r
	case "ellipse":
		dx, dy := (px-s.x)/s.a, (py-s.y)/s.b
		return dx*dx+dy*dy <= 1
	case "capsule":
		vx, vy := s.a-s.x, s.b-s.y
		t := ((px-s.x)*vx + (py-s.y)*vy) / (vx*vx + vy*vy)
		t = math.Max(0, math.Min(1, t))
		dx, dy := px-(s.x+t*vx), py-(s.y+t*vy)
		return dx*dx+dy*dy <= s.r*s.r
	}
	return false
}

// LogoPNG draws the logo as a size×size PNG, antialiased by 4×4 supersampling.
func LogoPNG(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := (float64(x) + (float64(sx)+0.5)/ss) / float64(size)
					py := (float64(y) + (float64(sy)+0.5)/ss) / float64(size)
					var c color.NRGBA
					for _, s := range logo {
						if s.contains(px, py) {
							c = s.fill
						}
					}
					r += float64(c.R) * float64(c.A)
					g += float64(c.G) * float64(c.A)
					b += float64(c.B) * float64(c.A)
					a += float64(c.A)
				}
			}
			if a > 0 {
				img.SetNRGBA(x, y, color.NRGBA{uint8(r/a + 0.5), uint8(g/a + 0.5), uint8(b/a + 0.5), uint8(a/(ss*ss) + 0.5)})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic("spec: encoding logo: " + err.Error()) // an in-memory buffer cannot fail
	}
	return buf.Bytes()
}

// num prints an SVG coordinate to two decimals, without float noise.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// LogoSVG is the logo as SVG (a 64×64 view box).
func LogoSVG() []byte {
	const u = 64.0
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` + "\n")
	for _, s := range logo {
		switch s.kind {
		case "rrect":
			fmt.Fprintf(&b, `  <rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s"/>`+"\n",
				num(s.x*u), num(s.y*u), num(s.a*u), num(s.b*u), num(s.r*u), s.svgHex)
		case "ellipse":
			fmt.Fprintf(&b, `  <ellipse cx="%s" cy="%s" rx="%s" ry="%s" fill="%s"/>`+"\n",
				num(s.x*u), num(s.y*u), num(s.a*u), num(s.b*u), s.svgHex)
		case "capsule":
			fmt.Fprintf(&b, `  <line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" stroke-linecap="round"/>`+"\n",
				num(s.x*u), num(s.y*u), num(s.a*u), num(s.b*u), s.svgHex, num(2*s.r*u))
		}
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}
