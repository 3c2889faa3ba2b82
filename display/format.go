package display

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// formatFloat writes x with about digits significant digits, in fixed
// notation for everyday magnitudes and in exponent notation otherwise, so a
// column of results stays readable (0.8123, 12.35, 1234, 1.235e+07).
func formatFloat(x float64, digits int) string {
	if digits <= 0 {
		digits = 4
	}
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	a := math.Abs(x)
	if a < 1e-3 || a >= 1e6 {
		return strconv.FormatFloat(x, 'e', digits-1, 64)
	}
	dec := digits - 1 - int(math.Floor(math.Log10(a)))
	if dec < 0 {
		dec = 0
	}
	return strconv.FormatFloat(x, 'f', dec, 64)
}

// formatValue is the text of a table cell or a progress metric.
func formatValue(v any, digits int) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return formatFloat(x, digits)
	case float32:
		return formatFloat(float64(x), digits)
	case Stat:
		return x.format(digits)
	case *Stat:
		if x == nil {
			return ""
		}
		return x.format(digits)
	case time.Duration:
		return x.String()
	case fmt.Stringer:
		return x.String()
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}

// isNumber reports whether v is a cell that aligns right.
func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		float32, float64, Stat, *Stat, time.Duration:
		return true
	}
	return false
}

// number returns v's value for comparisons (a Stat compares by its mean).
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	case float32:
		return float64(x), !math.IsNaN(float64(x))
	case Stat:
		return x.Mean, !math.IsNaN(x.Mean)
	case *Stat:
		if x != nil {
			return x.Mean, !math.IsNaN(x.Mean)
		}
	}
	return 0, false
}

// Stat is a mean with its standard error, the usual cell of an experiment
// table. It prints as "0.8123 ± 0.0041": the error with two significant
// digits and the mean to the same decimal place.
type Stat struct {
	Mean, SE float64
	N        int // number of samples; 0 when unknown
}

// MeanSE is the mean of xs and its standard error (sample standard deviation
// over √n). One sample has no error estimate: SE is NaN, and the Stat
// prints as its mean alone (a table of one seed shows plain numbers).
func MeanSE(xs []float64) Stat {
	n := len(xs)
	if n == 0 {
		return Stat{Mean: math.NaN(), SE: math.NaN()}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(n)
	if n == 1 {
		return Stat{Mean: mean, SE: math.NaN(), N: 1}
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return Stat{Mean: mean, SE: math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n)), N: n}
}

// PlusMinus is a Stat from an already computed mean and error.
func PlusMinus(mean, se float64) Stat { return Stat{Mean: mean, SE: se} }

func (s Stat) String() string { return s.format(4) }

func (s Stat) format(digits int) string {
	switch {
	case math.IsNaN(s.Mean):
		return "NaN"
	case math.IsNaN(s.SE):
		return formatFloat(s.Mean, digits)
	case s.SE <= 0 || math.IsInf(s.SE, 0):
		return formatFloat(s.Mean, digits) + " ± " + formatFloat(s.SE, digits)
	}
	dec := 1 - int(math.Floor(math.Log10(s.SE)))
	if dec < 0 {
		dec = 0
	}
	if dec > 12 {
		dec = 12
	}
	return strconv.FormatFloat(s.Mean, 'f', dec, 64) + " ± " + strconv.FormatFloat(s.SE, 'f', dec, 64)
}

// clock formats a duration as m:ss or h:mm:ss, as progress bars do.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 0 {
		s = 0
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// rate formats a speed in items per second with an SI suffix.
func rate(perSec float64) string {
	switch {
	case math.IsNaN(perSec) || math.IsInf(perSec, 0) || perSec <= 0:
		return "? it/s"
	case perSec < 1:
		return formatFloat(1/perSec, 3) + " s/it"
	case perSec >= 1e6:
		return formatFloat(perSec/1e6, 3) + "M it/s"
	case perSec >= 1e3:
		return formatFloat(perSec/1e3, 3) + "k it/s"
	}
	return formatFloat(perSec, 3) + " it/s"
}
