package data

import (
	"fmt"
	"math"
)

// Scaler standardises columns to zero mean and unit variance with
// statistics fitted on one set (the training part) and applied unchanged to
// the others, so that no information leaks from validation or test data.
type Scaler struct {
	Mean, Std []float32
}

// FitScaler computes each column's mean and (population) standard deviation
// over the rows of d. A constant column gets Std 1, so it maps to 0 rather
// than to NaN.
func FitScaler(d *Dataset) (*Scaler, error) {
	if d.N == 0 {
		return nil, fmt.Errorf("data: cannot fit a scaler on an empty data set")
	}
	s := &Scaler{Mean: make([]float32, d.Dim), Std: make([]float32, d.Dim)}
	sum := make([]float64, d.Dim)
	for i := 0; i < d.N; i++ {
		for j, v := range d.Row(i) {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("data: row %d, column %s is %v; drop or impute it before scaling", i, colName(d, j), v)
			}
			sum[j] += float64(v)
		}
	}
	for j := range sum {
		sum[j] /= float64(d.N)
		s.Mean[j] = float32(sum[j])
	}
	sq := make([]float64, d.Dim)
	for i := 0; i < d.N; i++ {
		for j, v := range d.Row(i) {
			dv := float64(v) - sum[j]
			sq[j] += dv * dv
		}
	}
	for j, v := range sq {
		sd := math.Sqrt(v / float64(d.N))
		if sd == 0 {
			sd = 1
		}
		s.Std[j] = float32(sd)
	}
	return s, nil
}

// Apply standardises d in place: x ← (x − Mean) / Std per column.
func (s *Scaler) Apply(d *Dataset) error {
	if d.Dim != len(s.Mean) {
		return fmt.Errorf("data: scaler fitted on %d columns, data set has %d", len(s.Mean), d.Dim)
	}
	for i := 0; i < d.N; i++ {
		row := d.Row(i)
		for j := range row {
			row[j] = (row[j] - s.Mean[j]) / s.Std[j]
		}
	}
	return nil
}

// Standardize fits a Scaler on train and applies it to train and to each of
// others (validation, test), returning the scaler for later data.
func Standardize(train *Dataset, others ...*Dataset) (*Scaler, error) {
	s, err := FitScaler(train)
	if err != nil {
		return nil, err
	}
	for _, d := range append([]*Dataset{train}, others...) {
		if d == nil {
			continue
		}
		if err := s.Apply(d); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func colName(d *Dataset, j int) string {
	if j < len(d.Features) {
		return fmt.Sprintf("%q", d.Features[j])
	}
	return fmt.Sprint(j)
}
