"""Runs a peer script with its whole training step under torch.autocast("cpu", torch.bfloat16).

    python3 autocast_peer.py SCRIPT [ARGS...]

The bfloat16 peer of `rda bench train-step --precision bfloat16`: convolutions and matrix
products in bfloat16, weights, BatchNorm statistics and the update in float32, as TensorFlow's
oneDNN mixed precision keeps them.
"""
import os
import runpy
import sys

import torch

script = os.path.abspath(sys.argv[1])
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(script))
# Without the cast cache: autocast keeps the bfloat16 copy of each weight until the outermost
# autocast region exits, which around a whole script is never, so every step would run on the
# first step's weights (the loss stayed at ln 10 over 10 steps where float32's fell to 0.65).
# Uncached, each step casts its weights anew, as a region around each step would.
with torch.autocast("cpu", dtype=torch.bfloat16, cache_enabled=False):
    runpy.run_path(script, run_name="__main__")
