package main

import "fmt"

func Pic(dx, dy int) [][]uint8 {
	p := make([][]uint8, dy)
	for y := range p {
		p[y] = make([]uint8, dx)
		for x := range p[y] {
			p[y][x] = uint8(x ^ y)
		}
	}
	return p
}

func matmul(a, b [][]float64) [][]float64 {
	n, m, k := len(a), len(b[0]), len(b)
	c := make([][]float64, n)
	for i := range n {
		c[i] = make([]float64, m)
		for j := range m {
			for l := range k {
				c[i][j] += a[i][l] * b[l][j]
			}
		}
	}
	return c
}

func main() {
	fmt.Println(Pic(4, 3))
	a := [][]float64{{1, 2}, {3, 4}}
	fmt.Println(matmul(a, a))
	fmt.Println(min(3, 1, 2), max(2.5, 1.0))
}
