package main

import (
	"fmt"
	"reflect"
)

// %%
type user struct {
	Name  string `json:"name"`
	age   int
	Email string `json:"email,omitempty" db:"mail"`
}

// %%
type Celsius float64

// %%
func main() {
	t := reflect.TypeOf(user{})
	fmt.Println(t.String(), t.Name(), t.Kind(), t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Println(f.Name, f.Type, f.Tag, f.Tag.Get("db"), f.IsExported())
	}
	fmt.Println(reflect.TypeOf(Celsius(1)), reflect.TypeOf(Celsius(1)).Kind())
	v := reflect.ValueOf(&user{Name: "ann"}).Elem()
	v.Field(0).SetString("bob")
	fmt.Println(v.Interface(), v.Type())
	fmt.Println(reflect.DeepEqual(user{Name: "a"}, user{Name: "a"}))
}
