package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// %%
type Address struct {
	City string `json:"city"`
	Zip  string `json:"zip,omitempty"`
}

// %%
type Level int

// %%
func (l Level) MarshalJSON() ([]byte, error) {
	return json.Marshal(strings.Repeat("*", int(l)))
}

// %%
type Person struct {
	Name    string   `json:"name"`
	Age     int      `json:"age"`
	Emails  []string `json:"emails"`
	Address `json:"address"`
	secret  string
	Skill   Level   `json:"skill"`
	Score   float64 `json:"score"`
	Tags    map[string]int
}

// %%
func main() {
	p := Person{Name: "Ann", Age: 30, Address: Address{City: "Oslo"}, secret: "x", Skill: 3, Score: 1e21,
		Tags: map[string]int{"b": 2, "a": 1}}
	b, err := json.Marshal(p)
	fmt.Println(string(b), err)
	var back Person
	err = json.Unmarshal(b, &back)
	fmt.Println(err)
	var q Person
	err = json.Unmarshal([]byte(`{"name":"Bob","age":41,"emails":["b@x"],"address":{"city":"Rome","zip":"00100"},"score":2.5}`), &q)
	fmt.Printf("%+v %v\n", q, err)
	var anyv map[string]any
	json.Unmarshal(b, &anyv)
	fmt.Println(anyv["age"], anyv["address"])
	fmt.Printf("%T\n", anyv["age"])
	ind, _ := json.MarshalIndent(Address{City: "X"}, "", "  ")
	fmt.Println(string(ind))
	var bad Person
	fmt.Println(json.Unmarshal([]byte(`{"age":"old"}`), &bad))
}
