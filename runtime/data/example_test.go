package data_test

import (
	"fmt"

	"github.com/yaknb/yak/runtime/data"
)

func ExampleReadCSV() {
	d, err := data.ReadCSV("testdata/animals.csv.gz", data.CSVOptions{Label: "species", Drop: []string{"id"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.N, "rows of", d.Features, "classes", d.Classes)
	train, _, test, _ := d.Split(0, 0.25, 1)
	data.Standardize(train, test)
	fmt.Println(train.N, "train,", test.N, "test")
	// Output:
	// 4 rows of [height weight] classes [bird cat dog]
	// 3 train, 1 test
}

func ExampleReadCSV_missing() {
	_, err := data.ReadCSV("no/such/shuttle.csv.gz", data.CSVOptions{Label: "Class"})
	fmt.Println(err != nil)
	// Output: true
}
