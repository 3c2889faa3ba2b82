#!/usr/bin/env python3
"""Builds notebooks/data/glove-100d-sentiment.txt.gz for the claps notebook.

Keeps the 10,000 most frequent words of ../shared/data/embeddings/glove-100d-top30k.txt.gz
plus every other word of that table that occurs in the sentiment sets, in the table's
(frequency) order, with values rounded to 2 decimals. Tokenization matches claps.Tokenize:
lower case, runs of letters and digits, single punctuation marks.

    python3 bench/claps_subset.py [path/to/glove-100d-top30k.txt.gz]
"""
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "embeddings", "glove-100d-top30k.txt.gz")
DATA = os.path.join(ROOT, "notebooks", "data")
TOP = 10000
TOKEN = re.compile(r"[^\W_]+|[^\s]")

need = set()
for name in ("imdb", "yelp", "amazon"):
    with open(os.path.join(DATA, name + ".json")) as f:
        for ex in json.load(f):
            need.update(TOKEN.findall(ex["text"].lower()))
need.update(["negative", "positive", "sentence", "sentiment"])

kept = 0
out = os.path.join(DATA, "glove-100d-sentiment.txt.gz")
with gzip.open(SRC, "rt", encoding="utf-8") as src, gzip.GzipFile(out, "wb", 9, mtime=0) as dst:
    for rank, line in enumerate(src):
        parts = line.rstrip("\n").split(" ")
        if rank < TOP or parts[0] in need:
            dst.write((parts[0] + " " + " ".join("%.2f" % float(x) for x in parts[1:]) + "\n").replace("-0.00", "0.00").encode())
            kept += 1
print("wrote %s: %d words, %d bytes" % (out, kept, os.path.getsize(out)))
