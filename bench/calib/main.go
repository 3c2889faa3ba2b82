// Command calib measures the fidelity table of plugins/calib: CE, LS, SVLS,
// MbLS and NACL trained on the synthetic segmentation task over several
// seeds, scored on the test split raw and after temperature scaling, and
// prints the table as Markdown (for BENCHMARKS.md).
//
//	go run ./bench/calib -seeds 3 -n 48 -size 48 -epochs 15
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/calib"
)

func main() {
	seeds := flag.Int("seeds", 3, "training seeds per loss")
	n := flag.Int("n", 48, "training images (validation n/4, test n/2)")
	size := flag.Int("size", 48, "image side (divisible by 8)")
	epochs := flag.Int("epochs", 15, "epochs")
	base := flag.Int("base", 8, "U-Net base width")
	jitter := flag.Float64("jitter", 0.2, "boundary label jitter of the training and validation annotations")
	only := flag.String("losses", "", "comma-separated subset of CE,LS,SVLS,MbLS,NACL,Focal,ECP (default the paper's five)")
	flag.Parse()
	train, val, test, err := calib.SyntheticSplits(calib.SynthOptions{N: *n, Size: *size, Jitter: *jitter, Seed: 1})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	all := map[string]calib.Loss{"CE": calib.CE{}, "LS": calib.LS{}, "SVLS": calib.SVLS{}, "MbLS": calib.MbLS{},
		"NACL": calib.NACL{}, "Focal": calib.Focal{}, "ECP": calib.ECP{}}
	var losses []calib.Loss
	if *only != "" {
		for _, name := range strings.Split(*only, ",") {
			l, ok := all[name]
			if !ok {
				fmt.Fprintf(os.Stderr, "unknown loss %q\n", name)
				os.Exit(2)
			}
			losses = append(losses, l)
		}
	}
	t0 := time.Now()
	var seedList []uint64
	for s := 1; s <= *seeds; s++ {
		seedList = append(seedList, uint64(s))
	}
	c, err := calib.Experiment{Train: train, Val: val, Test: test, Losses: losses, Seeds: seedList,
		UNet: calib.UNetOptions{Base: *base}, Training: calib.TrainOptions{Epochs: *epochs}}.Run(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("synthetic task: %d train / %d val / %d test images of %dx%d, 4 classes, label jitter %.2f (train and val); "+
		"U-Net base %d depth 3, Adam 1e-3, batch 8, %d epochs, best epoch on validation Dice; seeds 1..%d; %s wall\n\n",
		train.Len(), val.Len(), test.Len(), *size, *size, *jitter, *base, *epochs, *seeds, time.Since(t0).Round(time.Second))
	fmt.Print(c.Markdown())
	fmt.Println()
	for _, r := range c.Runs {
		fmt.Printf("%s seed %d: best epoch %d, val Dice %.4f, T %.3f\n", r.Method, r.Seed, r.Trained.BestEpoch, r.Trained.BestValDice, r.Temperature)
	}
}
