package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// %%
var ErrEmpty = errors.New("empty input")

// %%
type ParseError struct {
	Line int
	Err  error
}

// %%
func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// %%
func parse(s string) error {
	if s == "" {
		return &ParseError{3, ErrEmpty}
	}
	return nil
}

// %%
func main() {
	err := fmt.Errorf("load: %w", parse(""))
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrEmpty))
	var pe *ParseError
	if errors.As(err, &pe) {
		fmt.Println("line", pe.Line)
	}
	j := errors.Join(ErrEmpty, fs.ErrNotExist)
	fmt.Println(j, errors.Is(j, fs.ErrNotExist))
	_, err = os.Open("/definitely/not/here")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	var pathErr *fs.PathError
	fmt.Println(errors.As(err, &pathErr), pathErr.Op)
	two := fmt.Errorf("%w and %w", ErrEmpty, fs.ErrClosed)
	fmt.Println(two, errors.Is(two, fs.ErrClosed))
	fmt.Println(errors.Unwrap(err) != nil, parse("x") == nil)
}
