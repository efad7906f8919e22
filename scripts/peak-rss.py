#!/usr/bin/env python3
"""Runs a command and reports its wall time and the peak of the summed resident memory of the
command and all its descendants (a JVM, Python workers and the whosaid processes they start),
sampled every 50 ms from /proc. Usage: scripts/peak-rss.py [-o FILE] COMMAND [ARGS...]

Prints one line, `wall S s, peak RSS M MiB (tree)`, to stderr or appends it to FILE; the exit
code is the command's."""
import os
import subprocess
import sys
import time


def tree_rss(root):
    children = {}
    rss = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(pid))
        rss[int(pid)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def main():
    args = sys.argv[1:]
    report = None
    if args[:1] == ["-o"]:
        report, args = args[1], args[2:]
    start = time.monotonic()
    proc = subprocess.Popen(args)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    wall = time.monotonic() - start
    line = f"wall {wall:.1f} s, peak RSS {peak / 2**20:.0f} MiB (tree)"
    if report:
        with open(report, "a", encoding="utf-8") as f:
            print(line, file=f)
    else:
        print(line, file=sys.stderr)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
