#!/usr/bin/python3
"""Writes the torchvision reference outputs that TorchvisionReferenceTest compares rda with.

Run with Debian's python3-torchvision (0.14): /usr/bin/python3 torchvision_reference.py OUT.json
Inputs are drawn here from fixed seeds and stored with the outputs:
  roi_align   a 1 x 3 x 9 x 11 feature map of stride 4, RoIs in image pixels (inside, across and
              beyond the borders, tiny and large), output 7 x 7, sampling ratio 2, aligned=True
  levels      torchvision's FPN level mapper (k0 4, canonical size 224, levels 2..5) on boxes
  coder       the detection BoxCoder's encode and decode with weights (10, 10, 5, 5) and (1, 1, 1, 1)
  nms         torchvision.ops.nms at IoU 0.5 and 0.7 on clustered boxes
  iou         torchvision.ops.box_iou
  anchors     the detection AnchorGenerator of Faster R-CNN R50-FPN (sizes 32..512, one per level
              P2-P6, ratios 0.5, 1, 2) on a 128 x 192 padded batch
  proposals   the RPN's proposal filtering (RegionProposalNetwork.filter_proposals: the best 50
              per level, clipped to a 120 x 180 image, small boxes removed, NMS 0.7 per level,
              the best 40 kept) on random objectness and deltas over those anchors
"""
import json
import sys

import torch
import torchvision
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.models.detection.rpn import RegionProposalNetwork, RPNHead
from torchvision.ops import box_iou, nms, roi_align
from torchvision.ops.poolers import LevelMapper


def boxes(gen, n, size):
    xy = torch.rand(n, 2, generator=gen) * size
    wh = torch.rand(n, 2, generator=gen) * size / 2 + 1
    return torch.cat([xy, xy + wh], dim=1)


def main(out):
    gen = torch.Generator().manual_seed(0)
    feature = torch.randn(1, 3, 9, 11, generator=gen)
    rois = torch.tensor(
        [[0, 0, 44, 36], [3.2, 5.1, 20.7, 17.9], [-6, -5, 10, 8], [30, 20, 52, 41],
         [40, 30, 60, 50], [12.3, 12.3, 12.9, 13.4], [1, 2, 43, 35], [-20, -20, -2, -3],
         [8, 0, 9, 36], [17.5, 9.25, 33.75, 29.5]], dtype=torch.float32)
    pooled = roi_align(feature, [rois], output_size=(7, 7), spatial_scale=0.25,
                       sampling_ratio=2, aligned=True)

    level_boxes = torch.tensor(
        [[0, 0, 10, 10], [0, 0, 32, 32], [0, 0, 111, 112], [0, 0, 112, 112], [5, 5, 229, 229],
         [0, 0, 224, 224], [0, 0, 447, 449], [0, 0, 448, 448], [0, 0, 900, 700],
         [0, 0, 1200, 1100], [3, 4, 60, 400], [10, 10, 10.5, 12]], dtype=torch.float32)
    levels = LevelMapper(k_min=2, k_max=5, canonical_scale=224, canonical_level=4, eps=1e-6)(
        [level_boxes])

    references = boxes(gen, 12, 100)
    targets = boxes(gen, 12, 100)
    coder = {}
    for name, weights in (("head", (10.0, 10.0, 5.0, 5.0)), ("rpn", (1.0, 1.0, 1.0, 1.0))):
        c = det_utils.BoxCoder(weights)
        deltas = c.encode_single(targets, references)
        wild = torch.randn(12, 4, generator=gen) * 3  # large log-sizes reach the clip
        decoded = c.decode_single(wild, references)
        coder[name] = {"weights": weights, "deltas": deltas.tolist(), "wild": wild.tolist(),
                       "decoded": decoded.tolist()}

    centres = torch.rand(5, 2, generator=gen) * 80
    cluster = centres.repeat_interleave(8, dim=0) + torch.randn(40, 2, generator=gen) * 3
    sizes = 10 + torch.rand(40, 2, generator=gen) * 8
    nms_boxes = torch.cat([cluster - sizes / 2, cluster + sizes / 2], dim=1)
    scores = torch.rand(40, generator=gen)
    kept = {str(t): nms(nms_boxes, scores, t).tolist() for t in (0.5, 0.7)}

    a = boxes(gen, 6, 50)
    b = boxes(gen, 5, 50)

    sizes = ((32,), (64,), (128,), (256,), (512,))
    ratios = ((0.5, 1.0, 2.0),) * len(sizes)
    generator = AnchorGenerator(sizes, ratios)
    padded = ImageList(torch.zeros(1, 3, 128, 192), [(120, 180)])
    maps = [torch.zeros(1, 1, 128 // s, 192 // s) for s in (4, 8, 16, 32, 64)]
    anchors = generator(padded, maps)[0]
    per_level = [3 * m.shape[2] * m.shape[3] for m in maps]
    rpn = RegionProposalNetwork(generator, RPNHead(1, 3), 0.7, 0.3, 256, 0.5,
                                dict(training=50, testing=50), dict(training=40, testing=40), 0.7)
    rpn.eval()
    logits = torch.randn(1, anchors.shape[0], generator=gen)
    rpn_deltas = torch.randn(anchors.shape[0], 4, generator=gen) * 0.3
    decoded = rpn.box_coder.decode(rpn_deltas, [anchors]).view(1, -1, 4)
    kept_boxes, kept_scores = rpn.filter_proposals(decoded, logits, padded.image_sizes, per_level)
    result = {
        "torchvision": torchvision.__version__,
        "roi_align": {"feature": feature[0].permute(1, 2, 0).tolist(), "stride": 4,
                      "rois": rois.tolist(), "pooled": pooled.permute(0, 2, 3, 1).tolist()},
        "levels": {"boxes": level_boxes.tolist(), "levels": (levels + 2).tolist()},
        "coder": {"references": references.tolist(), "targets": targets.tolist(), **coder},
        "nms": {"boxes": nms_boxes.tolist(), "scores": scores.tolist(), "kept": kept},
        "iou": {"a": a.tolist(), "b": b.tolist(), "iou": box_iou(a, b).tolist()},
        "anchors": {"height": 128, "width": 192, "strides": [4, 8, 16, 32, 64],
                    "sizes": [s[0] for s in sizes], "ratios": list(ratios[0]),
                    "anchors": anchors.tolist()},
        "proposals": {"image": [120, 180], "preNms": 50, "postNms": 40, "nms": 0.7,
                      "logits": logits[0].tolist(), "deltas": rpn_deltas.tolist(),
                      "boxes": kept_boxes[0].tolist(), "scores": kept_scores[0].tolist()},
    }
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1])
