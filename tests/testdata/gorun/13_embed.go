package main

import "fmt"

// %%
type Animal struct{ Name string }

// %%
func (a Animal) Speak() string    { return a.Name + " makes a sound" }
func (a *Animal) Rename(n string) { a.Name = n }
func (a Animal) Describe() string { return "animal " + a.Name + ": " + a.Speak() }

// %%
type Dog struct {
	Animal
	Breed string
}

// %%
func (d Dog) Speak() string { return d.Name + " barks" }

// %%
type Speaker interface{ Speak() string }

// %%
type Logger struct{ prefix string }

// %%
func (l Logger) Log(s string) { fmt.Println(l.prefix + s) }

// %%
type Service struct {
	*Logger
	Dog
}

// %%
func main() {
	d := Dog{Animal{"Rex"}, "lab"}
	fmt.Println(d.Speak(), "|", d.Animal.Speak(), "|", d.Describe())
	d.Rename("Max")
	fmt.Println(d.Name)
	var s Speaker = d
	fmt.Println(s.Speak())
	svc := Service{&Logger{"> "}, d}
	svc.Log("hi " + svc.Name)
	fmt.Printf("%+v\n", d)
	fmt.Printf("%v\n", svc.Dog)
}
