package calib

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// TrainOptions configures Train. Zero fields take the defaults shown.
type TrainOptions struct {
	Epochs int     // passes over the training set (20)
	Batch  int     // images per step (8)
	LR     float64 // Adam's step size (1e-3)
	Seed   uint64  // shuffling (the U-Net has its own seed)
	// Progress, if set, advances by one per training step.
	Progress display.Reporter
}

func (o TrainOptions) defaults() TrainOptions {
	if o.Epochs == 0 {
		o.Epochs = 20
	}
	if o.Batch == 0 {
		o.Batch = 8
	}
	if o.LR == 0 {
		o.LR = 1e-3
	}
	return o
}

// Trained is a trained model and its training record.
type Trained struct {
	Model       *UNet
	Loss        string
	BestEpoch   int       // epoch (1-based) whose weights were kept
	BestValDice float64   // its mean validation Dice
	TrainLoss   []float64 // mean training loss per epoch
	ValDice     []float64 // mean validation Dice per epoch
}

// Train fits a U-Net with Adam on train under loss, scores the mean
// foreground Dice on val after every epoch and keeps the weights of the
// best epoch (model selection on validation Dice, as in the paper).
//
// A done ctx stops training within one step, with an error that wraps
// ctx.Err().
func Train(ctx context.Context, train, val *Dataset, loss Loss, net UNetOptions, opt TrainOptions) (*Trained, error) {
	ctx = runs.Context(ctx)
	for _, d := range []*Dataset{train, val} {
		if err := d.Validate(); err != nil {
			return nil, err
		}
	}
	if loss == nil {
		return nil, fmt.Errorf("calib: no loss given (use calib.CE{}, calib.NACL{}, ...)")
	}
	if net.Classes == 0 {
		net.Classes = train.Classes
	}
	if net.Classes != train.Classes || val.Classes != train.Classes {
		return nil, fmt.Errorf("calib: the U-Net has %d classes, the training set %d and the validation set %d", net.Classes, train.Classes, val.Classes)
	}
	if net.Dims == 0 {
		net.Dims = train.Images.Rank() - 2 // volumes get the 3-D U-Net
	}
	if val.Images.Rank() != train.Images.Rank() {
		return nil, fmt.Errorf("calib: the training set has shape %v and the validation set %v: both images or both volumes", train.Images.Shape(), val.Images.Shape())
	}
	o := opt.defaults()
	m, err := NewUNet(net)
	if err != nil {
		return nil, err
	}
	if err := m.checkInput(train.Images); err != nil {
		return nil, err
	}
	params := m.Parameters()
	ad := optim.NewAdam(params, o.LR)
	best := make([][]float32, len(params))
	res := &Trained{Model: m, Loss: loss.Name(), BestValDice: -1}
	r := rand.New(rand.NewPCG(o.Seed, 7))
	step := 0
	for ep := 1; ep <= o.Epochs; ep++ {
		perm := r.Perm(train.Len())
		sum, cnt := 0.0, 0
		for i := 0; i < len(perm); i += o.Batch {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("calib: training %s stopped in epoch %d: %w", loss.Name(), ep, err)
			}
			x, y := train.Batch(perm[i:min(i+o.Batch, len(perm))])
			ad.ZeroGrad()
			l, err := loss.Loss(m.Forward(x), y)
			if err != nil {
				return nil, fmt.Errorf("calib: epoch %d: %w", ep, err)
			}
			l.Backward()
			l.FreeGraph() // the step's feature maps are reused by the next one
			ad.Step()
			sum += float64(l.Item())
			cnt++
			step++
			if o.Progress != nil {
				o.Progress.Set(step, "epoch", ep, "loss", sum/float64(cnt))
			}
		}
		res.TrainLoss = append(res.TrainLoss, sum/float64(cnt))
		d, err := meanDice(m, val)
		if err != nil {
			return nil, err
		}
		res.ValDice = append(res.ValDice, d)
		if d > res.BestValDice {
			res.BestValDice, res.BestEpoch = d, ep
			for i, p := range params {
				best[i] = append(best[i][:0], p.Data...)
			}
		}
	}
	for i, p := range params {
		copy(p.Data, best[i])
	}
	return res, nil
}

func meanDice(m *UNet, d *Dataset) (float64, error) {
	lg, err := m.Predict(d.Images, 16)
	if err != nil {
		return 0, err
	}
	n, c := lg.Dim(0), lg.Dim(1)
	hw := lg.Len() / max(n*c, 1) // pixels (voxels) per image
	pred := make([]bool, hw)
	truth := make([]bool, hw)
	sum, cnt := 0.0, 0
	for i := 0; i < n; i++ {
		arg := argmaxImage(lg.Data[i*c*hw:(i+1)*c*hw], c, hw)
		for k := 1; k < c; k++ {
			for s := range pred {
				pred[s], truth[s] = arg[s] == k, d.Labels[i*hw+s] == k
			}
			if v := Dice(pred, truth); !math.IsNaN(v) {
				sum += v
				cnt++
			}
		}
	}
	if cnt == 0 {
		return 0, nil
	}
	return sum / float64(cnt), nil
}

func argmaxImage(p []float32, c, hw int) []int {
	arg := make([]int, hw)
	for s := range arg {
		for k := 1; k < c; k++ {
			if p[k*hw+s] > p[arg[s]*hw+s] {
				arg[s] = k
			}
		}
	}
	return arg
}

// Test scores a trained model on a test set: per-image metrics and their
// summary, with its raw probabilities.
func (t *Trained) Test(test *Dataset) (Summary, *tensor.Tensor, error) {
	if err := test.Validate(); err != nil {
		return Summary{}, nil, err
	}
	lg, err := t.Model.Predict(test.Images, 16)
	if err != nil {
		return Summary{}, nil, err
	}
	sc, err := Evaluate(Probs(lg), test.Labels)
	if err != nil {
		return Summary{}, nil, err
	}
	return Summarize(sc), lg, nil
}
