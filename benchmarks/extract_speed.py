"""How many ~2 KB announcements the text extractor reads per second on one core.

It times the whole extract stage as the pipeline runs it: ``extract_document`` and then
place resolution (``resolve_figures``) for each document, in CPU time
(``time.process_time``: the machine may be shared, wall time is printed too).

Three sets of documents, each timed separately:

- ``realistic`` (the number the issue's target is about): generated deterministically
  (seeded) to look like real announcements of ~2 KB: one to three return sentences
  (a return sentence gives one figure, or three for a total and its parts), one to three
  distractors (displaced, killed, planned returns, money, decision numbers …) and the
  rest context prose (who, where, what happened, with dates, places and speakers but no
  return figures), as in the bundled samples and the labelled corpus.
- ``dense``: the older generator, 40 % of sentences carrying return figures (~14 figures
  in 2 KB): a stress test, much denser than anything real.
- ``samples``: the text documents of a folder (default ``data/raw/samples``), cycled to
  make up the count; their repeated places and dates hit the extractor's caches as a
  long run over one region would.

``--scaling`` times instead single long reports (2 to 100 KB) made of realistic
announcements, as one paragraph each and with Arabic place names, to show that the time
for one document grows in proportion to its size.

Run: .venv/bin/python benchmarks/extract_speed.py [--documents N] [--only KIND] [--profile]
     .venv/bin/python benchmarks/extract_speed.py --scaling
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from datetime import date
from pathlib import Path

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


CONTEXT = [
    "{speaker} said the returns were organised in coordination with the security services.",
    "Families must register with the committee in {place} and show their identity papers.",
    "The municipal council of {place} met {day} to discuss services for the returning residents.",
    "Teams from the electricity company began repairing the network in {place} {day}.",
    "Schools in {place} are expected to reopen after engineers inspect the buildings.",
    "{speaker} urged residents to report any unexploded ordnance found in their homes.",
    "The road between {place} and the coast was reopened {day} after months of closure.",
    "Water and sewage services remain poor in several neighbourhoods, {speaker} said.",
    "Local volunteers distributed food baskets and hygiene kits in {place}.",
    "The operation to retake the city ended in December after months of street fighting.",
    "Many homes in {place} were damaged or looted during the fighting and need repairs.",
    "A committee was formed to assess the damage to public buildings and private homes.",
    "Residents said the market in {place} had reopened and bakeries were working again.",
    "The health centre in {place} reopened {day} with a reduced staff.",
]


def _fill(rng: random.Random, pattern: str) -> str:
    a, b = rng.randint(20, 400), rng.randint(20, 400)
    return pattern.format(
        speaker=rng.choice(SPEAKERS),
        day=rng.choice(DAYS),
        place=rng.choice(PLACES),
        n=rng.randint(30, 3000),
        m=rng.randint(3001, 5000),
        a=a,
        b=b,
        k=rng.randint(2, 90),
        k2=rng.randint(2, 90),
    )


def _front_matter(rng: random.Random) -> list[str]:
    return ["---", f"published: 2017-02-{rng.randint(14, 28)}", "source: benchmark", "---", ""]


def realistic(rng: random.Random, size: int = 2000) -> str:
    """One announcement of about ``size`` characters as real ones are: one to three return
    sentences and one to three distractors among context prose, in a shuffled order."""
    figures = [_fill(rng, rng.choice(RETURNS)) for _ in range(rng.randint(1, 3))]
    noise = [_fill(rng, rng.choice(NOISE)) for _ in range(rng.randint(1, 3))]
    sentences = figures + noise
    while sum(len(x) + 1 for x in sentences) < size - 60:
        sentences.append(_fill(rng, rng.choice(CONTEXT)))
    lead, rest = sentences[0], sentences[1:]
    rng.shuffle(rest)  # the lead is a return sentence, as in a press statement
    parts = _front_matter(rng)
    paragraph: list[str] = []
    for sentence in [lead, *rest]:
        paragraph.append(sentence[0].upper() + sentence[1:])
        if rng.random() < 0.3:
            parts += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        parts.append(" ".join(paragraph))
    return "\n".join(parts)


def dense(rng: random.Random, size: int = 2000) -> str:
    """One announcement of about ``size`` characters, 40 % of its sentences return figures."""
    parts = _front_matter(rng)
    while sum(len(p) + 1 for p in parts) < size:
        pattern = rng.choice(RETURNS if rng.random() < 0.4 else NOISE)
        parts.append(_fill(rng, pattern).capitalize())
        if rng.random() < 0.3:
            parts.append("")
    return "\n".join(parts)


def run(documents: list[Document], gazetteer: Gazetteer) -> int:
    """The extract stage as the pipeline runs it: extraction, then place resolution."""
    found = 0
    for document in documents:
        found += len(resolve_figures(gazetteer, extract_document(document, gazetteer).figures))
    return found


def generated(kind: str, count: int) -> list[Document]:
    rng = random.Random(20170213)
    make = realistic if kind == "realistic" else dense
    return [Document("bench", f"d{i}.md", make(rng).encode()) for i in range(count)]


def samples(folder: Path, count: int) -> list[Document]:
    files = sorted(
        p for p in folder.iterdir() if p.suffix in {".md", ".txt", ".html"} and p.stem != "README"
    )
    if not files:
        raise SystemExit(f"{folder}: no .md, .txt or .html documents to time; pass --samples DIR")
    contents = [(p.name, p.read_bytes()) for p in files]
    return [Document("bench", *contents[i % len(contents)]) for i in range(count)]


def measure(kind: str, documents: list[Document], gazetteer: Gazetteer, profile: bool) -> None:
    run(documents[:20], gazetteer)  # warm caches and imports, as a long run would be
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    figures = run(documents, gazetteer)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    mean = sum(len(d.content) for d in documents) / len(documents)
    print(
        f"{kind:9}: {len(documents)} documents (mean {mean:.0f} bytes), {figures} figures "
        f"({figures / len(documents):.1f} each), {elapsed:.2f} s wall, {cpu:.2f} s CPU: "
        f"{len(documents) / cpu:.0f} documents/s of CPU on one core "
        f"({len(documents) / elapsed:.0f}/s wall; {date.today().isoformat()})"
    )


def long_report(kb: int, arabic: bool) -> Document:
    """A situation report of about ``kb`` KB: realistic announcements one after another,
    each a paragraph; ``arabic`` writes two place names in Arabic script."""
    rng = random.Random(kb)
    parts, size = [], 0
    while size < kb * 1000:
        body = realistic(rng).split("---\n", 2)[2]
        if arabic:
            body = body.replace("Tawergha", "تاورغاء").replace("Misrata", "مصراتة")
        parts.append(body)
        size += len(body) + 2
    text = "---\npublished: 2017-02-20\nsource: benchmark\n---\n" + "\n\n".join(parts)
    return Document("bench", f"report-{kb}kb.md", text.encode())


def scaling(gazetteer: Gazetteer) -> None:
    """CPU time of one long report by size: the best of three runs each."""
    for arabic in (False, True):
        for kb in (2, 10, 50, 100):
            document = long_report(kb, arabic)
            best = float("inf")
            for _ in range(3):
                cpu = time.process_time()
                figures = run([document], gazetteer)
                best = min(best, time.process_time() - cpu)
            size = len(document.content) / 1000
            print(
                f"{'Arabic names' if arabic else 'English'}: {size:6.1f} KB, {figures} figures, "
                f"{best * 1000:.1f} ms CPU ({best * 1000 / size:.2f} ms per KB)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument(
        "--only", choices=["realistic", "dense", "samples"], help="time one set (default: all)"
    )
    parser.add_argument("--samples", type=Path, default=Path("data/raw/samples"))
    parser.add_argument("--profile", action="store_true", help="print the top functions by time")
    parser.add_argument(
        "--scaling", action="store_true", help="time single reports of 2 to 100 KB instead"
    )
    args = parser.parse_args()
    gazetteer = Gazetteer.load()
    if args.scaling:
        scaling(gazetteer)
        return
    for kind in [args.only] if args.only else ["realistic", "dense", "samples"]:
        documents = (
            samples(args.samples, args.documents)
            if kind == "samples"
            else generated(kind, args.documents)
        )
        measure(kind, documents, gazetteer, args.profile)


if __name__ == "__main__":
    main()
