package calib

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/yaknb/yak/runtime/tensor"
)

// Volume is a NIfTI-1 image: Dims[0] × Dims[1] × Dims[2] voxels (x, y, z;
// a 2-D image has Dims[2] = 1), x fastest, after the file's intensity
// scaling (scl_slope, scl_inter) is applied.
type Volume struct {
	Dims   [3]int
	PixDim [3]float64
	Data   []float32
}

// ReadNIfTI reads a single-file NIfTI-1 image (.nii, or gzipped .nii.gz)
// of one of the common voxel types (u)int8/16/32, float32/64. Only the
// first volume of a 4-D file is read.
func ReadNIfTI(path string) (*Volume, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("calib: %w", err)
	}
	if strings.HasSuffix(path, ".gz") || (len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("calib: %s: %w", path, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("calib: %s: %w", path, err)
		}
	}
	v, err := parseNIfTI(raw)
	if err != nil {
		return nil, fmt.Errorf("calib: %s: %w", path, err)
	}
	return v, nil
}

func parseNIfTI(b []byte) (*Volume, error) {
	if len(b) < 348 {
		return nil, fmt.Errorf("not a NIfTI-1 file: %d bytes, a header has 348", len(b))
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if bo.Uint32(b) != 348 {
		bo = binary.BigEndian
		if bo.Uint32(b) != 348 {
			return nil, fmt.Errorf("not a NIfTI-1 file (sizeof_hdr is not 348; NIfTI-2 and ANALYZE .hdr/.img pairs are not supported)")
		}
	}
	if m := string(b[344:347]); m != "n+1" {
		return nil, fmt.Errorf("magic %q: only single-file NIfTI-1 (n+1) is supported", m)
	}
	i16 := func(off int) int { return int(int16(bo.Uint16(b[off:]))) }
	f32 := func(off int) float64 { return float64(math.Float32frombits(bo.Uint32(b[off:]))) }
	nd := i16(40)
	if nd < 2 || nd > 7 {
		return nil, fmt.Errorf("%d dimensions: want a 2-D or 3-D image", nd)
	}
	v := &Volume{Dims: [3]int{1, 1, 1}}
	for i := 0; i < 3 && i < nd; i++ {
		v.Dims[i] = i16(42 + 2*i)
		v.PixDim[i] = f32(80 + 4*i)
		if v.Dims[i] < 1 {
			return nil, fmt.Errorf("dimension %d has size %d", i+1, v.Dims[i])
		}
	}
	dtype, off := i16(70), int(f32(108))
	n := v.Dims[0] * v.Dims[1] * v.Dims[2]
	size := map[int]int{2: 1, 4: 2, 8: 4, 16: 4, 64: 8, 256: 1, 512: 2, 768: 4}[dtype]
	if size == 0 {
		return nil, fmt.Errorf("voxel datatype %d is not supported (use uint8, int16, int32, float32, float64, int8, uint16 or uint32)", dtype)
	}
	if off < 348 || off+n*size > len(b) {
		return nil, fmt.Errorf("file is truncated: %d voxels of %d bytes from offset %d need %d bytes, it has %d", n, size, off, off+n*size, len(b))
	}
	slope, inter := f32(112), f32(116)
	if slope == 0 || math.IsNaN(slope) {
		slope, inter = 1, 0
	}
	v.Data = make([]float32, n)
	d := b[off:]
	for i := range v.Data {
		var x float64
		switch dtype {
		case 2:
			x = float64(d[i])
		case 256:
			x = float64(int8(d[i]))
		case 4:
			x = float64(int16(bo.Uint16(d[2*i:])))
		case 512:
			x = float64(bo.Uint16(d[2*i:]))
		case 8:
			x = float64(int32(bo.Uint32(d[4*i:])))
		case 768:
			x = float64(bo.Uint32(d[4*i:]))
		case 16:
			x = float64(math.Float32frombits(bo.Uint32(d[4*i:])))
		case 64:
			x = math.Float64frombits(bo.Uint64(d[8*i:]))
		}
		v.Data[i] = float32(x*slope + inter)
	}
	return v, nil
}

// WriteNIfTI writes v as a little-endian float32 NIfTI-1 file, gzipped if
// path ends in .gz (for tests and for saving predictions).
func WriteNIfTI(path string, v *Volume) error {
	if n := v.Dims[0] * v.Dims[1] * v.Dims[2]; n != len(v.Data) || n == 0 {
		return fmt.Errorf("calib: volume of %v voxels holds %d values", v.Dims, len(v.Data))
	}
	h := make([]byte, 352)
	le := binary.LittleEndian
	le.PutUint32(h, 348)
	nd := 3
	if v.Dims[2] == 1 {
		nd = 2
	}
	le.PutUint16(h[40:], uint16(nd))
	for i := 0; i < 7; i++ {
		d, p := 1, float32(1)
		if i < 3 {
			d = v.Dims[i]
			if v.PixDim[i] > 0 {
				p = float32(v.PixDim[i])
			}
		}
		le.PutUint16(h[42+2*i:], uint16(d))
		le.PutUint32(h[80+4*i:], math.Float32bits(p))
	}
	le.PutUint16(h[70:], 16)
	le.PutUint16(h[72:], 32)
	le.PutUint32(h[108:], math.Float32bits(352))
	le.PutUint32(h[112:], math.Float32bits(1))
	copy(h[344:], "n+1\x00")
	buf := bytes.NewBuffer(h)
	for _, x := range v.Data {
		binary.Write(buf, le, x)
	}
	out := buf.Bytes()
	if strings.HasSuffix(path, ".gz") {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(out)
		zw.Close()
		out = z.Bytes()
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return fmt.Errorf("calib: %w", err)
	}
	return nil
}

// SliceOptions configures LoadNIfTISlices.
type SliceOptions struct {
	// Size, if set, centre-crops or zero-pads every slice to Size×Size
	// (the U-Net needs sides divisible by 2^Depth, and a batch one size).
	Size int
	// Classes is the number of label classes; 0 takes the largest label
	// + 1. A label outside [0, Classes) is an error.
	Classes int
	// SkipEmpty leaves out slices whose label map is all background.
	SkipEmpty bool
}

// LoadNIfTISlices reads an image volume and its label map (same
// dimensions) and returns their axial slices (along the third axis) as a
// Dataset: slice rows are y, columns x. Intensities are normalised to zero
// mean and unit variance over the volume; labels are rounded to integers.
func LoadNIfTISlices(imagePath, labelPath string, opt SliceOptions) (*Dataset, error) {
	img, err := ReadNIfTI(imagePath)
	if err != nil {
		return nil, err
	}
	lab, err := ReadNIfTI(labelPath)
	if err != nil {
		return nil, err
	}
	if img.Dims != lab.Dims {
		return nil, fmt.Errorf("calib: image %s is %v voxels but labels %s are %v", imagePath, img.Dims, labelPath, lab.Dims)
	}
	X, Y, Z := img.Dims[0], img.Dims[1], img.Dims[2]
	H, W := Y, X
	if opt.Size > 0 {
		H, W = opt.Size, opt.Size
	}
	classes := opt.Classes
	if classes == 0 {
		mx := 0.0
		for _, v := range lab.Data {
			mx = math.Max(mx, math.Round(float64(v)))
		}
		classes = int(mx) + 1
	}
	if classes < 2 {
		return nil, fmt.Errorf("calib: %s has no foreground label: want at least 2 classes", labelPath)
	}
	mean, sd := 0.0, 0.0
	for _, v := range img.Data {
		mean += float64(v)
	}
	mean /= float64(len(img.Data))
	for _, v := range img.Data {
		sd += (float64(v) - mean) * (float64(v) - mean)
	}
	sd = math.Sqrt(sd/float64(len(img.Data))) + 1e-8
	var xs []float32
	var ys []int
	nsl := 0
	oy, ox := (Y-H)/2, (X-W)/2 // source offset of the crop (negative: padding)
	for z := 0; z < Z; z++ {
		xsl := make([]float32, H*W)
		ysl := make([]int, H*W)
		fg := false
		for r := 0; r < H; r++ {
			for c := 0; c < W; c++ {
				sy, sx := r+oy, c+ox
				if sy < 0 || sy >= Y || sx < 0 || sx >= X {
					xsl[r*W+c] = float32(-mean / sd)
					continue
				}
				i := (z*Y+sy)*X + sx
				l := int(math.Round(float64(lab.Data[i])))
				if l < 0 || l >= classes {
					return nil, fmt.Errorf("calib: %s: label %d at voxel (%d, %d, %d) is out of range [0, %d)", labelPath, l, sx, sy, z, classes)
				}
				xsl[r*W+c] = float32((float64(img.Data[i]) - mean) / sd)
				ysl[r*W+c] = l
				fg = fg || l != 0
			}
		}
		if opt.SkipEmpty && !fg {
			continue
		}
		xs, ys = append(xs, xsl...), append(ys, ysl...)
		nsl++
	}
	if nsl == 0 {
		return nil, fmt.Errorf("calib: %s: no slice with foreground", labelPath)
	}
	return &Dataset{Images: tensor.New(xs, nsl, 1, H, W), Labels: ys, Classes: classes}, nil
}

// Join concatenates data sets of the same image size and classes (e.g.
// the slices of several volumes).
func Join(ds ...*Dataset) (*Dataset, error) {
	if len(ds) == 0 {
		return nil, fmt.Errorf("calib: nothing to join")
	}
	var ims []*tensor.Tensor
	var labels []int
	for i, d := range ds {
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("calib: data set %d: %w", i, err)
		}
		if d.Classes != ds[0].Classes || d.Images.Dim(2) != ds[0].Images.Dim(2) || d.Images.Dim(3) != ds[0].Images.Dim(3) {
			return nil, fmt.Errorf("calib: data set %d has %d classes of %v images, data set 0 %d of %v: load them with the same SliceOptions", i, d.Classes, d.Images.Shape(), ds[0].Classes, ds[0].Images.Shape())
		}
		ims = append(ims, d.Images)
		labels = append(labels, d.Labels...)
	}
	return &Dataset{Images: tensor.Concat(0, ims...), Labels: labels, Classes: ds[0].Classes, Names: ds[0].Names}, nil
}
