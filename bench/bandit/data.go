package main

import (
	"fmt"
	"path/filepath"

	"github.com/yaknb/yak/plugins/bandit"
)

// dataSet is one of the shipped classification sets as a bandit.
type dataSet struct {
	name  string
	label string   // class column of a CSV ("" for MNIST)
	drop  []string // columns left out
}

// dataSets are the six bandits of the protocol: the five UCI sets shipped in
// notebooks/data, and MNIST's 10,000 t10k images pooled 4×4 to 49 features.
var dataSets = []dataSet{
	{name: "shuttle", label: "Class"},
	{name: "letter", label: "lettr"},
	{name: "satellite", label: "classes"},
	// V1 is a 15-level code (66 rows each, 6 per class): the speaker, not a measurement
	{name: "vowel", label: "Class", drop: []string{"V1"}},
	{name: "vehicle", label: "Class"},
	{name: "mnist"},
}

func findDataSet(name string) (dataSet, error) {
	for _, d := range dataSets {
		if d.name == name {
			return d, nil
		}
	}
	return dataSet{}, fmt.Errorf("unknown data set %q (known: shuttle, letter, satellite, vowel, vehicle, mnist)", name)
}

// load reads the data set from dir (notebooks/data).
func (d dataSet) load(dir string) (*bandit.Classification, error) {
	if d.name == "mnist" {
		return bandit.LoadIDXPooled(filepath.Join(dir, "mnist", "t10k-images-idx3-ubyte.gz"),
			filepath.Join(dir, "mnist", "t10k-labels-idx1-ubyte.gz"), 0, 4)
	}
	return bandit.LoadCSV(filepath.Join(dir, d.name+".csv.gz"), d.label, d.drop...)
}
