"""What a first search query costs on a synthetic corpus (opt-in: it builds thousands of pages).

    KYYEU_SEARCH_BENCH=1000 .venv/bin/pytest -s tests/test_search_perf.py

builds N bilingual papers with `kyyeu.bench.make_corpus` and the real pipeline, then opens search from
a paper page on a 360-px phone and types queries, printing one JSON line per query: bytes transferred
after opening search (test server, no compression), the same bodies gzip-compressed, requests, time
from Pagefind ready to results shown, and time from the click to results. SEARCH-PERFORMANCE.md
holds the figures.
"""
from __future__ import annotations

import json
import os
import statistics

import pytest

from conftest import serve_dir
from test_search_browser import first_query_cost

N = int(os.environ.get("KYYEU_SEARCH_BENCH", "0") or 0)
pytestmark = pytest.mark.skipif(not N, reason="set KYYEU_SEARCH_BENCH=<papers> to measure search on a synthetic corpus")

QUERIES = [
    ("/volumes/hoi-thao-001/tham-luan-00001/", "an ninh mạng"),
    ("/volumes/hoi-thao-001/tham-luan-00001/", "mang xa hoi"),
    ("/volumes/hoi-thao-001/tham-luan-00001/", "dang vien dia phuong"),
    ("/volumes/hoi-thao-001/tham-luan-00001/", "zalo"),
    ("/en/volumes/hoi-thao-001/tham-luan-00001/", "cybersecurity"),
    ("/en/volumes/hoi-thao-001/tham-luan-00001/", "social network propaganda"),
]


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    bench = pytest.importorskip("kyyeu.bench")
    from kyyeu.build.pipeline import build

    root = tmp_path_factory.mktemp("search-bench")
    bench.make_corpus(root, N)
    report = build(root, site_dir=root / "site", work_dir=root / "work")
    print(json.dumps({"papers": N, "pages": report.pages, "timings_s": {k: round(v, 2) for k, v in report.timings.items()}}))
    url, server = serve_dir(report.site)
    yield report.site, url
    server.shutdown()


def test_first_query_on_a_synthetic_corpus(browser, synthetic_site):
    site, url = synthetic_site
    rows = []
    for path, query in QUERIES:
        context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
        page = context.new_page()
        cost = first_query_cost(page, url, path, query, site)
        context.close()
        cost.pop("files")
        cost.update(query=query, page=path)
        rows.append(cost)
        print(json.dumps(cost, ensure_ascii=False))
    print(json.dumps({"median_bytes": statistics.median(r["bytes"] for r in rows),
                      "median_gzip_bytes": statistics.median(r["gzip_bytes"] for r in rows),
                      "median_latency_ms": statistics.median(r["latency_ms"] for r in rows)}))
    assert all(r["results"] for r in rows)
