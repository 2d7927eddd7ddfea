#!/usr/bin/python3
"""Synthetic datasets in the real on-disk layouts, for `rda bench pipeline --dataset` and demos.

The machine has no CIFAR or ImageNet; these have the same formats and sizes (random content):

  cifar10 DIR        data_batch_1..5.bin + test_batch.bin, 60,000 records of 3,073 bytes
  tiny-imagenet DIR  wnids.txt, train/<wnid>/images/*.JPEG (64x64), val/ with annotations
  imagenet DIR       train/<class>/*.JPEG, val/<class>/*.JPEG at ImageNet-like sizes

Run with Debian's /usr/bin/python3 (python3-pil, python3-numpy):
  /usr/bin/python3 bench/make_datasets.py imagenet /tmp/imagenet-synth --classes 100 --per-class 200
"""
import argparse
import os

import numpy as np
from PIL import Image


def smooth_image(rng, h, w):
    """A JPEG-friendly picture: low-resolution colour noise upscaled, plus fine noise."""
    small = rng.integers(0, 256, (max(h // 16, 2), max(w // 16, 2), 3), dtype=np.uint8)
    img = np.asarray(Image.fromarray(small).resize((w, h), Image.BILINEAR), dtype=np.int16)
    img += rng.integers(-12, 13, img.shape, dtype=np.int16)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def cifar10(root, rng, per_batch):
    os.makedirs(root, exist_ok=True)
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
    for name in names:
        rec = rng.integers(0, 256, (per_batch, 3073), dtype=np.uint8)
        rec[:, 0] = rng.integers(0, 10, per_batch)
        rec.tofile(os.path.join(root, name))


def tiny_imagenet(root, rng, classes, per_class, val_per_class):
    wnids = [f"n{9000000 + c:08d}" for c in range(classes)]
    os.makedirs(os.path.join(root, "val", "images"), exist_ok=True)
    with open(os.path.join(root, "wnids.txt"), "w") as f:
        f.write("\n".join(wnids) + "\n")
    for wnid in wnids:
        d = os.path.join(root, "train", wnid, "images")
        os.makedirs(d, exist_ok=True)
        for k in range(per_class):
            smooth_image(rng, 64, 64).save(os.path.join(d, f"{wnid}_{k}.JPEG"), quality=90)
    with open(os.path.join(root, "val", "val_annotations.txt"), "w") as f:
        n = 0
        for k in range(val_per_class):
            for wnid in wnids:
                name = f"val_{n}.JPEG"
                smooth_image(rng, 64, 64).save(os.path.join(root, "val", "images", name), quality=90)
                f.write(f"{name}\t{wnid}\t0\t0\t63\t63\n")
                n += 1


def imagenet(root, rng, classes, per_class, val_per_class):
    for split, count in (("train", per_class), ("val", val_per_class)):
        for c in range(classes):
            d = os.path.join(root, split, f"n{1000000 + c:08d}")
            os.makedirs(d, exist_ok=True)
            for k in range(count):
                # ImageNet's typical sizes: mostly 500 on the long side, 333-375 on the short.
                long_side = 500 if rng.random() < 0.8 else int(rng.integers(300, 500))
                short_side = int(long_side * rng.uniform(0.6, 0.8))
                h, w = (short_side, long_side) if rng.random() < 0.75 else (long_side, short_side)
                smooth_image(rng, h, w).save(os.path.join(d, f"img_{k:05d}.JPEG"), quality=90)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["cifar10", "tiny-imagenet", "imagenet"])
    p.add_argument("dir")
    p.add_argument("--classes", type=int, default=None)
    p.add_argument("--per-class", type=int, default=None)
    p.add_argument("--val-per-class", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.kind == "cifar10":
        cifar10(a.dir, rng, 10000)
    elif a.kind == "tiny-imagenet":
        tiny_imagenet(a.dir, rng, a.classes or 200, a.per_class or 500, a.val_per_class or 50)
    else:
        imagenet(a.dir, rng, a.classes or 100, a.per_class or 200, a.val_per_class or 10)


if __name__ == "__main__":
    main()
