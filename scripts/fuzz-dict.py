#!/usr/bin/env python3
"""Writes fuzz/config_json.dict, the libFuzzer dictionary of the config_json target, from
the core's own schema (`dlab schema`): every key of every config path and every option of
every enum, plus the JSON tokens and the numbers at the schema's limits. A new setting or
activation is in the dictionary the next time this runs (fuzz/README.md runs it first).

    python3 scripts/fuzz-dict.py [path/to/dlab]   (default: target/release/dlab)
"""
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
dlab = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "dlab")
schema = json.loads(subprocess.run([dlab, "schema"], check=True, capture_output=True, text=True).stdout)

def quoted(text):
    return '"' + json.dumps(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

keys, values, numbers = [], [], {"0", "1", "-1", "0.5", "10", "100", "1e308", "1e-308"}
for field in schema:
    for key in field["path"].split("."):
        if key not in keys:
            keys.append(key)
    for option in field.get("options", []):
        if option not in values:
            values.append(option)
    for bound in ("min", "max", "max_len"):
        if isinstance(field.get(bound), (int, float)) and abs(field[bound]) < 1e15:
            n = field[bound]
            numbers.update({json.dumps(n), json.dumps(n + 1) if isinstance(n, int) else json.dumps(n)})

lines = ["# libFuzzer dictionary for the config_json target, written by scripts/fuzz-dict.py from `dlab schema`."]
lines += [f'key_{k.replace("^", "_")}="\\"{k}\\":"' for k in keys]
lines += [f"value_{v.replace('^', '_')}={quoted(v)}" for v in values]
lines += [f'tok_{i}="{t}"' for i, t in enumerate(["{", "}", "[", "]", ",", "true", "false", "null"] + sorted(numbers))]
(ROOT / "fuzz" / "config_json.dict").write_text("\n".join(lines) + "\n")
print(f"fuzz/config_json.dict: {len(keys)} keys, {len(values)} values, {len(numbers)} numbers")
