"""SmolLM2 references for bench/lm_reference.py --llama (llama-cpp-python, and HuggingFace
tokenizers reading the same GGUF through transformers' GGUF loader when the gguf package is there)."""
import datetime
import json
import os
import platform

PROMPTS = [
    "The capital of France is",
    "The capital of Japan is",
    "Once upon a time, there was a",
    "The quick brown fox jumps over the",
    "def fibonacci(n):\n    if n <= 1:\n        return",
    "Water boils at a temperature of",
    "My favourite colour is",
    "1, 2, 3, 4, 5,",
    "The opposite of hot is",
    "Review: I loved this film. Sentiment:",
    "Review: the plot made no sense and the acting was awful. Sentiment:",
    "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
    "<|im_start|>user\nWrite a haiku about the sea.<|im_end|>\n<|im_start|>assistant\n",
    "Translate to French: cheese =>",
    "The largest planet in the solar system is",
    "In 1969, the first man to walk on the moon was",
    "A very, very, very slow-moving, aimless movie about a distressed, drifting young man. It was",
    "import numpy as np\nx = np.",
    "Ünïcödé and émojis 😀 are",
    "The best way to learn programming is to",
]


def run(out, models_dir, sentences, edge):
    import numpy as np
    from llama_cpp import Llama
    import llama_cpp

    path = os.path.join(models_dir, "smollm2-135m-instruct", "model.gguf")
    with open(os.path.join(models_dir, "smollm2-135m-instruct", "manifest.json")) as f:
        manifest = json.load(f)
    # logits_all: without it llama-cpp-python 0.3.36 leaves scores zero after eval.
    llm = Llama(model_path=path, n_ctx=1024, n_threads=2, n_batch=512, verbose=False, seed=0, logits_all=True)
    prov = {
        "generated_by": "bench/lm_reference.py --llama",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "llama_cpp_python": llama_cpp.__version__,
        "build": "CMAKE_ARGS=-DGGML_NATIVE=OFF -DGGML_AVX512=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF",
        "model_sha256": manifest["sha256"],
    }
    path_tokens = os.path.join(out, "smollm2_tokens.json")
    with open(path_tokens) as f:
        ref = json.load(f)  # written by lm_reference.smollm2_tokens
    ref["ids"]["llama.cpp"] = [llm.tokenize(t.encode("utf-8"), add_bos=False, special=True) for t in ref["texts"]]
    ref["provenance"]["llama_cpp_python"] = llama_cpp.__version__
    with open(path_tokens, "w") as f:
        json.dump(ref, f, ensure_ascii=False)

    rng = np.random.default_rng(54321)
    fixed = sorted(rng.choice(llm.n_vocab(), 100, replace=False).tolist())
    rows = []
    for p in PROMPTS:
        toks = llm.tokenize(p.encode("utf-8"), add_bos=False, special=True)
        llm.reset()
        llm.eval(toks)
        logits = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float64)
        lp = logits - (logits.max() + np.log(np.exp(logits - logits.max()).sum()))
        top = np.argsort(-lp)[:20].tolist()
        pick = sorted(set(top) | set(fixed))
        rows.append({"prompt": p, "ids": toks, "top": top, "token_ids": pick, "logprobs": [float(lp[i]) for i in pick]})
    # The same prompts through transformers' LlamaForCausalLM on the GGUF weights dequantized to
    # float32 (its GGUF loader; needs gguf and accelerate): the float reference that yak, which
    # multiplies the dequantized blocks in float32, should match closely. llama.cpp rounds
    # activations to 8-bit blocks and keeps its KV cache in f16, hence a looser agreement.
    try:
        import torch
        import transformers
        from transformers import AutoModelForCausalLM
        hf = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file="model.gguf",
                                                  torch_dtype=torch.float32).eval()
        with torch.no_grad():
            for r in rows:
                lg = hf(torch.tensor([r["ids"]])).logits[0, -1].double()
                lp = torch.log_softmax(lg, 0)
                r["logprobs_transformers"] = [float(lp[i]) for i in r["token_ids"]]
        prov["transformers"] = transformers.__version__ + " LlamaForCausalLM float32, GGUF dequantized"
        prov["torch"] = torch.__version__
    except Exception as e:
        prov["transformers_error"] = repr(e)
    prov["n_threads"] = 2
    with open(os.path.join(out, "smollm2_next.json"), "w") as f:
        json.dump({"provenance": prov, "prompts": rows}, f, ensure_ascii=False, indent=0)
    print("smollm2: added llama.cpp ids to smollm2_tokens.json, wrote smollm2_next.json (%d prompts)" % len(rows))
