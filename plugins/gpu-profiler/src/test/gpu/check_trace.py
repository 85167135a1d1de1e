#!/usr/bin/env python3
"""Checks a trace written by the injection library against what the traced program reported.

Usage: check_trace.py TRACE.json PROGRAM_OUTPUT.json  -> prints a JSON verdict, exit 1 on failure.
Loads the bare-array file even when its closing bracket is missing (killed process)."""
import json
import sys


def load(path):
    text = open(path, encoding="utf-8").read().strip()
    try:
        return json.loads(text), False
    except json.JSONDecodeError:
        return json.loads(text.rstrip(",") + "]"), True


def main():
    events, repaired = load(sys.argv[1])
    prog = json.loads(open(sys.argv[2], encoding="utf-8").read().strip().splitlines()[-1])
    base = next(e["args"]["baseTimeNanoseconds"] for e in events if e.get("name") == "trace_clock_base")
    by_cat = {}
    for e in events:
        if e.get("ph") == "X":
            by_cat.setdefault(e.get("cat"), []).append(e)
    kernels = by_cat.get("kernel", [])
    memcpy = by_cat.get("gpu_memcpy", [])
    memset = by_cat.get("gpu_memset", [])
    nvtx = by_cat.get("user_annotation", [])
    runtime = by_cat.get("cuda_runtime", []) + by_cat.get("cuda_driver", [])
    flows_s = [e for e in events if e.get("ph") == "s" and e.get("cat") == "ac2g"]
    flows_f = [e for e in events if e.get("ph") == "f" and e.get("cat") == "ac2g"]
    gpu = kernels + memcpy + memset
    lo = min(base + e["ts"] * 1000 for e in gpu) if gpu else None
    hi = max(base + (e["ts"] + e["dur"]) * 1000 for e in gpu) if gpu else None
    slack = 2_000_000  # 2 ms: clocks of CPU and GPU records are both CLOCK_REALTIME
    inside = gpu and lo >= prog["start_ns"] - slack and hi <= prog["end_ns"] + slack
    kernel_names = sorted({e["name"] for e in kernels})
    def count_ok(key, n):
        if key in prog:
            return n == prog[key]
        return n >= prog.get(key + "_min", 0)

    checks = {
        "kernel_count": count_ok("kernels", len(kernels)),
        "memcpy_count": count_ok("memcpy", len(memcpy)),
        "memset_count": count_ok("memset", len(memset)),
        "nvtx_ranges": (len(nvtx) == prog["nvtx_ranges"]) if prog.get("nvtx") else True,
        "flows_paired": len(flows_s) == len(flows_f) and len(flows_f) >= len(kernels),
        "timestamps_in_run_window": bool(inside),
        "closed_array": not repaired,
    }
    verdict = {
        "ok": all(checks.values()),
        "checks": checks,
        "counts": {"events": len(events), "kernels": len(kernels), "memcpy": len(memcpy), "memset": len(memset),
                   "nvtx_ranges": len(nvtx), "api_calls": len(runtime), "flows": len(flows_f)},
        "expected": {k: v for k, v in prog.items() if k.startswith(("kernels", "memcpy", "memset", "nvtx_ranges"))},
        "kernel_names": kernel_names,
        "gpu_span_ns": [lo, hi], "run_window_ns": [prog["start_ns"], prog["end_ns"]],
        "runtime_names": sorted({e["name"] for e in runtime})[:20],
    }
    print(json.dumps(verdict, indent=1))
    return 0 if verdict["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
