"""dashboard.html of a real run, opened in headless Chromium (Debian's `chromium`, installed
here when missing): the chart is drawn, the numbers on the page are the CSV's, nothing is
fetched from the network, and Arabic names are marked up to render right to left."""

import csv
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

pytestmark = pytest.mark.prefect

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1280,1000",
    "--proxy-server=127.0.0.1:9",  # a closed port: any request the page made would fail
]  # fmt: skip
# Marks where the plot sits, so the screenshot can be cropped to it (added to a copy only).
MEASURE = """<script>
for (const el of document.querySelectorAll(".plot-area")) {
  const r = el.getBoundingClientRect();
  el.setAttribute("data-rect", [r.left, r.top, r.width, r.height].map(Math.round).join(","));
}
</script>"""


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; installed with apt-get when missing and we are root. Never skipped:
    without a browser this test fails."""
    found = shutil.which("chromium")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "-y", "-q"]
        install = [*apt, "install", "--no-install-recommends", "chromium"]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode:
            subprocess.run([*apt, "update"], env=env, capture_output=True, check=False)
            subprocess.run(install, env=env, capture_output=True, check=False)
        found = shutil.which("chromium")
    if found is None:
        pytest.fail("chromium is not installed and could not be: run `apt-get install chromium`")
    return found


def browse(chromium: str, page: Path, profile: Path, *action: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def rendered(exported_run, chromium, tmp_path_factory):
    tmp, _ = exported_run
    work = tmp_path_factory.mktemp("dashboard")
    html = (tmp / "exports" / "dashboard.html").read_text(encoding="utf-8")
    page = work / "dashboard.html"
    page.write_text(html.replace("</body>", MEASURE + "\n</body>"), encoding="utf-8")
    dom = browse(chromium, page, work / "profile", "--dump-dom").stdout
    browse(chromium, page, work / "profile", f"--screenshot={work / 'shot.png'}")
    return tmp / "exports", html, HTMLParser(dom), read_png(work / "shot.png")


def latest(path: Path, key: str) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row[key]: row for row in csv.DictReader(f)}  # sorted by key, date: last wins


def shown(tree: HTMLParser, section: str) -> dict[str, dict[str, str]]:
    return {
        tr.attributes["data-key"]: {
            td.attributes["data-column"]: td.text(strip=True).replace(",", "")
            for td in tr.css("td")
        }
        for tr in tree.css(f"#{section} tbody tr")
    }


def test_latest_totals_on_the_page_are_the_csvs(rendered):
    exports, _, tree, _ = rendered
    for section, name, key in [
        ("latest-by-district", "cumulative_returns_by_district.csv", "district_id"),
        ("latest-by-area", "cumulative_returns_by_area.csv", "area_id"),
    ]:
        expected = {
            k: {c: r[c] for c in ("date", "cumulative_households", "cumulative_individuals")}
            for k, r in latest(exports / name, key).items()
        }
        page = shown(tree, section)
        got = {
            k: {c: v[c] for c in ("date", "cumulative_households", "cumulative_individuals")}
            for k, v in page.items()
        }
        assert got == expected, section
    assert shown(tree, "latest-by-district")["ly-sirte-700"]["cumulative_households"] == "585"


def test_review_and_sources_sections_list_the_csvs_rows(rendered):
    exports, _, tree, _ = rendered
    unresolved = latest(exports / "unresolved_places.csv", "figure_id")
    assert set(shown(tree, "awaiting-review")) >= set(unresolved)
    assert "=cmd|' /C calc'!A0" in tree.css_first("#awaiting-review").text()
    sources = latest(exports / "sources.csv", "document_id")
    links = {a.attributes["href"] for a in tree.css("#sources a[href]")}
    assert links == {r["url"] for r in sources.values() if r["url"]}
    assert len(tree.css("#sources tbody tr")) == len(sources)


def test_arabic_names_are_marked_right_to_left(rendered):
    _, _, tree, _ = rendered
    arabic = {s.text() for s in tree.css('span[lang="ar"][dir="rtl"]')}
    assert {"حي 700", "الحي السكني رقم 3", "سرت"} <= arabic


def test_the_page_needs_no_network(rendered):
    _, html, _, _ = rendered
    static = HTMLParser(html)
    assert static.css("script[src], link[href], img, iframe, object, embed") == []
    assert "url(" not in html and "@import" not in html


def test_the_chart_is_drawn_one_series_per_district(rendered):
    exports, _, tree, png = rendered
    with (exports / "cumulative_returns_by_district.csv").open(encoding="utf-8") as f:
        districts = [r["district_id"] for r in csv.DictReader(f)]
    series = {g.attributes["data-key"]: g for g in tree.css("g.series")}
    assert set(series) == set(districts)
    for key, g in series.items():
        assert len(g.css("circle")) == districts.count(key)
    left, top, width, height = map(
        int, tree.css_first(".plot-area").attributes["data-rect"].split(",")
    )
    assert width > 600 and height > 200  # readable on a laptop screen
    plot = [png.pixel(x, y) for y in range(top, top + height) for x in range(left, left + width)]
    for key, g in series.items():
        colour = _rgb(g.attributes["data-colour"])
        assert plot.count(colour) >= 30, (key, g.attributes["data-colour"])
    unused = _rgb("#f0e442") if len(series) < 7 else None
    assert unused is None or plot.count(unused) == 0


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


class Png:
    def __init__(self, width: int, height: int, channels: int, rows: list[bytes]):
        self.width, self.height, self.channels, self.rows = width, height, channels, rows

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        i = x * self.channels
        return tuple(self.rows[y][i : i + 3])


def read_png(path: Path) -> Png:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 4 if colour == 6 else 3
    raw, stride, rows, previous = (
        zlib.decompress(idat),
        width * channels,
        [],
        bytes(width * channels),
    )
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = rows[-1]
    return Png(width, height, channels, rows)
