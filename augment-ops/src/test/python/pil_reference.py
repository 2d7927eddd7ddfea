#!/usr/bin/python3
"""Writes the PIL reference outputs that AutoAugmentPilTest compares the graph ops with.

Each line of the gzip output: image op level sign cy cx base64(uint8 output, H*W*C row-major).
The inputs are built here from a fixed seed (numpy) and stored as op "Input". Run with Debian's
python3-pil (9.4): /usr/bin/python3 pil_reference.py OUT.txt.gz
"""
import base64
import gzip
import sys

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

FILL = (128, 128, 128)


def inputs():
    rng = np.random.default_rng(0)
    # Colour noise with narrow ranges per channel (so AutoContrast and Equalize do something).
    a = np.stack([rng.integers(30, 200, (32, 32)), rng.integers(0, 120, (32, 32)),
                  rng.integers(90, 256, (32, 32))], axis=-1).astype(np.uint8)
    # A smooth colour gradient with a bright square: skewed histograms, exact ties in blends.
    y, x = np.mgrid[0:32, 0:32]
    b = np.stack([(x * 7 + y) % 256, (y * 5 + 40) % 256, np.full((32, 32), 77)], axis=-1)
    b[10:20, 8:14] = 255
    b = b.astype(np.uint8)
    # A gray 28x28 image: dark background, one object (Fashion-MNIST-like), odd-free size.
    g = np.zeros((28, 28, 1), np.uint8)
    g[4:24, 9:19, 0] = rng.integers(60, 230, (20, 10))
    # A small odd-sized colour image for geometry edge cases.
    c = rng.integers(0, 256, (9, 13, 3)).astype(np.uint8)
    return {"noise": a, "gradient": b, "gray": g, "odd": c}


def pil(arr):
    return Image.fromarray(arr[:, :, 0], "L") if arr.shape[2] == 1 else Image.fromarray(arr, "RGB")


def unpil(img, channels):
    out = np.asarray(img, np.uint8)
    return out.reshape(out.shape[0], out.shape[1], channels)


def fill_for(img):
    return FILL[0] if img.mode == "L" else FILL


def apply(op, arr, level, sign, cy, cx, pair):
    img = pil(arr)
    w, h = img.size
    if op == "ShearX":
        out = img.transform(img.size, Image.AFFINE, (1, sign * level * 0.3 / 10, 0, 0, 1, 0),
                            Image.NEAREST, fillcolor=fill_for(img))
    elif op == "ShearY":
        out = img.transform(img.size, Image.AFFINE, (1, 0, 0, sign * level * 0.3 / 10, 1, 0),
                            Image.NEAREST, fillcolor=fill_for(img))
    elif op == "TranslateX":
        t = int(level * (10.0 * w / 32) / 10)
        out = img.transform(img.size, Image.AFFINE, (1, 0, sign * t, 0, 1, 0), Image.NEAREST,
                            fillcolor=fill_for(img))
    elif op == "TranslateY":
        t = int(level * (10.0 * h / 32) / 10)
        out = img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, sign * t), Image.NEAREST,
                            fillcolor=fill_for(img))
    elif op == "Rotate":
        out = img.rotate(sign * int(level * 30 / 10), fillcolor=fill_for(img))
    elif op == "AutoContrast":
        out = ImageOps.autocontrast(img)
    elif op == "Invert":
        out = ImageOps.invert(img)
    elif op == "Equalize":
        out = ImageOps.equalize(img)
    elif op == "Solarize":
        out = ImageOps.solarize(img, 256 - int(level * 256 / 10))
    elif op == "Posterize":
        out = ImageOps.posterize(img, 4 - int(level * 4 / 10))
    elif op in ("Contrast", "Color", "Brightness", "Sharpness"):
        out = getattr(ImageEnhance, op)(img).enhance(level * 1.8 / 10 + 0.1)
    elif op == "Cutout":
        size = int(level * 20 / 10)
        a = arr.copy()
        if size > 0:
            a[max(0, cy - size // 2):min(h, cy + size // 2),
              max(0, cx - size // 2):min(w, cx + size // 2)] = FILL[:arr.shape[2]]
        return a
    elif op == "SamplePairing":
        out = Image.blend(img, pil(pair), level * 0.4 / 10)
    else:
        raise ValueError(op)
    return unpil(out, arr.shape[2])


GEOMETRIC = ["ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate"]
OTHER = ["AutoContrast", "Invert", "Equalize", "Solarize", "Posterize", "Contrast", "Color",
         "Brightness", "Sharpness", "Cutout", "SamplePairing"]
LEVELS = [0, 1, 3, 5.5, 7, 9, 10]


def main():
    images = inputs()
    with gzip.open(sys.argv[1], "wt") as f:
        def emit(name, op, level, sign, cy, cx, arr):
            data = base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode()
            f.write(f"{name} {op} {level} {sign} {cy} {cx} {data}\n")

        for name, arr in images.items():
            h, w = arr.shape[:2]
            pair = np.ascontiguousarray(np.flip(arr, axis=(0, 1)))
            emit(name, "Input", 0, 1, 0, 0, arr)
            for op in GEOMETRIC + OTHER:
                for level in LEVELS:
                    signs = [1, -1] if op in GEOMETRIC else [1]
                    for sign in signs:
                        centers = [(0, 0), (h // 2, w // 3), (h - 1, w - 2)] if op == "Cutout" else [(0, 0)]
                        for cy, cx in centers:
                            emit(name, op, level, sign, cy, cx, apply(op, arr, level, sign, cy, cx, pair))


if __name__ == "__main__":
    main()
