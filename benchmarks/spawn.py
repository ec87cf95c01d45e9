"""Run a command and write its wall time and resource usage as JSON: `spawn.py RESULT -- CMD...`.

The benchmark starts commands through this small process rather than directly, because Linux keeps
a process's peak RSS across fork and exec: a child of the benchmark (which holds pandas, matplotlib
and a few built documents) would report at least the benchmark's own size. Started from here, the
floor is this interpreter's few megabytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    result_path, separator, *command = argv
    if separator != "--" or not command:
        print(__doc__, file=sys.stderr)
        return 64
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "seconds": seconds,
        "returncode": process.returncode,
        "max_rss_kb": usage.ru_maxrss,  # kilobytes on Linux
        "user_seconds": usage.ru_utime,
        "system_seconds": usage.ru_stime,
    }
    with open(result_path, "w", encoding="utf-8") as stream:
        json.dump(result, stream)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
