"""Reference rows of SmolLM2's token embedding table, for runtime/lm's test.

Reads token_embd.weight from the GGUF file with gguf-py (llama.cpp's own
Python reader, in the llama-cpp-python bench venv) and dequantizes the rows
of a few token ids with gguf.quants.dequantize, an implementation independent
of runtime/lm's. Writes runtime/lm/testdata/smollm2_embd.json:

  /work/wt/lm/.venv-bench/bin/python bench/claps_smollm2_embd.py \
      ~/.cache/yak/models/smollm2-135m-instruct/model.gguf runtime/lm/testdata/smollm2_embd.json
"""
import json
import sys

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize


def main(path, out):
    r = GGUFReader(path)
    t = next(t for t in r.tensors if t.name == "token_embd.weight")
    rows = dequantize(t.data, t.tensor_type)  # [vocab, hidden]
    vocab = [bytes(r.fields["tokenizer.ggml.tokens"].parts[i]).decode("utf-8")
             for i in r.fields["tokenizer.ggml.tokens"].data]
    ids = [0, 1, 2, 100, 1000, 12345, len(vocab) - 1]
    for w in ("\u0120great", "\u0120terrible", "\u0120positive", "\u0120negative"):
        ids.append(vocab.index(w))
    ref = {
        "type": t.tensor_type.name,
        "vocab": int(rows.shape[0]),
        "hidden": int(rows.shape[1]),
        "rows": [{"id": i, "token": vocab[i], "values": [float(v) for v in rows[i].astype(np.float32)]} for i in ids],
        "sum_abs": float(np.abs(rows.astype(np.float64)).sum()),
    }
    with open(out, "w") as f:
        json.dump(ref, f)
    print(ref["type"], ref["vocab"], ref["hidden"], [(r["id"], r["token"]) for r in ref["rows"]])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
