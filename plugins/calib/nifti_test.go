package calib

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNIfTIRoundTripAndSlices(t *testing.T) {
	dir := t.TempDir()
	// a 6×4×3 volume (x, y, z): intensity = x + 10y + 100z; labels: a
	// 2×2 square of class 2 in slice 1, nothing in slices 0 and 2
	img := &Volume{Dims: [3]int{6, 4, 3}, PixDim: [3]float64{1, 1, 2}}
	lab := &Volume{Dims: img.Dims}
	for z := 0; z < 3; z++ {
		for y := 0; y < 4; y++ {
			for x := 0; x < 6; x++ {
				img.Data = append(img.Data, float32(x+10*y+100*z))
				l := float32(0)
				if z == 1 && y >= 1 && y < 3 && x >= 2 && x < 4 {
					l = 2
				}
				lab.Data = append(lab.Data, l)
			}
		}
	}
	ip, lp := filepath.Join(dir, "img.nii.gz"), filepath.Join(dir, "lab.nii")
	if err := WriteNIfTI(ip, img); err != nil {
		t.Fatal(err)
	}
	if err := WriteNIfTI(lp, lab); err != nil {
		t.Fatal(err)
	}
	back, err := ReadNIfTI(ip)
	if err != nil {
		t.Fatal(err)
	}
	if back.Dims != img.Dims || back.PixDim[2] != 2 || back.Data[6*4+5] != 105 {
		t.Errorf("read back %v %v, voxel (5,0,1) = %v", back.Dims, back.PixDim, back.Data[6*4+5])
	}
	d, err := LoadNIfTISlices(ip, lp, SliceOptions{SkipEmpty: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 1 || d.Classes != 3 || d.Images.Dim(2) != 4 || d.Images.Dim(3) != 6 {
		t.Fatalf("slices %v, classes %d", d.Images.Shape(), d.Classes)
	}
	if d.Labels[1*6+2] != 2 || d.Labels[0] != 0 {
		t.Errorf("slice labels %v", d.Labels)
	}
	// padded to 8×8: the 4×6 slice sits at rows 2..5, columns 1..6
	p, err := LoadNIfTISlices(ip, lp, SliceOptions{Size: 8})
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != 3 || p.Labels[8*8+(2+1)*8+1+2] != 2 {
		t.Errorf("padded slices: %v, label at (3, 3) of slice 1 = %d", p.Images.Shape(), p.Labels[8*8+3*8+3])
	}
	j, err := Join(p, p)
	if err != nil || j.Len() != 6 {
		t.Errorf("join: %v %v", err, j)
	}
}

func TestNIfTIBadInput(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.nii")
	os.WriteFile(junk, []byte(strings.Repeat("x", 400)), 0o644)
	if _, err := ReadNIfTI(junk); err == nil || !strings.Contains(err.Error(), "NIfTI-1") {
		t.Errorf("junk file: %v", err)
	}
	if _, err := ReadNIfTI(filepath.Join(dir, "missing.nii")); err == nil {
		t.Error("missing file: no error")
	}
	a := &Volume{Dims: [3]int{2, 2, 1}, Data: []float32{0, 1, 2, 3}}
	b := &Volume{Dims: [3]int{2, 2, 1}, Data: []float32{0, 5, 0, 0}}
	c := &Volume{Dims: [3]int{2, 1, 1}, Data: []float32{0, 1}}
	ap, bp, cp := filepath.Join(dir, "a.nii"), filepath.Join(dir, "b.nii"), filepath.Join(dir, "c.nii")
	WriteNIfTI(ap, a)
	WriteNIfTI(bp, b)
	WriteNIfTI(cp, c)
	if _, err := LoadNIfTISlices(ap, bp, SliceOptions{Classes: 3}); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("label 5 with 3 classes: %v", err)
	}
	if _, err := LoadNIfTISlices(ap, cp, SliceOptions{}); err == nil {
		t.Error("image and labels of different sizes: no error")
	}
	// truncated file
	raw, _ := os.ReadFile(ap)
	os.WriteFile(ap, raw[:len(raw)-3], 0o644)
	if _, err := ReadNIfTI(ap); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated: %v", err)
	}
}
