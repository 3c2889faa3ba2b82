package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func isPalindrome(s string) bool {
	var clean []rune
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) {
			clean = append(clean, c)
		}
	}
	return string(clean) == reverse(string(clean))
}

func main() {
	fmt.Println(reverse("héllo, 世界"))
	fmt.Println(isPalindrome("A man, a plan, a canal: Panama"))
	var sb strings.Builder
	for i := range 5 {
		sb.WriteString(strconv.Itoa(i * i))
		sb.WriteByte(',')
	}
	fmt.Println(strings.TrimSuffix(sb.String(), ","))
	fmt.Println(strconv.Quote("tab\there"), strings.Title("x") == "X")
	counts := map[rune]int{}
	for _, r := range "mississippi" {
		counts[r]++
	}
	fmt.Println(counts['s'], counts['i'], len(counts))
}
