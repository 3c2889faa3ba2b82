package main

import (
	"fmt"
	"math"
	"slices"
)

type Matrix [][]float64

func Identity(n int) Matrix {
	m := make(Matrix, n)
	for i := range n {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	return m
}

func (m Matrix) Mul(o Matrix) Matrix {
	out := make(Matrix, len(m))
	for i := range m {
		out[i] = make([]float64, len(o[0]))
		for j := range o[0] {
			for k := range o {
				out[i][j] += m[i][k] * o[k][j]
			}
		}
	}
	return out
}

func stats(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

func main() {
	a := Matrix{{1, 2}, {3, 4}}
	fmt.Println(a.Mul(Identity(2)))
	fmt.Println(a.Mul(a))
	xs := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	m, s := stats(xs)
	fmt.Printf("mean %.2f sd %.2f\n", m, s)
	sorted := slices.Clone(xs)
	slices.Reverse(sorted)
	fmt.Println(sorted[:3], slices.Max(xs), min(m, s))
}
