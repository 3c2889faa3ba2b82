package main

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

const data = `name,score
ann,90
bob,72
cid,85
`

func main() {
	r := csv.NewReader(strings.NewReader(data))
	rows, err := r.ReadAll()
	if err != nil {
		panic(err)
	}
	header := rows[0]
	fmt.Println("columns:", header)
	total := 0
	for _, row := range rows[1:] {
		n, err := strconv.Atoi(row[1])
		if err != nil {
			panic(err)
		}
		total += n
	}
	fmt.Printf("mean %.2f\n", float64(total)/float64(len(rows)-1))
}
