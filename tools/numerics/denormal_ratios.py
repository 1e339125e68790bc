"""Adversarial / normal ratios from the CSV of a Denormal*Benchmark JMH run (-rff FILE.csv).

    /usr/bin/python3 tools/numerics/denormal_ratios.py [--cpu] FILE.csv ...

Without --cpu: the wall-clock medians (p0.50); with --cpu: CpuTimeProfiler's cpu.time/op. One line per benchmark,
backend, cell and shape, the normal figure first, each adversarial one with its ratio to it.
"""
import collections
import csv
import sys

args = sys.argv[1:]
metric = ":p0.50"
if args and args[0] == "--cpu":
    metric = ":cpu.time/op"
    args = args[1:]
rows = collections.OrderedDict()
for name in args:
    with open(name, newline="") as f:
        for r in csv.DictReader(f):
            if not r["Benchmark"].endswith(metric):
                continue
            bench = r["Benchmark"].split(":")[0].split(".")[-2]
            key = (bench, r["Param: backend"], r["Param: cell"], r["Param: shape"])
            rows.setdefault(key, {})[r["Param: inputs"]] = float(r["Score"])
print("metric", metric.lstrip(":"))
for key, v in rows.items():
    normal = v["normal"]
    parts = [f"normal {normal:.2f} ms"] + [f"{k} {s:.2f} ms ({s / normal:.2f}x)" for k, s in v.items() if k != "normal"]
    print(" ".join(key) + ": " + ", ".join(parts))
