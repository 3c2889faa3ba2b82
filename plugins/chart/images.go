package chart

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"

	"github.com/yaknb/yak/display"
)

// Grid is a grid of images with optional labels, for samples of a data set
// or of a generator. It has nothing to zoom or hover, so its HTML is the
// SVG itself rather than an ECharts canvas: no library to load, and the
// same picture everywhere.
type Grid struct {
	Frame
	images []image.Image
	labels []string
	cols   int
	err    error
}

// Images lays images out in cols columns (cols <= 0 picks up to 8), each
// scaled to a cell of about 96 pixels with pixels kept sharp, with labels
// (nil for none) under them.
func Images(title string, images []image.Image, labels []string, cols int) *Grid {
	c := &Grid{Frame: Frame{Title: title}, images: images, labels: labels, cols: cols}
	if len(images) == 0 {
		c.err = fmt.Errorf("chart: image grid %q has no images", title)
	}
	if labels != nil && len(labels) != len(images) && c.err == nil {
		c.err = fmt.Errorf("chart: image grid %q has %d images but %d labels: pass one label per image or nil", title, len(images), len(labels))
	}
	for i, im := range images {
		if im == nil && c.err == nil {
			c.err = fmt.Errorf("chart: image grid %q: image %d is nil", title, i)
		}
	}
	if c.cols <= 0 {
		c.cols = min(8, max(1, len(images)))
	}
	return c
}

// Err is the input error, or nil.
func (c *Grid) Err() error { return c.err }

// String describes the grid in a line of text.
func (c *Grid) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	b := c.images[0].Bounds()
	return fmt.Sprintf("image grid %q: %d images in %d columns, first %dx%d", c.Title, len(c.images), c.cols, b.Dx(), b.Dy())
}

// DisplayBundle renders the grid as HTML (the inline SVG), SVG and text.
func (c *Grid) DisplayBundle() display.Bundle {
	if c.err != nil {
		return errorBundle(c.err)
	}
	svg := c.SVG()
	return display.Bundle{Data: map[string]any{
		display.MIMEHTML: `<div class="yak-chart yak-image-grid">` + svg + `</div>`,
		display.MIMESVG:  svg,
		display.MIMEText: c.String(),
	}}
}

const gridCell = 96

// SVG is the grid with each image embedded as a PNG.
func (c *Grid) SVG() string {
	rows := (len(c.images) + c.cols - 1) / c.cols
	labelH := 0
	if c.labels != nil {
		labelH = 16
	}
	top := 12
	if c.Title != "" {
		top = 36
	}
	pitchX, pitchY := gridCell+8, gridCell+8+labelH
	w := c.cols*pitchX + 8
	h := top + rows*pitchY + 4
	cv := newCanvas(w, h, c.Title)
	for i, im := range c.images {
		x := float64(8 + (i%c.cols)*pitchX)
		y := float64(top + (i/c.cols)*pitchY)
		var buf bytes.Buffer
		if err := png.Encode(&buf, im); err != nil {
			continue
		}
		fmt.Fprintf(&cv.b, `<image x="%s" y="%s" width="%d" height="%d" preserveAspectRatio="xMidYMid meet" style="image-rendering:pixelated" xlink:href="data:image/png;base64,%s"/>`,
			f1(x), f1(y), gridCell, gridCell, base64.StdEncoding.EncodeToString(buf.Bytes()))
		if c.labels != nil {
			cv.text(x+gridCell/2, y+gridCell+13, "middle", c.labels[i], `fill="#333" font-size="11"`)
		}
	}
	return cv.String()
}
