package main

import (
	"fmt"
	"os"
	"regexp"
	"text/template"
)

func main() {
	t1 := template.New("t1")
	t1 = template.Must(t1.Parse("Value is {{.}}\n"))
	t1.Execute(os.Stdout, "some text")
	t1.Execute(os.Stdout, 5)
	t3 := template.Must(template.New("t3").Parse("{{range .}}{{.}} {{end}}\n"))
	t3.Execute(os.Stdout, []string{"Go", "Rust", "C++"})
	match, _ := regexp.MatchString("p([a-z]+)ch", "peach")
	fmt.Println(match)
	r := regexp.MustCompile("p([a-z]+)ch")
	fmt.Println(r.FindString("peach punch"))
	fmt.Println(r.FindStringSubmatch("peach punch"))
	fmt.Println(r.FindAllString("peach punch pinch", -1))
	fmt.Println(r.ReplaceAllString("a peach", "<fruit>"))
}
