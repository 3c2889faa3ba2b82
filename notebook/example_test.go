package notebook_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/notebook"
)

// echo is a toy Interpreter: it prints each cell's source and shows its
// length as the cell's value.
type echo struct{}

func (echo) Info() kernel.LanguageInfo { return kernel.LanguageInfo{Name: "echo"} }
func (echo) Execute(ctx context.Context, code string, io kernel.ExecIO) (*display.Bundle, error) {
	if strings.HasPrefix(code, "fail") {
		return nil, &kernel.ExecError{Name: "EchoError", Value: "asked to fail"}
	}
	fmt.Fprintln(io.Stdout(), code)
	return &display.Bundle{Data: map[string]any{"text/plain": fmt.Sprint(len(code))}}, nil
}
func (echo) Complete(string, int) kernel.Completion     { return kernel.Completion{} }
func (echo) Inspect(string, int, int) kernel.Inspection { return kernel.Inspection{} }
func (echo) IsComplete(string) (string, string)         { return "complete", "" }
func (echo) Reset() error                               { return nil }
func (echo) Close() error                               { return nil }

func ExampleExecute() {
	nb, err := notebook.Parse([]byte(`{
 "nbformat": 4, "nbformat_minor": 5, "metadata": {},
 "cells": [
  {"id": "a", "cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "hello"},
  {"id": "b", "cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "fail"},
  {"id": "c", "cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "not reached"}
 ]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = notebook.Execute(context.Background(), nb, echo{}, notebook.Options{})
	fmt.Println("error:", err)
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			switch o.Type {
			case notebook.Stream:
				fmt.Printf("%s: %s %s %q\n", c.ID, o.Type, o.Name, o.Text)
			case notebook.ExecuteResult:
				fmt.Printf("%s: %s [%d] %v\n", c.ID, o.Type, *o.ExecutionCount, o.Data["text/plain"])
			case notebook.Error:
				fmt.Printf("%s: %s %s: %s\n", c.ID, o.Type, o.EName, o.EValue)
			}
		}
	}
	// Output:
	// error: cell 2 (id b) failed: EchoError: asked to fail
	// a: stream stdout "hello\n"
	// a: execute_result [1] 5
	// b: error EchoError: asked to fail
}
