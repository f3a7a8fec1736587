"""The survey page: an inline SVG bar chart drawn at build time, the same figures as a table, and a CSV."""
from __future__ import annotations

import csv
import io
from html import escape
from typing import Iterator

from .. import cite
from ..load import Entry
from ..model import Survey
from ..site import Site, href, labels, page_dir, source_file
from .common import Page, environment, render


def csv_name(entry: Entry) -> str:
    """File name of the survey's CSV download."""
    return f"{entry.id}.csv"


def to_csv(s: Survey) -> bytes:
    """The results as CSV (UTF-8 with a BOM so that spreadsheet programs show Vietnamese correctly)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["option_vi", "option_en", "percent_of_respondents"])
    for r in s.results:
        w.writerow([r.label.vi, r.label.en, f"{r.percent:g}"])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def bar_chart(s: Survey, lang: str, title: str) -> str:
    """A horizontal bar chart as inline SVG: no chart library in the browser."""
    bar_h, gap, label_w, chart_w, value_w = 28, 10, 90, 200, 56
    height = len(s.results) * (bar_h + gap) + gap
    width = label_w + chart_w + value_w
    rows, said = [], []
    for i, r in enumerate(s.results):
        y = gap + i * (bar_h + gap)
        w = round(chart_w * r.percent / 100, 1)
        value = f"{r.percent:.1f}".replace(".", ",") if lang == "vi" else f"{r.percent:.1f}"
        said.append(f"{r.label[lang]}: {value}%")
        rows.append(
            f'<text x="{label_w - 8}" y="{y + bar_h / 2}" text-anchor="end" dominant-baseline="central">{escape(r.label[lang])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" class="ky-bar"/>'
            f'<text x="{label_w + w + 6}" y="{y + bar_h / 2}" dominant-baseline="central">{value}%</text>'
        )
    # The text alternative states every number: the title, then "Zalo: 93,7%; Facebook: …" (read as the image's name).
    return (
        f'<svg class="ky-chart" role="img" aria-labelledby="ky-chart-title ky-chart-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="ky-chart-title">{escape(title)}</title><desc id="ky-chart-desc">{escape("; ".join(said))}</desc>'
        + "".join(rows) + "</svg>"
    )


def pages(site: Site) -> Iterator[Page]:
    """Both language pages of every survey; registers each CSV as an extra file."""
    env = environment()
    for entry in site.corpus.surveys.values():
        s: Survey = entry.record
        here = page_dir(entry)
        if site.writes_shared:
            site.extra_files[here + csv_name(entry)] = to_csv(s)
        volume = site.corpus.volumes[entry.volume]
        org = site.corpus.organisations[s.conducted_by]
        for lang in site.langs:
            t = labels(lang)
            card = [
                {"label": t["conducted_by"], "items": [{"text": org.record.name[lang], "href": href(here, page_dir(org))}]},
                {"label": t["method"], "items": [{"text": s.method[lang]}]},
                {"label": t["area"], "items": [{"text": s.area[lang]}]},
                {"label": t["period"], "items": [{"text": s.period[lang]}]},
                {"label": t["sample_size"], "items": [{"text": str(s.sample_size)} if s.sample_size else {"text": t["not_available"], "missing": True}]},
                {"label": t["presented_at"], "items": [{"text": volume.record.title[lang], "href": href(here, page_dir(volume))}]},
            ]
            body = render(env, "survey.md.j2", t=t, s=s, lang=lang, here=here, csv=csv_name(entry),
                          chart=bar_chart(s, lang, t["chart_title"]))
            meta = {"title": s.title[lang], "description": s.question[lang],
                    "kyyeu": {"kind": "survey", "id": entry.key, "lang": lang, "card": card, "edit": entry.file,
                              **cite.front_matter(site, entry, lang)}}
            yield Page(source_file(here, lang), meta, body)
