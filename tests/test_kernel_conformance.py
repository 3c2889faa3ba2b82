"""The official Jupyter kernel conformance suite (jupyter_kernel_test) against yak.

Every attribute the suite reads is configured; only the pager test is skipped
(yak has no pager payloads).
"""

import unittest

import jupyter_kernel_test as jkt
from jupyter_client.manager import start_new_kernel

import kernel_support

DISPLAY = 'import "github.com/yaknb/yak/display"\n'


class YakKernelTests(jkt.KernelTests):
    kernel_name = kernel_support.NAME

    @classmethod
    def setUpClass(cls):
        with kernel_support.jupyter_env():
            cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name)

    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "something went wrong")'

    completion_samples = [
        {"text": "fmt.Print", "matches": {"Print", "Printf", "Println"}},
        {"text": "strings.ToUp", "matches": {"ToUpper", "ToUpperSpecial"}},
    ]

    complete_code_samples = ["x := 1", 'fmt.Println("hi")', "func f() int { return 1 }", "type T struct{ A int }"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {", "x := []int{1,", "type T struct {"]
    invalid_code_samples = ["x := )", "func f() }", "}"]

    code_generate_error = 'panic("this cell fails on purpose")'

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "6 * 7", "result": "42"},
        {"code": '"go" + "pher"', "result": "gopher"},
    ]
    code_history_pattern = "6 [*] 7"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": DISPLAY + 'display.Display(display.HTML("<b>bold</b>"))', "mime": "text/html"},
        {"code": DISPLAY + 'display.Display(display.Markdown("*yak*"))', "mime": "text/markdown"},
        {"code": DISPLAY + 'display.Display(display.SVG(`<svg xmlns="http://www.w3.org/2000/svg"/>`))',
         "mime": "image/svg+xml"},
        {"code": DISPLAY + 'display.Display(display.LaTeX(`$\\alpha$`))', "mime": "text/latex"},
        {"code": DISPLAY + 'display.Display(display.JSON(map[string]int{"a": 1}))', "mime": "application/json"},
        {"code": DISPLAY + 'display.Display(display.PNG([]byte("\\x89PNG\\r\\n\\x1a\\n")))', "mime": "image/png"},
    ]

    code_inspect_sample = "fmt.Println"

    code_clear_output = DISPLAY + "display.Clear(false)"


if __name__ == "__main__":
    unittest.main()
