package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// CSVOptions says how to read a CSV file. The zero value reads a file with
// a header row and no label column.
type CSVOptions struct {
	Label     string   // name of the label column in the header
	LabelLast bool     // the last column is the label (for files without a header)
	NoHeader  bool     // the first row is data; columns are then named by index
	Drop      []string // header names of columns to leave out (ids, factors)
	Comma     rune     // field separator; 0 means ','
}

// Errors a CSV can cause, wrapped with the file, line and column.
var (
	ErrHeader  = errors.New("data: bad CSV header")
	ErrRagged  = errors.New("data: CSV row has the wrong number of fields")
	ErrNumeric = errors.New("data: CSV value is not a number")
)

// ReadCSV reads a CSV file (gzipped or not) into a Dataset. Every column but
// the label and the dropped ones must be numeric; label values may be any
// text and become class indices (in numeric order when all labels are
// numbers, else in text order).
func ReadCSV(path string, opt CSVOptions) (*Dataset, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseCSV(f, path, opt)
}

// ParseCSV is ReadCSV on a reader; name appears in error messages.
func ParseCSV(r io.Reader, name string, opt CSVOptions) (*Dataset, error) {
	cr := csv.NewReader(r)
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.FieldsPerRecord = -1 // checked here, with a clearer message
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	first, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: %s is empty", ErrHeader, name)
	}
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	ncol := len(first)
	header := make([]string, ncol)
	if opt.NoHeader {
		for j := range header {
			header[j] = strconv.Itoa(j)
		}
	} else {
		for j, h := range first {
			header[j] = strings.TrimSpace(h)
		}
	}
	plan, err := planColumns(header, opt, name)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Dim: len(plan.features)}
	for _, j := range plan.features {
		d.Features = append(d.Features, header[j])
	}
	var labels []string
	row := func(rec []string) error {
		line, _ := cr.FieldPos(0)
		if len(rec) != ncol {
			return fmt.Errorf("%w: %s line %d has %d fields, the header has %d", ErrRagged, name, line, len(rec), ncol)
		}
		for _, j := range plan.features {
			s := strings.TrimSpace(rec[j])
			v, err := strconv.ParseFloat(s, 32)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				what := "is not a number"
				if s == "" || s == "NA" || s == "?" || strings.EqualFold(s, "nan") {
					what = "is a missing value; drop or impute such rows first"
				}
				return fmt.Errorf("%w: %s line %d, column %q: %q %s", ErrNumeric, name, line, header[j], s, what)
			}
			d.X = append(d.X, float32(v))
		}
		if plan.label >= 0 {
			labels = append(labels, strings.TrimSpace(rec[plan.label]))
		}
		d.N++
		return nil
	}
	if opt.NoHeader {
		if err := row(first); err != nil {
			return nil, err
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", name, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if err := row(rec); err != nil {
			return nil, err
		}
	}
	if plan.label >= 0 {
		d.Y, d.Classes = encodeLabels(labels)
	}
	return d, nil
}

type columnPlan struct {
	features []int
	label    int
}

func planColumns(header []string, opt CSVOptions, name string) (columnPlan, error) {
	p := columnPlan{label: -1}
	seen := map[string]bool{}
	for _, h := range header {
		if h == "" && !opt.NoHeader {
			return p, fmt.Errorf("%w: %s has an empty column name in its header %q; name every column (or set NoHeader if the first row is data)", ErrHeader, name, header)
		}
		if seen[h] {
			return p, fmt.Errorf("%w: %s names column %q twice", ErrHeader, name, h)
		}
		seen[h] = true
	}
	switch {
	case opt.Label != "":
		p.label = slices.Index(header, opt.Label)
		if p.label < 0 {
			return p, fmt.Errorf("%w: %s has no label column %q; its columns are %s", ErrHeader, name, opt.Label, strings.Join(header, ", "))
		}
	case opt.LabelLast:
		p.label = len(header) - 1
	}
	for _, dname := range opt.Drop {
		if !seen[dname] {
			return p, fmt.Errorf("%w: %s has no column %q to drop; its columns are %s", ErrHeader, name, dname, strings.Join(header, ", "))
		}
	}
	for j, h := range header {
		if j != p.label && !slices.Contains(opt.Drop, h) {
			p.features = append(p.features, j)
		}
	}
	if len(p.features) == 0 {
		return p, fmt.Errorf("%w: %s has no feature columns left", ErrHeader, name)
	}
	return p, nil
}

// encodeLabels maps label strings to class indices: numeric order when all
// are numbers (so "10" comes after "9"), else text order.
func encodeLabels(labels []string) ([]int, []string) {
	classes := slices.Clone(labels)
	slices.Sort(classes)
	classes = slices.Compact(classes)
	numeric := true
	nums := map[string]float64{}
	for _, c := range classes {
		v, err := strconv.ParseFloat(c, 64)
		if err != nil {
			numeric = false
			break
		}
		nums[c] = v
	}
	if numeric {
		slices.SortFunc(classes, func(a, b string) int {
			switch {
			case nums[a] < nums[b]:
				return -1
			case nums[a] > nums[b]:
				return 1
			}
			return strings.Compare(a, b)
		})
	}
	index := make(map[string]int, len(classes))
	for i, c := range classes {
		index[c] = i
	}
	y := make([]int, len(labels))
	for i, l := range labels {
		y[i] = index[l]
	}
	return y, classes
}
