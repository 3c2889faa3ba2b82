package bandit

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// LoadCSV reads a classification data set from a CSV file (gzip-compressed
// when its name ends in .gz) with a header row, and makes it a bandit (see
// NewClassification). labelColumn names the class column ("" for the last
// one); every other column must be numeric ("NA", "NaN" and empty cells are
// missing values, which NewClassification refuses). Columns named in drop
// are left out (an identifier, say, or a categorical code such as vowel's
// speaker V1). Classes are numbered in sorted order of their labels.
func LoadCSV(path, labelColumn string, drop ...string) (*Classification, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bandit: %w (the notebooks' data sets are in notebooks/data)", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("bandit: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".gz"), ".csv")
	return ReadCSV(name, r, labelColumn, drop...)
}

// ReadCSV is LoadCSV on a reader; name names the data set in messages.
func ReadCSV(name string, r io.Reader, labelColumn string, drop ...string) (*Classification, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%w: %s is empty", ErrData, name)
		}
		return nil, fmt.Errorf("bandit: %s: %w", name, err)
	}
	head = slices.Clone(head)
	li := len(head) - 1
	if labelColumn != "" {
		li = slices.Index(head, labelColumn)
		if li < 0 {
			return nil, fmt.Errorf("%w: %s has no column %q (columns: %s)", ErrData, name, labelColumn, strings.Join(head, ", "))
		}
	}
	skip := make([]bool, len(head))
	for _, c := range drop {
		j := slices.Index(head, c)
		if j < 0 {
			return nil, fmt.Errorf("%w: %s has no column %q to drop (columns: %s)", ErrData, name, c, strings.Join(head, ", "))
		}
		if j == li {
			return nil, fmt.Errorf("%w: %s: %q is the label column and cannot be dropped", ErrData, name, c)
		}
		skip[j] = true
	}
	if len(head)-1-countTrue(skip) < 1 {
		return nil, fmt.Errorf("%w: %s needs feature columns besides the label", ErrData, name)
	}
	var rows [][]float64
	var raw []string
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bandit: %s: %w", name, err)
		}
		row := make([]float64, 0, len(rec)-1)
		for j, s := range rec {
			if j == li {
				raw = append(raw, s)
				continue
			}
			if skip[j] {
				continue
			}
			v, err := parseCell(s)
			if err != nil {
				return nil, fmt.Errorf("%w: %s line %d column %q: %q is not a number", ErrData, name, line, head[j], s)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	labels := slices.Clone(raw)
	slices.Sort(labels)
	labels = slices.Compact(labels)
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	y := make([]int, len(raw))
	for i, l := range raw {
		y[i] = index[l]
	}
	return NewClassification(name, rows, y, labels)
}

func parseCell(s string) (float64, error) {
	switch strings.TrimSpace(s) {
	case "", "NA", "NaN", "nan", "?":
		return math.NaN(), nil
	}
	return strconv.ParseFloat(strings.TrimSpace(s), 64)
}

func countTrue(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}
