package syntax // import "example.com/syntax"

func Broken() {
	return 1 +
}
