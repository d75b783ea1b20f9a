"""Prints the benchmark table from the JSON lines benchmarks/run.sh collected."""

import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by = {(row["step"], row["n"]): row for row in rows}
print()
print(
    "| N invoices | contender | wall s | queries | queries / 1000 inv. | peak RSS MB | letters | lines | ours vs this |"
)
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({row["n"] for row in rows}):
    ours = by.get(("ours", n))
    for step in ("ours", "floor", "oca"):
        row = by.get((step, n))
        if not row:
            continue
        ratio = (
            ""
            if step == "ours" or not ours
            else (
                "%.2f× the floor" % (ours["seconds"] / row["seconds"])
                if step == "floor"
                else "%.1f× faster" % (row["seconds"] / ours["seconds"])
            )
        )
        print(
            "| %s | %s | %.2f | %d | %.1f | %.0f | %s | %s | %s |"
            % (
                f"{n:,}",
                step,
                row["seconds"],
                row["queries"],
                row["queries"] * 1000 / n,
                row["peak_rss_mb"],
                row.get("letters", "—"),
                row.get("lines", "—"),
                ratio,
            )
        )
for row in rows:
    if row["step"] == "pdf":
        letters, invoices = row["letters"], row["invoices"]
        print(
            "\nPDF: %d letters, %d pages, %.2f s (%.3f s/page); %d invoices, %d pages, %.2f s (%.3f s/page); "
            "letters/invoices per page: %.2f"
            % (
                letters["documents"],
                letters["pages"],
                letters["seconds"],
                letters["seconds_per_page"],
                invoices["documents"],
                invoices["pages"],
                invoices["seconds"],
                invoices["seconds_per_page"],
                letters["seconds_per_page"] / invoices["seconds_per_page"],
            )
        )
    if row["step"] == "setup":
        print(
            "setup N=%d: %d debtors, %d invoices due today, built in %.0f s"
            % (row["n"], row["partners"], row["due_today"], row["seconds"])
        )
