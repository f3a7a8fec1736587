"""What `kyyeu bench` measures on a built site, and the run that builds the corpus and measures it.

Transfer sizes are measured without a browser by default: the home page's HTML plus every same-site
stylesheet, script, icon and image it references (and fonts/images the stylesheets reference), each
counted raw and gzip-compressed (what a server that compresses, such as GitHub Pages, sends).
`--browser` runs a real search query in headless Chromium instead of estimating it.
"""
from __future__ import annotations

import gzip
import html.parser
import json
import os
import re
import resource
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from .corpus import MARKER, PAPERS_PER_VOLUME, make_corpus, paper_id, volume_id

#: The query the search measurement runs (three common words of the corpus).
QUERY = "an ninh mạng"


# --- measuring the output -----------------------------------------------------------------------------


class _Refs(html.parser.HTMLParser):
    """The URLs of the resources an HTML page makes the browser fetch on load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel)):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag in ("img", "source", "video", "audio") and a.get("src") and a.get("loading") != "lazy":
            self.urls.append(a["src"])


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_COMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pagefind",
               ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


def wire_size(data: bytes, name: str) -> int:
    """Bytes a compressing server sends: gzip for text, as-is for formats already compressed."""
    if name.endswith(_COMPRESSED) or data[:2] == b"\x1f\x8b":
        return len(data)
    return len(gzip.compress(data, 6, mtime=0))


def _local(site: Path, page_url: str, ref: str) -> Path | None:
    """The file in site of a same-site reference (None for other sites and data: URLs)."""
    full = urljoin(page_url, ref)
    parsed = urlparse(full)
    if parsed.scheme not in ("http", "https") or parsed.netloc != "site.invalid":
        return None
    path = site / parsed.path.lstrip("/")
    if parsed.path.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def page_fetch(site: Path, rel_page: str = "index.html") -> dict:
    """What a first visit of one page fetches: its HTML and every same-site asset it loads."""
    base = "https://site.invalid/"
    page_url = urljoin(base, rel_page.removesuffix("index.html"))
    seen: dict[str, tuple[int, int]] = {}
    html_path = site / rel_page
    data = html_path.read_bytes()
    seen[rel_page] = (len(data), wire_size(data, rel_page))
    parser = _Refs()
    parser.feed(data.decode("utf-8"))
    queue = [(page_url, ref) for ref in parser.urls]
    missing = []
    while queue:
        from_url, ref = queue.pop(0)
        path = _local(site, from_url, ref)
        if path is None:
            if not ref.startswith(("data:", "http:", "https:", "//")):
                missing.append(ref)
            continue
        key = path.relative_to(site).as_posix()
        if key in seen:
            continue
        body = path.read_bytes()
        seen[key] = (len(body), wire_size(body, key))
        if key.endswith(".css"):
            css_url = urljoin(base, key)
            queue.extend((css_url, u) for u in _CSS_URL.findall(body.decode("utf-8", "replace")))
    return {"files": seen, "raw": sum(r for r, _ in seen.values()), "gzip": sum(g for _, g in seen.values()),
            "missing": missing}


def _pagefind_dir(site: Path, lang: str = "vi") -> Path | None:
    """The catalogue bundle of lang (pagefind/<lang>/, see kyyeu.search): the one a first query loads."""
    entry = site / "pagefind" / lang / "pagefind-entry.json"
    return entry.parent if entry.is_file() else None


def search_fetch_estimate(site: Path, lang: str = "vi", terms: int = len(QUERY.split()), results: int = 5) -> dict | None:
    """Bytes Pagefind fetches for a first query, from the files it would load (None without an index).

    The search script and stylesheet the page names in data-js/data-css, pagefind.js,
    pagefind-entry.json, the language's wasm and meta, one index chunk per query term (median size;
    terms often share a chunk) and the fragments of the first results (median size). Only the
    language's catalogue: the full texts (pagefind/<lang>-text/) are fetched when the reader asks.
    """
    pf = _pagefind_dir(site, lang)
    if pf is None:
        return None
    entry = json.loads((pf / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry.get("languages", {})
    info = languages.get(lang) or next(iter(languages.values()), {})
    files: dict[str, int] = {}

    def add(path: Path, times: int = 1) -> None:
        if path.is_file():
            files[path.relative_to(site).as_posix() + (f" ×{times}" if times > 1 else "")] = wire_size(path.read_bytes(), path.name) * times

    # The site's own search script and stylesheet, which the page names for loading when search opens.
    home = (site / "index.html").read_text(encoding="utf-8") if (site / "index.html").is_file() else ""
    for ref in re.findall(r'data-(?:js|css)="([^"]+)"', home):
        path = _local(site, "https://site.invalid/", ref)
        if path is not None:
            add(path)
    add(pf / "pagefind.js")
    add(pf / "pagefind-entry.json")
    wasm = info.get("wasm") or "unknown"  # null: no stemmer for the language (Vietnamese)
    add(pf / f"wasm.{wasm}.pagefind")
    add(pf / f"pagefind.{info.get('hash', '')}.pf_meta")
    # UI files the site may load when search opens (Pagefind's own UIs).
    for ui in sorted(pf.glob("pagefind-*ui*.js")) + sorted(pf.glob("pagefind-*ui*.css")):
        add(ui)
    prefix = info.get("hash", lang).split("_")[0] + "_"
    chunks = sorted(pf.glob(f"index/{prefix}*.pf_index"), key=lambda p: p.stat().st_size)
    if chunks:
        add(chunks[len(chunks) // 2], min(terms, len(chunks)))
    frags = sorted(pf.glob(f"fragment/{prefix}*.pf_fragment"), key=lambda p: p.stat().st_size)
    if frags:
        add(frags[len(frags) // 2], min(results, len(frags)))
    return {"files": files, "gzip": sum(files.values()), "method": "estimate"}


def serve_site(site: Path):
    """(server, base URL) of a quiet HTTP server on 127.0.0.1 serving site, in a background thread; shut it down after."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def search_fetch_browser(site: Path, query: str = QUERY, results: int = 5) -> dict | None:
    """Bytes a real first query fetches in headless Chromium, counted from the moment search opens.

    When the home page has a search box (an `input[type=search]`), the reader's path is followed: open
    search, type the query, wait for the results. Otherwise Pagefind's API is called directly, on the
    Vietnamese catalogue (pagefind/vi/), which the home page's search loads.
    """
    pf = _pagefind_dir(site)
    if pf is None:
        return None
    from playwright.sync_api import sync_playwright

    server, base = serve_site(site)
    bundle = base + pf.relative_to(site).as_posix() + "/pagefind.js"
    sizes: dict[str, int] = {}
    method = "browser"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                        args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base, wait_until="networkidle")
            responses: list = []
            page.on("response", lambda r: responses.append(r))
            box = page.locator("input[type=search]").first
            if box.count():
                toggle = page.locator("label[for=__search]").first
                if toggle.count() and toggle.is_visible():
                    toggle.click()
                box.click()
                box.fill(query)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)
                page.wait_for_load_state("networkidle")
                method = "browser, search box"
            else:
                page.evaluate("""async ([url, q, n]) => {
                    const pf = await import(url);
                    const s = await pf.search(q);
                    await Promise.all(s.results.slice(0, n).map(r => r.data()));
                }""", [bundle, query, results])
                page.wait_for_load_state("networkidle")
                method = "browser, Pagefind API"
            for r in responses:
                if not r.url.startswith(base) or r.request.method != "GET":
                    continue  # blob: URLs (search.js's unpacked Pagefind script) and HEAD requests carry no body
                name = urlparse(r.url).path
                try:
                    body = r.body()
                except Exception:  # redirects and aborted requests carry no body
                    continue
                local = site / name.lstrip("/")
                if not body and r.ok and local.is_file():  # a body read as a stream is not kept: the file's
                    body = local.read_bytes()
                sizes[name] = sizes.get(name, 0) + wire_size(body, name)
            browser.close()
    finally:
        server.shutdown()
    return {"files": sizes, "gzip": sum(sizes.values()), "method": method}


#: How long after `load` a first visit is watched: what the page's scripts fetch once it has loaded counts too.
SETTLE_MS = 4000
#: The phone a first visit is measured on (CSS pixels).
PHONE = {"width": 360, "height": 740}


def page_visit_browser(site: Path, pages: tuple[str, ...] = ("",), settle_ms: int = SETTLE_MS, browser=None) -> dict:
    """What first visits of pages (site-relative folders, "" for the home page) fetch in headless Chromium on
    a phone screen: every request from navigation until settle_ms after `load`, each response counted as a
    compressing server sends it (wire_size), with the requests that failed (no answer, or a status of 400
    or more) and the console's errors (a blocked resource, a CSP violation, a script error).

    Returns {"gzip": bytes of the first page, "files": its {path: bytes}, "pages": {page: {"gzip", "files",
    "failed", "errors"}}, "failed": [...], "errors": [...], "method": "browser"}; every page gets a new
    browser context (an empty cache). browser: a Playwright Chromium already running (tests), or None."""
    from playwright.sync_api import sync_playwright

    server, base = serve_site(site)
    out: dict[str, dict] = {}

    def visit_all(browser) -> None:
        for rel in pages:
            context = browser.new_context(viewport=PHONE)
            page = context.new_page()
            files: dict[str, int] = {}
            failed: list[str] = []
            errors: list[str] = []

            def finished(request, files=files, failed=failed):
                response = request.response()
                name = request.url.removeprefix(base) if request.url.startswith(base) else request.url
                if response is None or response.status >= 400:
                    failed.append(f"{request.method} {response.status if response else '-'} {name}")
                if response is None or not request.url.startswith(base) or request.method != "GET":
                    return
                try:
                    body = response.body()
                except Exception:  # a redirect carries no body
                    body = b""
                files[urlparse(request.url).path] = files.get(urlparse(request.url).path, 0) + wire_size(body, name)

            page.on("requestfinished", finished)
            page.on("requestfailed", lambda r, failed=failed: failed.append(f"{r.method} {r.url} ({r.failure})"))
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(settle_ms)
            out[rel] = {"gzip": sum(files.values()), "files": files, "failed": failed, "errors": errors}
            context.close()

    try:
        if browser is not None:
            visit_all(browser)
        else:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                            args=["--no-sandbox", "--disable-background-networking"])
                visit_all(browser)
                browser.close()
    finally:
        server.shutdown()
    first = out[pages[0]]
    return {"gzip": first["gzip"], "files": first["files"], "pages": out, "method": "browser",
            "failed": [f for v in out.values() for f in v["failed"]], "errors": [e for v in out.values() for e in v["errors"]]}


def output_size(site: Path) -> tuple[int, int, int]:
    """(bytes, files, HTML bytes) of a built site."""
    total = files = html_bytes = 0
    for dirpath, _, names in os.walk(site):
        for name in names:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            files += 1
            if name.endswith(".html"):
                html_bytes += size
    return total, files, html_bytes


def paper_pages(site: Path, n: int, sample: int = 5) -> list[Path]:
    """Some paper pages of the synthetic corpus, both languages, spread over the volumes."""
    picks = sorted({round(x * (n - 1) / max(1, sample - 1)) for x in range(sample)})
    out = []
    for i in picks:
        rel_dir = f"volumes/{volume_id(i // PAPERS_PER_VOLUME)}/{paper_id(i)}/index.html"
        out += [p for p in (site / rel_dir, site / "en" / rel_dir) if p.is_file()]
    return out


def visit_pages(site: Path, n: int) -> list[str]:
    """A paper page in each language (the middle paper of the corpus), as site-relative folders."""
    return [p.parent.relative_to(site).as_posix() + "/" for p in paper_pages(site, n, sample=1)[:2]]


def largest_html(site: Path) -> tuple[int, str]:
    best = (0, "")
    for path in site.rglob("*.html"):
        size = path.stat().st_size
        if size > best[0]:
            best = (size, path.relative_to(site).as_posix())
    return best


# --- the run ------------------------------------------------------------------------------------------


@dataclass
class Result:
    """Everything one benchmark run measured."""

    n: int
    seed: int
    corpus: dict[str, int]
    pages: int
    timings: dict[str, float]
    total_s: float
    cpu_s: float  #: CPU seconds of this process and its children during the build
    other_cores: float  #: average number of cores other processes kept busy during the build
    corpus_s: float
    peak_rss_mb: float
    traced_peak_mb: float | None
    output_bytes: int
    output_files: int
    html_bytes: int
    paper_html_bytes: float
    paper_html_sizes: list[int]
    largest_html: tuple[int, str]
    first_visit: dict
    first_search: dict | None
    serve: dict | None = None  #: with --serve: seconds from saving one paper.yml to the rebuilt pages
    languages: dict[str, dict[str, float]] = field(default_factory=dict)  #: each language process's own stage times
    again_s: float | None = None  #: the same build run again (citation store of the first one warm)
    again_timings: dict[str, float] = field(default_factory=dict)
    budgets: dict[str, dict] = field(default_factory=dict)
    pdf: dict[str, dict] = field(default_factory=dict)  #: language → PDFs written: {books, papers, book_bytes, paper_bytes}
    all_processes: dict[str, float] = field(default_factory=dict)  #: the build from nothing's processes at once (TreeMemory): {peak_mb, largest_mb, samples, interval_s, sampler_cpu_s}
    cpu_by_kind: dict[str, float] = field(default_factory=dict)  #: CPU seconds of the build's Typst, pandoc, Pagefind processes, both languages


class TreeMemory:
    """The memory of a process and all its descendants at once, sampled from /proc while the build runs.

    ru_maxrss gives each process's own peak; a machine needs the sum of the processes alive together
    (two languages' Python processes, their Pagefind, Typst and pandoc processes). Every `interval`
    seconds the thread reads the tree's processes and adds up their resident memory (RSS, from
    /proc/PID/statm). A page that a forked language process still shares with its parent counts twice:
    the proportional sum (PSS, /proc/PID/smaps_rollup) was 1.6 % lower at N = 10,000, but reading it
    costs the kernel about 26 ms a 1.3-GB process, 56 ms a sample in all: RSS it is.
    """

    def __init__(self, root: int | None = None, interval: float = 0.25) -> None:
        self.root, self.interval = root or os.getpid(), interval
        self.peak = self.largest = 0  #: bytes: the largest sum, and the largest single process
        self.samples = 0
        self.cpu = 0.0  #: CPU seconds the sampling thread spent (counted in the bench process's CPU time)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kyyeu-bench-memory", daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()  # the last moment too

    def _run(self) -> None:
        t0 = time.thread_time()
        while not self._stop.wait(self.interval):
            self.sample()
        self.cpu = time.thread_time() - t0

    def _tree(self, by_parents: bool | None = None) -> list[int]:
        """The root and its descendants, found through each thread's `children` file where the kernel has
        them (about 0.03 ms for the bench alone), else through the parent of every process in /proc (about
        1.7 ms); `by_parents` chooses (None: the children files where they exist)."""
        if by_parents is None:
            by_parents = not Path(f"/proc/{self.root}/task/{self.root}/children").exists()
        children = self._children_by_parents() if by_parents else self._children
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children(pid)
        return tree

    @staticmethod
    def _children(pid: int) -> list[int]:
        kids: list[int] = []
        try:
            for task in os.scandir(f"/proc/{pid}/task"):
                try:
                    kids += map(int, Path(task.path, "children").read_text().split())
                except OSError:  # the thread ended meanwhile
                    pass
        except OSError:  # the process ended meanwhile
            pass
        return kids

    @staticmethod
    def _children_by_parents():
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        return lambda pid: children.get(pid, [])

    def sample(self) -> None:
        """Add up the tree's memory now."""
        total = 0
        for pid in self._tree():
            try:
                own = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
            except (OSError, ValueError, IndexError):  # gone meanwhile
                continue
            total += own
            self.largest = max(self.largest, own)
        self.peak = max(self.peak, total)
        self.samples += 1


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs, from /proc/stat (0, 0 where it does not exist)."""
    try:
        vals = list(map(int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]))
    except (OSError, ValueError):
        return 0, 0
    return sum(vals) - vals[3] - vals[4], sum(vals)


def _own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def serve_rebuild(root: Path, edits: int = 3) -> dict:
    """What `kyyeu serve` with kyyeu.serve.session.Session costs after an editor saves one paper.yml.

    A Session builds root once (into root/serve-site), then the title of one paper is edited and the
    site rebuilt, `edits` times; the median of the rebuilds is reported. The search index, which the
    Session rebuilds in the background after the pages, is timed separately.
    """
    from ..serve.session import Session

    session = Session(root, root / "serve-site", root / "serve-work")
    t0 = time.perf_counter()
    session.rebuild()
    session.close()
    first = time.perf_counter() - t0
    papers = sorted((root / "papers").glob("*/*/paper.yml"))
    target = papers[len(papers) // 2]
    original = target.read_text(encoding="utf-8")
    times, kinds, changed, search_s = [], set(), 0, []
    try:
        for k in range(edits):
            target.write_text(original.replace("title:\n  vi: ", f"title:\n  vi: Sửa lần {k + 1} ", 1), encoding="utf-8")
            t0 = time.perf_counter()
            result = session.rebuild()
            times.append(time.perf_counter() - t0)
            kinds.add(result.kind)
            changed = len(result.changed)
            session.close()
            if session.search_seconds is not None:
                search_s.append(session.search_seconds)
    finally:
        target.write_text(original, encoding="utf-8")
        session.close()
    return {"rebuild_s": statistics.median(times), "rebuilds": times, "kind": "/".join(sorted(kinds)),
            "changed_files": changed, "first_build_s": first,
            "search_s": statistics.median(search_s) if search_s else None}


def run(n: int, seed: int = 1, keep: Path | None = None, browser: bool = False, trace: bool = False,
        profile: Path | None = None, serve: bool = False) -> Result:
    """Generate, build and measure; the temporary root is removed unless keep is given."""
    from ..build.pipeline import build
    from ..errors import KyyeuError

    root = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix="kyyeu-bench-"))
    if keep and root.exists() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise KyyeuError(f"{root} is not empty and was not made by `kyyeu bench`: give an empty or new folder")
        for sub in ("papers", "work", "site", "docs", "overrides", "serve-site", "serve-work"):
            shutil.rmtree(root / sub, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("made by kyyeu bench; the folder may be deleted\n", encoding="utf-8")
    try:
        t0 = time.perf_counter()
        counts = make_corpus(root, n, seed)
        corpus_s = time.perf_counter() - t0
        if trace:
            import tracemalloc

            tracemalloc.start()
        prof = None
        if profile:
            import cProfile

            prof = cProfile.Profile()
        busy0, all0 = _cpu_jiffies()
        cpu0 = _own_cpu()
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        with TreeMemory() as together:
            report = build(root, site_dir=root / "site", work_dir=root / "work")
        if prof:
            prof.disable()
            prof.dump_stats(str(profile))
        total = time.perf_counter() - t0
        cpu = _own_cpu() - cpu0
        busy1, all1 = _cpu_jiffies()
        hz = os.sysconf("SC_CLK_TCK")
        other = max(0.0, ((busy1 - busy0) / hz - cpu) / total) if all1 > all0 else 0.0
        traced = None
        if trace:
            traced = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        rss = max(rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        site = report.site
        out_bytes, out_files, html_bytes = output_size(site)
        sizes = [p.stat().st_size for p in paper_pages(site, n)]
        first_search = search_fetch_browser(site) if browser else search_fetch_estimate(site)
        first_visit = page_fetch(site)
        if browser:  # the home page in both languages and a paper page, as a browser fetches them
            first_visit = page_visit_browser(site, ("", "en/", *visit_pages(site, n)))
        # The same build again, as an editor's next `make build` or a CI run with its cache: the pages are
        # generated again, but formatted references and citation files come from the work folder's store.
        t1 = time.perf_counter()
        again = build(root, site_dir=root / "site", work_dir=root / "work")
        again_s = time.perf_counter() - t1
        serve_result = serve_rebuild(root) if serve else None
        result = Result(
            n=n, seed=seed, corpus=counts, pages=report.pages, timings=dict(report.timings), total_s=total,
            cpu_s=cpu, other_cores=other, corpus_s=corpus_s, peak_rss_mb=rss, traced_peak_mb=traced, output_bytes=out_bytes, output_files=out_files,
            html_bytes=html_bytes, paper_html_bytes=statistics.median(sizes) if sizes else 0.0, paper_html_sizes=sizes,
            largest_html=largest_html(site), first_visit=first_visit, first_search=first_search,
            serve=serve_result, languages=dict(report.languages), again_s=again_s, again_timings=dict(again.timings),
            pdf=dict(report.pdf),
            all_processes={"peak_mb": together.peak / 2**20, "largest_mb": together.largest / 2**20,
                           "samples": together.samples, "interval_s": together.interval, "sampler_cpu_s": together.cpu},
            cpu_by_kind={kind: sum(c.get(kind, 0.0) for c in report.cpu.values()) for kind in ("typst", "pandoc", "pagefind")})
        return result
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
