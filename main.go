// Command yak is a Jupyter kernel for Go, its installer and a headless notebook runner.
//
//	yak kernel --connection-file FILE   run as a Jupyter kernel (what kernel.json launches)
//	yak install [--user | --sys-prefix | --prefix DIR]
//	yak uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
//	yak run NOTEBOOK.ipynb ...           execute notebooks, write executed copies and HTML reports
//	yak models list | fetch NAME...      the pretrained language models' cache
//	yak version
package main

import (
	"fmt"
	"os"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/lm/ops"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// commands maps each subcommand to its entry point; each lives in its own file.
var commands = map[string]func(args []string) error{
	"version": cmdVersion,
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		if os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
			usage()
			return
		}
		fmt.Fprintf(os.Stderr, "yak: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err := cmd(os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "yak:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: yak <command> [arguments]

commands:
  kernel --connection-file FILE    run as a Jupyter kernel
  install [--user | --sys-prefix | --prefix DIR]
                                   install the "Go (yak)" kernelspec
  uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
                                   remove it
  run NOTEBOOK.ipynb ... [flags]   execute notebooks headlessly, write outputs and HTML reports
  models list | fetch NAME...      list or fetch the pretrained language models (the cache is
                                   $YAK_MODELS, else $XDG_CACHE_HOME/yak/models)
  version                          print the version
`)
}

// Version is set at build time with -ldflags "-X main.Version=..."; "dev" otherwise.
var Version = "0.1.0-dev"

func cmdVersion(args []string) error {
	fmt.Println("yak", Version)
	fmt.Println(gemm.Describe()) // the kernels chosen for this CPU (YAK_GEMM overrides)
	fmt.Println(vec.Describe())  // the element-wise kernels (YAK_VEC overrides)
	fmt.Println("lm: 8-bit integer dot " + ops.IntDotPath() + " (GGUF block weights in generation and prompts)")
	return nil
}
