package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yaknb/yak/runtime/lm/ckpt"
	"github.com/yaknb/yak/runtime/lm/weights"
)

// BERTConfig is the config.json written next to a converted BERT.
type BERTConfig struct {
	VocabSize     int     `json:"vocab_size"`
	Hidden        int     `json:"hidden_size"`
	Layers        int     `json:"num_hidden_layers"`
	Heads         int     `json:"num_attention_heads"`
	Intermediate  int     `json:"intermediate_size"`
	MaxPositions  int     `json:"max_position_embeddings"`
	TypeVocabSize int     `json:"type_vocab_size"`
	LayerNormEps  float64 `json:"layer_norm_eps"`
	Activation    string  `json:"hidden_act"`
	LowerCase     bool    `json:"do_lower_case"`
}

// convertCheckpoint writes the checkpoint's tensors under their TF names
// without the "module/" scope (weight matrices stay [in, out], the layout
// the GEMM wants for x·W), and config.json derived from the shapes.
func convertCheckpoint(prefix, dst string) error {
	r, err := ckpt.Open(prefix)
	if err != nil {
		return err
	}
	defer r.Close()
	var ts []weights.Tensor
	for _, name := range r.Index.Names() {
		e := r.Index.Entries[name]
		if !strings.HasPrefix(name, "module/") || e.DType != ckpt.Float32 {
			continue
		}
		ts = append(ts, weights.Tensor{
			Name:  strings.TrimPrefix(name, "module/"),
			Shape: e.Shape,
			Fill: func(dst []float32) error {
				v, _, err := r.Tensor(name)
				if err != nil {
					return err
				}
				copy(dst, v)
				return nil
			},
		})
	}
	shape := func(n string) []int { return r.Index.Entries["module/"+n].Shape }
	we := shape("bert/embeddings/word_embeddings")
	pe := shape("bert/embeddings/position_embeddings")
	te := shape("bert/embeddings/token_type_embeddings")
	im := shape("bert/encoder/layer_0/intermediate/dense/kernel")
	if len(we) != 2 || len(pe) != 2 || len(te) != 2 || len(im) != 2 {
		return fmt.Errorf("%s is not a BERT checkpoint (embeddings missing)", prefix)
	}
	layers := 0
	for r.Index.Entries[fmt.Sprintf("module/bert/encoder/layer_%d/output/dense/kernel", layers)].Name != "" {
		layers++
	}
	cfg := BERTConfig{VocabSize: we[0], Hidden: we[1], Layers: layers, Heads: we[1] / 64,
		Intermediate: im[1], MaxPositions: pe[0], TypeVocabSize: te[0], LayerNormEps: 1e-12,
		Activation: "gelu", LowerCase: true}
	f, err := os.Create(filepath.Join(dst, "model.safetensors"))
	if err != nil {
		return err
	}
	if err := weights.Write(f, ts, map[string]string{"format": "yak-bert-tf1", "layout": "kernels [in, out]"}); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	js, _ := json.MarshalIndent(cfg, "", "  ")
	return writeSynced(filepath.Join(dst, "config.json"), js)
}
