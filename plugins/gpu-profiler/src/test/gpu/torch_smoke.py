"""A small PyTorch program traced by check-on-gpu.sh: N NVTX ranges around a matmul + relu each."""
import json
import sys
import time

import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
x = torch.randn(1024, 1024, device="cuda")
torch.cuda.synchronize()
t0 = time.time_ns()
for i in range(n):
    torch.cuda.nvtx.range_push(f"step {i}")
    y = torch.relu(x @ x)
    torch.cuda.nvtx.range_pop()
torch.cuda.synchronize()
h = y.cpu()
t1 = time.time_ns()
print(json.dumps({"program": "torch_smoke", "kernels_min": 2 * n, "memcpy_min": 1, "nvtx_ranges": n, "nvtx": True,
                  "iterations": n, "start_ns": t0 - 5_000_000_000, "end_ns": t1}))
