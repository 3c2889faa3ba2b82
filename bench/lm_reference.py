#!/usr/bin/env python3
"""Reference values for yak's language models, from independent implementations.

Writes into runtime/lm/testdata (the Go tests compare against these files without
needing Python):

  bert_tokens.json    token ids of every sentence of notebooks/data/{imdb,yelp,amazon}.json
                      and of Unicode edge cases, from transformers' BertTokenizerFast
                      (HuggingFace tokenizers) on the model's vocab.txt, do_lower_case=True
  bert_mlm.json       MLM logits at the [MASK] of 20 sentences from transformers'
                      BertForMaskedLM (float32, eager) loaded with the same weights: for each
                      sentence the log-sum-exp over the whole vocabulary and the logits of
                      the top 50 tokens plus 150 fixed pseudo-random ids
  smollm2_tokens.json token ids of the same texts (plus chat, code and number cases) from
                      HuggingFace tokenizers reading the GGUF's tokenizer (transformers' GGUF
                      loader), and from llama-cpp-python's tokenizer with --llama
  smollm2_next.json   next-token log-probabilities after 20 prompts from llama.cpp

Run in the bench venv (`make bench-venv`, plus llama-cpp-python for --llama) after
`make models`; re-run whenever a model, tokenizer or converter changes:

  .venv-bench/bin/python bench/lm_reference.py [--llama]
"""
import argparse
import datetime
import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "runtime", "lm", "testdata")


def models_dir():
    d = os.environ.get("YAK_MODELS")
    if d:
        return d
    c = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(c, "yak", "models")


MLM_SENTENCES = [
    "The capital of France is [MASK].",
    "I loved this film, it was [MASK]!",
    "The acting was awful and the plot made no sense. It was [MASK].",
    "The man worked as a [MASK].",
    "The woman worked as a [MASK].",
    "Paris is the [MASK] of France.",
    "She poured a cup of [MASK] and sat down.",
    "The food was cold and the service was slow. It was [MASK].",
    "Best purchase I have made all year. It was [MASK].",
    "He plays the [MASK] in a rock band.",
    "The sun rises in the [MASK].",
    "Water boils at one hundred degrees [MASK].",
    "My phone battery died after two [MASK].",
    "The children were playing in the [MASK].",
    "Übermäßig teuer, but the café was [MASK] nonetheless.",
    "The [MASK] barked at the mailman all morning.",
    "Tokyo is the largest city in [MASK].",
    "I would not recommend this restaurant to [MASK].",
    "The movie was [MASK], I fell asleep halfway through.",
    "A very, very, very slow-moving, aimless movie about a distressed, drifting young [MASK].",
]

EDGE_CASES = [
    "",
    "   ",
    "Hello, World!",
    "naïve café résumé Ångström",
    "ÀÉÎÕÜ àéîõü ñ ç ß ø æ œ",
    "中文字符和English混合",
    "日本語のテキスト、カタカナ。",
    "한국어 텍스트",
    "emoji 😀 👍🏽 and symbols © ® ™ € £ ¥",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp",
    "zero\u200bwidth\u200djoiner",
    "control\x00chars\x07here",
    "don't won't can't it's I'm",
    "hyphen-ated and under_scored and dots...",
    "numbers 3.14159 and 1,000,000 and 42nd",
    "[MASK] at the start and [SEP] in the middle [CLS]",
    "unbelievably antidisestablishmentarianism supercalifragilisticexpialidocious",
    "x" * 120,
    "Ελληνικά κείμενα και Кириллица текст",
    "math ∑ ∫ √ ∞ ≤ ≥ ≠ and arrows → ← ↔",
    "quotes “curly” ‘single’ «guillemets» „low”",
    "İstanbul ŞEHİR ığdır",
    "ﬁ ligature ﬀ and full-width ＡＢＣ１２３",
    "Combining e\u0301 and a\u0308 marks",
]


def provenance(extra):
    import transformers
    import tokenizers
    import torch
    return {
        "generated_by": "bench/lm_reference.py",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        **extra,
    }


def sentiment_sentences():
    out = []
    for name in ["imdb", "yelp", "amazon"]:
        with open(os.path.join(ROOT, "notebooks", "data", name + ".json")) as f:
            out += [r["text"] for r in json.load(f)]
    return out


def hf_bert(d, c):
    """transformers' BertForMaskedLM with the weights of the converted model in d."""
    import numpy as np
    import torch
    from safetensors.numpy import load_file
    from transformers import BertConfig, BertForMaskedLM

    cfg = BertConfig(vocab_size=c["vocab_size"], hidden_size=c["hidden_size"],
                     num_hidden_layers=c["num_hidden_layers"], num_attention_heads=c["num_attention_heads"],
                     intermediate_size=c["intermediate_size"], max_position_embeddings=c["max_position_embeddings"],
                     type_vocab_size=c["type_vocab_size"], layer_norm_eps=c["layer_norm_eps"], hidden_act="gelu")
    model = BertForMaskedLM(cfg).eval()
    w = load_file(os.path.join(d, "model.safetensors"))
    # TF names, kernels [in, out] -> HuggingFace names, Linear weights [out, in].
    sd = {}
    for k, v in w.items():
        n = k.replace("/", ".")
        n = n.replace("layer_", "layer.").replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")
        if n.endswith(".kernel"):
            n, v = n[: -len(".kernel")] + ".weight", v.T
        if n.endswith("_embeddings"):
            n += ".weight"
        if n == "cls.predictions.output_bias":
            n = "cls.predictions.bias"
        sd[n] = torch.from_numpy(np.ascontiguousarray(v))
    sd["cls.predictions.decoder.weight"] = sd["bert.embeddings.word_embeddings.weight"]
    sd["cls.predictions.decoder.bias"] = sd["cls.predictions.bias"]
    sd = {k: v for k, v in sd.items() if not k.startswith("bert.pooler.")}  # BertForMaskedLM has no pooler
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or unexpected:
        sys.exit(f"weights did not map: missing {missing}, unexpected {unexpected}")

    return model


def bert():
    import numpy as np
    import torch
    from safetensors.numpy import load_file
    from transformers import BertConfig, BertForMaskedLM, BertTokenizerFast

    d = os.path.join(models_dir(), "bert-base-uncased")
    with open(os.path.join(d, "manifest.json")) as f:
        manifest = json.load(f)
    with open(os.path.join(d, "config.json")) as f:
        c = json.load(f)
    tok = BertTokenizerFast.from_pretrained(d, do_lower_case=True)  # reads d/vocab.txt

    texts = sentiment_sentences() + EDGE_CASES
    ids = [tok(t, add_special_tokens=True)["input_ids"] for t in texts]
    prov = provenance({"tokenizer": "BertTokenizerFast.from_pretrained(model dir with vocab.txt, do_lower_case=True)",
                       "model_sha256": manifest["sha256"]})
    with open(os.path.join(OUT, "bert_tokens.json"), "w") as f:
        json.dump({"provenance": prov, "texts": texts, "ids": ids}, f, ensure_ascii=False)

    model = hf_bert(d, c)

    rng = np.random.default_rng(12345)
    fixed = sorted(rng.choice(c["vocab_size"], 150, replace=False).tolist())
    rows = []
    with torch.no_grad():
        for s in MLM_SENTENCES:
            enc = tok(s, return_tensors="pt")
            logits = model(**enc).logits[0].double()
            pos = enc["input_ids"][0].tolist().index(tok.mask_token_id)
            row = logits[pos]
            top = torch.topk(row, 50).indices.tolist()
            pick = sorted(set(top) | set(fixed))
            rows.append({"text": s, "ids": enc["input_ids"][0].tolist(), "mask": pos,
                         "logsumexp": float(torch.logsumexp(row, 0)),
                         "top": top[:10],
                         "token_ids": pick, "logits": [float(row[i]) for i in pick]})
    prov = provenance({"model": "transformers BertForMaskedLM float32 eager, weights from model.safetensors",
                       "model_sha256": manifest["sha256"], "torch_threads": torch.get_num_threads()})
    with open(os.path.join(OUT, "bert_mlm.json"), "w") as f:
        json.dump({"provenance": prov, "sentences": rows}, f, ensure_ascii=False, indent=0)
    print("bert: wrote bert_tokens.json (%d texts) and bert_mlm.json (%d sentences)" % (len(texts), len(rows)))


def smollm2_tokens():
    """Token ids of the same texts from HuggingFace tokenizers reading the GGUF's tokenizer
    (transformers' GGUF loader; needs the gguf package)."""
    from transformers import AutoTokenizer

    d = os.path.join(models_dir(), "smollm2-135m-instruct")
    with open(os.path.join(d, "manifest.json")) as f:
        manifest = json.load(f)
    hf = AutoTokenizer.from_pretrained(d, gguf_file="model.gguf")
    texts = sentiment_sentences() + EDGE_CASES + SMOLLM2_EXTRA
    ids = {"tokenizers": [hf(t, add_special_tokens=False)["input_ids"] for t in texts]}
    prov = provenance({"tokenizer": "AutoTokenizer.from_pretrained(model dir, gguf_file=model.gguf)",
                       "model_sha256": manifest["sha256"]})
    path = os.path.join(OUT, "smollm2_tokens.json")
    with open(path, "w") as f:
        json.dump({"provenance": prov, "texts": texts, "ids": ids}, f, ensure_ascii=False)
    print("smollm2: wrote smollm2_tokens.json (%d texts)" % len(texts))


SMOLLM2_EXTRA = [
    "<|im_start|>user\nWhat is 12345 + 678?<|im_end|>\n<|im_start|>assistant\n",
    "def f(x):\n    return x ** 2  # square\n\n\nprint(f(3))",
    "Numbers: 3.14159, 2,718, 1e-9 and 100000000000",
    "multiple   spaces\tand\ttabs   \n\n  end  ",
    "I'm sure they'll say it's what we've done, isn't it? You'd think so.",
    "URLs like https://example.com/path?q=1&r=2#frag and emails a.b@c.de",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--llama", action="store_true", help="also SmolLM2 references from llama-cpp-python")
    ap.add_argument("--no-bert", action="store_true")
    ap.add_argument("--no-smollm2-tokens", action="store_true")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if not a.no_bert:
        bert()
    if not a.no_smollm2_tokens:
        smollm2_tokens()
    if a.llama:
        sys.path.insert(0, HERE)
        import lm_reference_llama
        lm_reference_llama.run(OUT, models_dir(), sentiment_sentences(), EDGE_CASES)


if __name__ == "__main__":
    main()
