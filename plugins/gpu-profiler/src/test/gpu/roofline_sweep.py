"""A GEMM and attention sweep for checking the per-operator roofline on a real GPU.

Runs bf16 matrix products (aten::mm, aten::addmm through linear, aten::bmm) over sizes from launch-bound to
compute-bound, elementwise and normalisation ops, and causal and non-causal scaled-dot-product attention
(including grouped-query attention), under torch.profiler with record_shapes=True, and writes the Kineto trace.
Usage: python3 roofline_sweep.py OUT.json [--steps N] [--plain]
With --plain the sweep runs without torch.profiler (for tracing it with Parallax's own CUPTI injection instead);
OUT.json then receives only the run's summary line.
Every op runs `repeat` times so that kernel times are stable; a ProfilerStep marks each pass.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


def sweep(dev):
    dt = torch.bfloat16
    ops = []
    for m, n, k in [(256, 256, 256), (1024, 1024, 1024), (4096, 4096, 4096), (8192, 8192, 8192),
                    (8944, 2816, 1024), (16384, 4096, 128), (4097, 4095, 4093)]:
        a = torch.randn(m, k, device=dev, dtype=dt)
        b = torch.randn(k, n, device=dev, dtype=dt)
        ops.append(("mm", lambda a=a, b=b: torch.mm(a, b)))
    x = torch.randn(8, 2048, 4096, device=dev, dtype=dt)
    w = torch.randn(11008, 4096, device=dev, dtype=dt)
    bias = torch.randn(11008, device=dev, dtype=dt)
    ops.append(("linear", lambda: F.linear(x, w, bias)))
    ba = torch.randn(64, 512, 128, device=dev, dtype=dt)
    bb = torch.randn(64, 128, 512, device=dev, dtype=dt)
    ops.append(("bmm", lambda: torch.bmm(ba, bb)))
    big = torch.randn(64 * 1024 * 1024, device=dev, dtype=dt)
    ops.append(("add", lambda: big + big))
    ops.append(("mul-broadcast", lambda: x * bias[:4096]))
    ops.append(("gelu", lambda: F.gelu(x)))
    ops.append(("softmax", lambda: torch.softmax(x, dim=-1)))
    ops.append(("layer_norm", lambda: F.layer_norm(x, (4096,))))
    ops.append(("sum", lambda: x.sum(dim=-1)))
    for b_, h, hkv, s, d, causal in [(16, 16, 16, 559, 64, True), (4, 32, 32, 4096, 128, True),
                                    (4, 32, 32, 4096, 128, False), (2, 32, 8, 8192, 128, True),
                                    (64, 32, 8, 1, 128, False)]:
        q = torch.randn(b_, h, s, d, device=dev, dtype=dt)
        kv_len = s if s > 1 else 4096
        k_ = torch.randn(b_, hkv, kv_len, d, device=dev, dtype=dt)
        v_ = torch.randn(b_, hkv, kv_len, d, device=dev, dtype=dt)
        gqa = hkv != h
        ops.append((f"sdpa-{s}", lambda q=q, k_=k_, v_=v_, causal=causal, gqa=gqa:
                    F.scaled_dot_product_attention(q, k_, v_, is_causal=causal, enable_gqa=gqa)))
    return ops


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--plain", action="store_true")
    args = p.parse_args()
    dev = "cuda"
    ops = sweep(dev)
    for _, f in ops:  # warm-up: cuBLAS heuristics, flash kernels loaded
        f()
    torch.cuda.synchronize()
    if args.plain:
        t0 = time.time()
        for _ in range(args.steps):
            for _, f in ops:
                for _ in range(args.repeat):
                    f()
            torch.cuda.synchronize()
        summary = {"device": torch.cuda.get_device_name(0), "ops": len(ops), "steps": args.steps,
                   "repeat": args.repeat, "seconds": round(time.time() - t0, 3), "plain": True}
        with open(args.out, "w") as f:
            json.dump(summary, f)
        print(json.dumps(summary))
        return
    acts = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
    t0 = time.time()
    with torch.profiler.profile(activities=acts, record_shapes=True) as prof:
        for _ in range(args.steps):
            for _, f in ops:
                for _ in range(args.repeat):
                    f()
            torch.cuda.synchronize()
            prof.step()
    prof.export_chrome_trace(args.out)
    print(json.dumps({"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "ops": len(ops),
                      "steps": args.steps, "repeat": args.repeat, "seconds": round(time.time() - t0, 3)}))


if __name__ == "__main__":
    main()
