"""GEMM and attention sweep traced with PyTorch's profiler (record_shapes=True) for Parallax's roofline analysis.

Usage: python3 roofline_sweep.py OUT_TRACE.json
"""
import sys

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

out = sys.argv[1] if len(sys.argv) > 1 else "roofline_sweep.pt.trace.json"
dev = "cuda"
torch.backends.cuda.matmul.allow_tf32 = False


def gemms():
    for dtype in (torch.bfloat16, torch.float16, torch.float32):
        for m, n, k in ((8192, 8192, 8192), (4096, 4096, 4096), (8944, 2816, 1024), (1024, 1024, 1024),
                        (16, 4096, 4096), (4095, 4095, 4095)):
            a = torch.randn(m, k, device=dev, dtype=dtype)
            b = torch.randn(k, n, device=dev, dtype=dtype)
            for _ in range(3):
                torch.mm(a, b)


def attention():
    for causal in (False, True):
        for b, h, hkv, n, d in ((16, 16, 16, 559, 64), (4, 32, 32, 4096, 128), (4, 32, 8, 4096, 128), (1, 32, 32, 16384, 128)):
            q = torch.randn(b, h, n, d, device=dev, dtype=torch.bfloat16)
            k = torch.randn(b, hkv, n, d, device=dev, dtype=torch.bfloat16)
            v = torch.randn(b, hkv, n, d, device=dev, dtype=torch.bfloat16)
            for _ in range(3):
                F.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=hkv != h)


def elementwise():
    x = torch.randn(64 * 1024 * 1024, device=dev, dtype=torch.bfloat16)
    y = torch.randn(64 * 1024 * 1024, device=dev, dtype=torch.bfloat16)
    w = torch.randn(8192, device=dev, dtype=torch.bfloat16)
    for _ in range(3):
        torch.add(x, y)
        torch.nn.functional.silu(x)
        F.layer_norm(x.view(-1, 8192), (8192,), w, w)
        torch.softmax(x.view(-1, 8192), dim=-1)


gemms(); attention(); elementwise()  # warm-up: library heuristics and autotuning outside the trace
torch.cuda.synchronize()
with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA], record_shapes=True) as prof:
    gemms()
    attention()
    elementwise()
    torch.cuda.synchronize()
prof.export_chrome_trace(out)
print("wrote", out)
