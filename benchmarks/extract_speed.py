"""How many ~2 KB announcements the text extractor reads per second on one core.

Documents are generated deterministically (seeded) from sentence patterns of real
announcements: returns with dates, places and speakers, and the usual distractors.
Run: .venv/bin/python benchmarks/extract_speed.py [--documents N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from datetime import date

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer import Gazetteer
from returnwatch.gazetteer.phrases import resolve_figures

PLACES = [
    "al-Dollar",
    "al-Sha'biya",
    "the Third District",
    "Hay al-Gharbiya",
    "Campo",
    "al-Zafran",
    "Tawergha",
    "Ganfouda in Benghazi",
    "al-Laithi",
    "Misrata",
    "Tripoli",
    "Gwarsha",
]
SPEAKERS = [
    "the Sirte return committee",
    "the al-Bunyan al-Marsus operations room",
    "the Benghazi municipal council",
    "IOM DTM",
    "the Tawergha local council",
]
DAYS = ["on Monday", "on Tuesday", "last Sunday", "yesterday", "on 13 February", "on 2 March"]
RETURNS = [
    "{speaker} said {day} that {n} families returned to {place}.",
    "About {n} people returned to {place} {day}, according to {speaker}.",
    "A total of {n:,} families have returned to {place} so far, {speaker} said.",
    "Between {n} and {m} families returned to {place} during the second stage.",
    "{speaker} said {n} families returned to {place}: {a} to District 1 and {b} to District 2.",
    "The number of families who returned to {place} was revised from {m} to {n}.",
]
NOISE = [
    "Clashes near {place} killed {k} people and injured {k2} {day}.",
    "Some {n} families fled {place} as fighting resumed.",
    "The council plans to let {n} families return to {place} next month.",
    "Engineers cleared {k} mines along a {k2} km stretch of road.",
    "Prices of bread rose by {k}% while fuel cost {k2} dinars a litre.",
    "Decision No. {k} of 2017 formed a committee of {k2} members.",
    "Residents complained about power cuts, water shortages and the state of schools in {place}.",
]


def announcement(rng: random.Random, size: int = 2000) -> str:
    """One announcement of about ``size`` characters."""
    parts = ["---", f"published: 2017-02-{rng.randint(14, 28)}", "source: benchmark", "---", ""]
    while sum(len(p) + 1 for p in parts) < size:
        pattern = rng.choice(RETURNS if rng.random() < 0.4 else NOISE)
        a, b = rng.randint(20, 400), rng.randint(20, 400)
        parts.append(
            pattern.format(
                speaker=rng.choice(SPEAKERS),
                day=rng.choice(DAYS),
                place=rng.choice(PLACES),
                n=rng.randint(30, 3000),
                m=rng.randint(3001, 5000),
                a=a,
                b=b,
                k=rng.randint(2, 90),
                k2=rng.randint(2, 90),
            ).capitalize()
        )
        if rng.random() < 0.3:
            parts.append("")
    return "\n".join(parts)


def run(documents: list[Document], gazetteer: Gazetteer) -> int:
    found = 0
    for document in documents:
        found += len(resolve_figures(gazetteer, extract_document(document, gazetteer).figures))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print the top functions by time")
    args = parser.parse_args()
    rng = random.Random(20170213)
    texts = [announcement(rng) for _ in range(args.documents)]
    documents = [Document("bench", f"d{i}.md", t.encode()) for i, t in enumerate(texts)]
    gazetteer = Gazetteer.load()
    run(documents[:20], gazetteer)  # warm caches and imports, as a long run would be
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    figures = run(documents, gazetteer)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    mean = sum(map(len, texts)) / len(texts)
    print(
        f"{len(documents)} documents (mean {mean:.0f} chars), {figures} figures, "
        f"{elapsed:.2f} s wall, {cpu:.2f} s CPU: {len(documents) / cpu:.0f} documents/s of CPU "
        f"on one core ({len(documents) / elapsed:.0f}/s wall; {date.today().isoformat()})"
    )


if __name__ == "__main__":
    main()
