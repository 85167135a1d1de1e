#!/usr/bin/env python3
"""Compares the sampler's JSON lines with nvidia-smi's CSV for the same moment.

Usage: compare_smi.py SAMPLER_LINES.jsonl NVIDIA_SMI.csv -> JSON verdict (exit 1 on a mismatch).
nvidia-smi columns: name, uuid, utilization.gpu, memory.used, memory.total, power.draw, clocks.sm,
clocks.mem, temperature.gpu (--format=csv,noheader,nounits)."""
import json
import sys


def num(s):
    try:
        return float(s.strip().split()[0])
    except (ValueError, IndexError):
        return None


def main():
    samples = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        try:
            o = json.loads(line)
        except json.JSONDecodeError:
            continue
        if o.get("type") == "sample":
            samples[o["device"]] = o  # the last sample of each device
    rows = [r.split(",") for r in open(sys.argv[2], encoding="utf-8").read().strip().splitlines()]
    result, ok = [], True
    for i, r in enumerate(rows):
        s = samples.get(i)
        if s is None:
            ok = False
            result.append({"device": i, "error": "no sampler line"})
            continue
        smi = {"name": r[0].strip(), "uuid": r[1].strip(), "util": num(r[2]), "mem_used_mib": num(r[3]),
               "mem_total_mib": num(r[4]), "power_w": num(r[5]), "sm_mhz": num(r[6]), "mem_mhz": num(r[7]),
               "temp_c": num(r[8])}
        mine = {"name": s.get("name"), "uuid": s.get("uuid"), "util": s.get("gpu_util_pct"),
                "mem_used_mib": s["mem_used_bytes"] / 2**20 if "mem_used_bytes" in s else None,
                "mem_total_mib": s["mem_total_bytes"] / 2**20 if "mem_total_bytes" in s else None,
                "power_w": s.get("power_w"), "sm_mhz": s.get("sm_clock_mhz"), "mem_mhz": s.get("mem_clock_mhz"),
                "temp_c": s.get("temperature_c")}
        tol = {"util": 30, "mem_used_mib": 256, "mem_total_mib": 1, "power_w": 60, "sm_mhz": 300, "mem_mhz": 50,
               "temp_c": 3}
        checks = {"name": smi["name"] == mine["name"], "uuid": smi["uuid"] == mine["uuid"]}
        for k, t in tol.items():
            if smi[k] is None or mine[k] is None:
                checks[k] = smi[k] is None and mine[k] is None or "n/a"
            else:
                checks[k] = abs(smi[k] - mine[k]) <= t
        ok = ok and all(v is True or v == "n/a" for v in checks.values())
        result.append({"device": i, "sampler": mine, "nvidia_smi": smi, "checks": checks,
                       "missing": s.get("missing", {}),
                       "gpm": {k: v for k, v in s.items() if k.startswith("gpm_")},
                       "nvlink": {k: v for k, v in s.items() if k.startswith("nvlink_")},
                       "pcie": {k: v for k, v in s.items() if k.startswith("pcie_")}})
    print(json.dumps({"ok": ok, "devices": result}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
