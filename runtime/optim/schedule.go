package optim

import "math"

// Schedule gives the learning rate at a step (counting from 0).
type Schedule interface {
	LR(step int) float64
}

// StepLR multiplies Base by Gamma every Every steps (torch StepLR).
type StepLR struct {
	Base  float64
	Gamma float64
	Every int
}

// LR returns Base·Gamma^⌊step/Every⌋.
func (s StepLR) LR(step int) float64 {
	if s.Every <= 0 {
		return s.Base
	}
	return s.Base * math.Pow(s.Gamma, float64(step/s.Every))
}

// Cosine anneals from Base to Min over Total steps along half a cosine
// (torch CosineAnnealingLR without restarts), after an optional linear
// warm-up of Warmup steps from 0 to Base. Past Total it stays at Min.
type Cosine struct {
	Base, Min     float64
	Total, Warmup int
}

// LR returns the learning rate at step.
func (c Cosine) LR(step int) float64 {
	if step < c.Warmup {
		return c.Base * float64(step+1) / float64(c.Warmup)
	}
	span := c.Total - c.Warmup
	if span <= 0 || step >= c.Total {
		return c.Min
	}
	f := float64(step-c.Warmup) / float64(span)
	return c.Min + (c.Base-c.Min)*(1+math.Cos(math.Pi*f))/2
}
