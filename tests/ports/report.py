#!/usr/bin/env python3
"""report.py: the ports table of docs/ports.md, from a ports test run.

tests/ports/run.sh gives it one line per port built ("NAME build=yes|no
seconds=S cold=S package=P version=V patches=N patch_lines=L") and the
PASS:/FAIL: lines of the boot.  Rows of ports that this run did not build
stay as they were; the table sits between two marker comments.
"""
import argparse
import re
import time

BEGIN, END = "<!-- ports-table: written by tests/ports/run.sh -->", "<!-- /ports-table -->"
HEADER = ["port", "Debian source", "version", "patches (files/lines)", "builds",
          "cold build (s)", "in-guest test", "tested"]


def parse_results(path):
    ports = {}
    for line in open(path):
        words = line.split()
        if not words:
            continue
        fields = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        ports[words[0]] = fields
    return ports


def guest_verdicts(path):
    cases = {}
    for line in open(path):
        m = re.match(r"^(PASS|FAIL): port/([^/:]+)/([^:]+)", line)
        if m:
            cases.setdefault(m.group(2), []).append(m.group(1))
    return cases


def row(name, f, cases, when):
    if f["build"] != "yes":
        test = "not run"
    elif name not in cases:
        test = "no result"
    else:
        ok = cases[name].count("PASS")
        test = "%s (%d/%d)" % ("pass" if ok == len(cases[name]) else "FAIL", ok, len(cases[name]))
    return [name, f.get("package", "?"), f.get("version", "?"),
            "%s/%s" % (f.get("patches", "0"), f.get("patch_lines", "0")),
            f["build"], f.get("cold", "-"), test, when]


def old_rows(text):
    rows = {}
    if BEGIN in text and END in text:
        body = text.split(BEGIN, 1)[1].split(END, 1)[0]
        for line in body.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == len(HEADER) and cells[0] not in ("port", "") and \
                    not cells[0].startswith("-"):
                rows[cells[0]] = cells
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--guest", required=True)
    ap.add_argument("--set", required=True)
    ap.add_argument("--doc", required=True)
    args = ap.parse_args()
    try:
        text = open(args.doc).read()
    except FileNotFoundError:
        text = "# Ports\n\n%s\n%s\n" % (BEGIN, END)
    rows = old_rows(text)
    when = time.strftime("%Y-%m-%d") + " (%s)" % (args.set if args.set in ("core", "all") else "chosen")
    cases = guest_verdicts(args.guest)
    for name, f in parse_results(args.results).items():
        rows[name] = row(name, f, cases, when)
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(rows[n]) + " |" for n in sorted(rows)]
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    open(args.doc, "w").write(before + BEGIN + "\n" + "\n".join(lines) + "\n" + END + after)


if __name__ == "__main__":
    main()
