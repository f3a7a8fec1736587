// Kỷ yếu site search: Pagefind's JS API behind Material's search markup. Loaded only when the reader
// opens search (partials/kyyeu-search.html); kept small because every byte counts in the first-query
// budget (SEARCH-PERFORMANCE.md). Per language, the catalogue (pagefind/<lang>/) answers; the full texts
// (pagefind/<lang>-text/) are searched when it finds nothing or the reader asks (scripts/kyyeu/search.py).
// The index stores đ/Đ as d/D + U+0335 (scripts/kyyeu/text.py): queries go through searchQuery(), titles
// and excerpts through unindexText(); both are ports of the Python functions and are tested against them.

const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g;
const LOOKALIKE = { "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ" };

/** text.search_query: NFC, no invisible characters, đ/Đ (and look-alikes) → d/D, spaces collapsed. */
export const searchQuery = (s) => s.replace(INVISIBLE, "").replace(/[\u00d0\u0189\u00f0]/g, (c) => LOOKALIKE[c])
  .normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").split(/[\s\x1c-\x1f\x85]+/).filter(Boolean).join(" ");

/** text.unindex_text: đ/Đ back from the index's d/D + U+0335. */
export const unindexText = (s) => s.replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");

// Question words, dropped when a question finds no page with all its words (compared without marks, lower case).
// Syllables that are also parts of content words without their marks ("bao": bảo vệ, "tai": tài khoản, "khong":
// không gian, "can": cán bộ, "toi": tội phạm, "me": cha mẹ, "ai": AI, "co": cơ quan, "bi": bí mật, "that": sự thật,
// "on": ổn định) are dropped only inside their phrases.
const STOP_PHRASES = ["bao nhieu", "nhu the nao", "the nao", "khi nao", "luc nao", "tai sao", "vi sao", "o dau", "la gi",
  "co phai", "co duoc", "co bi", "duoc khong", "hay khong", "phai lam gi", "lam gi", "lam sao", "bao gio"];
const STOP_WORDS = new Set(("gi nao sao nhieu chua a u nhe la hay hoac cua cho voi o nhung cac mot duoc phai nay kia the " +
  "what how when which who whom whose where why is are was were be been does did the of in for and or could should " +
  "must might i my we our you your it its this there with by from about any have has").split(" "));
/** A word without marks, lower case, without punctuation: the form stop words are compared in. */
const fold = (w) => w.normalize("NFD").replace(/[\u0300-\u036f\u0335]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase()
  .replace(/[^\p{L}\p{N}]/gu, "");
/** The meaningful words of a query (searchQuery form): question words and repeats left out, in order. */
export function meaningful(q) {
  const words = q.split(" ").filter(Boolean), plain = words.map(fold), drop = plain.map((w) => !w);
  if (plain.length > 1 && plain[plain.length - 1] === "khong") { // "… có … không?": both are question words
    drop[plain.length - 1] = true;
    plain.forEach((w, i) => w === "co" && (drop[i] = true));
  }
  for (const phrase of STOP_PHRASES.map((p) => p.split(" ")))
    for (let i = 0; i + phrase.length <= plain.length; i++)
      if (phrase.every((w, j) => plain[i + j] === w)) phrase.forEach((_, j) => (drop[i + j] = true));
  const seen = new Set();
  return words.filter((w, i) => !drop[i] && !STOP_WORDS.has(plain[i]) && !seen.has(plain[i]) && seen.add(plain[i]));
}
/** When no page has every meaningful word: the pages matching most of them (at least half, or as many as
 *  any page does), ranked by how many they match, then by Pagefind's score.
 *  One search per word (at most 8): Pagefind fetches each word's chunk once, whatever the size of the corpus. */
async function partialSearch(pf, q, filters) {
  const terms = meaningful(q).slice(0, 8);
  if (terms.length < 2) return [];
  const byId = new Map();
  for (const found of await Promise.all(terms.map((w) => pf.search(w, { filters }))))
    for (const r of found.results) {
      const x = byId.get(r.id) || byId.set(r.id, { r, n: 0, score: 0 }).get(r.id);
      x.n += 1; x.score += r.score;
    }
  const ranked = [...byId.values()].sort((a, b) => b.n - a.n || b.score - a.score);
  const floor = ranked.length ? Math.min(ranked[0].n, Math.ceil(terms.length / 2)) : 0;
  return ranked.filter((x) => x.n >= floor).map((x) => x.r);
}

const T = {
  vi: { hint: "Gõ từ cần tìm, có dấu hoặc không dấu", loading: "Đang tải tìm kiếm…", failed: "Không tải được tìm kiếm. Hãy tải lại trang.",
    count: (n, q) => (q ? `${n} kết quả cho “${q}”` : `${n} trang`), none: (q) => `Không tìm thấy kết quả nào cho “${q}”.`,
    noneFiltered: "Không có trang nào khớp với bộ lọc đã chọn.", page: "Lọc và xem tất cả kết quả", all: "Tất cả",
    full: "Tìm cả trong toàn văn", inText: "trong toàn văn", texts: (n) => `toàn văn: ${n} trang`,
    partial: (n, q) => `Không trang nào có đủ mọi từ của “${q}”. ${n} trang khớp nhiều từ nhất, xếp theo số từ khớp:` },
  en: { hint: "Type what you are looking for", loading: "Loading search…", failed: "Search could not be loaded. Reload the page.",
    count: (n, q) => `${n} ${q ? "result" : "page"}${n === 1 ? "" : "s"}${q ? ` for “${q}”` : ""}`, none: (q) => `No results for “${q}”.`,
    noneFiltered: "No page matches the chosen filters.", page: "Filter and see all results", all: "All",
    full: "Also search the full texts", inText: "in the full text", texts: (n) => `full texts: ${n} page${n === 1 ? "" : "s"}`,
    partial: (n, q) => `No page has every word of “${q}”. ${n} page${n === 1 ? " matches" : "s match"} most of its words, ranked by how many:` },
};
const FILTERS = ["kind", "org", "year", "status"];

/** When search opened, when Pagefind was ready, and each search (asked, shown): performance.now() ms. */
export const timings = { opened: globalThis.performance ? performance.now() : 0, ready: null, searches: [] };
if (globalThis.window) window.kySearch = { timings };

/** Pagefind's script: its gzipped copy (pagefind-js.pagefind, written by the build) unpacked here, as Pagefind
 *  does with its own files, so that it costs 13 KB rather than 46 KB on servers that do not compress;
 *  the plain pagefind.js where the browser cannot unpack or run it. */
async function pagefindModule(base) {
  if (typeof DecompressionStream === "function") {
    try {
      const res = await fetch(new URL("pagefind-js.pagefind", base));
      if (!res.ok) throw new Error(res.status);
      let body = await res.blob();
      const magic = new Uint8Array(await body.slice(0, 2).arrayBuffer());
      if (magic[0] === 0x1f && magic[1] === 0x8b) body = await new Response(body.stream().pipeThrough(new DecompressionStream("gzip"))).blob();
      const url = URL.createObjectURL(new Blob([body], { type: "text/javascript" }));
      try { return await import(url); } finally { URL.revokeObjectURL(url); }
    } catch (e) { console.warn("search: loading the plain pagefind.js", e); }
  }
  return import(new URL("pagefind.js", base).href);
}

/** The reader's language, and whether every query of this page searches the full texts too. */
let lang = "vi", full = false, script, textExists, textParts = 1;
const engines = {}, TEXT = "-text";
const bundle = (tier) => new URL(`../pagefind/${lang}${tier}/`, import.meta.url);
/** A Pagefind instance: the catalogue ("") or the full texts (TEXT), from one script; resolves once its metadata
 *  and WebAssembly (one copy each, the full texts' only when needed) are in. No worker: one file less. */
const pagefind = (tier = "") => (engines[tier] ??= (async () => {
  const base = bundle(tier);
  const pf = (await (script ??= pagefindModule(base))).createInstance({ basePath: base.pathname, noWorker: true, excerptLength: 24 });
  // a large second tier comes in parts (<lang>-text-2/, …; tiers.json gives how many): searched as one
  for (let i = 2; tier === TEXT && i <= textParts; i++) await pf.mergeIndex(bundle(`${TEXT}-${i}`).pathname);
  await pf.preload("");
  if (!tier) timings.ready = performance.now();
  return pf;
})());
/** Whether this language has full texts (tiers.json in its catalogue, written by the build; fetched once). */
const hasText = () => (textExists ??= fetch(new URL("tiers.json", bundle(""))).then((r) => r.json())
  .then((x) => ((textParts = x.parts || 1), !!x.text), () => false));

function el(tag, cls, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  node.append(...children);
  return node;
}

/** One result in Material's markup: title, kind, label inText, excerpt. Only text and <mark> come from the index.
 *  The title is an h2 on the search page (under its h1) and a paragraph in the header's overlay (no heading
 *  of the overlay comes before the page's h1). */
function item(d, inText, titleTag) {
  const teaser = el("p", "md-search-result__teaser");
  for (const n of new DOMParser().parseFromString(`<p>${d.excerpt || ""}</p>`, "text/html").body.firstChild.childNodes) {
    const text = unindexText(n.textContent);
    teaser.append(n.nodeName === "MARK" ? el("mark", "", text) : text);
  }
  const article = el("article", "md-search-result__article md-typeset", el("div", "md-search-result__icon md-icon"),
    el(titleTag, "ky-search-result__title", unindexText(d.meta.title || d.url)), el("p", "ky-search-result__kind", d.meta.kind || ""), teaser);
  if (inText) teaser.before(el("p", "ky-search-result__text", inText));
  const a = el("a", "md-search-result__link", article);
  a.href = d.url;
  // the key point or change of a document that answers best (headings with #diem-… / #thay-doi-… anchors;
  // Pagefind lists a page's sections best first): its title under the page's
  const sub = (d.sub_results || []).find((x) => /#(diem|thay-doi)-/.test(x.url));
  if (sub) teaser.before(el("p", "ky-search-result__point", "→ " + unindexText(sub.title)));
  return el("li", "md-search-result__item", a);
}

/** Runs searches; a newer one makes older ones return null. The catalogue, and the full texts if full or if it
 *  finds nothing: its results, then theirs not already listed. offer: full texts exist, not searched. */
function searcher(t, titleTag = "p") {
  let seq = 0;
  return {
    stop: () => ++seq,
    async run(query, filters) {
      const mine = ++seq;
      const pf = await pagefind();
      const q = searchQuery(query), exists = q ? hasText() : false; // beside the catalogue's chunks
      const rec = { query, asked: performance.now(), shown: null };
      // a question: its meaningful words, without the question words (when some are left)
      const words = q ? meaningful(q) : [], asked = words.length && words.length < q.split(" ").length ? words.join(" ") : q;
      let found = (await pf.search(asked || null, { filters })).results, partial = false;
      const text = await exists;
      let more = [];
      if (text && (full || !found.length) && mine === seq) more = (await (await pagefind(TEXT)).search(asked, { filters })).results;
      if (q && !found.length && !more.length && mine === seq) {
        found = await partialSearch(pf, q, filters);
        partial = found.length > 0;
      }
      if (mine !== seq) return null;
      const all = [...found, ...more.map((r) => ((r.inText = 1), r))], seen = new Set();
      rec.total = found.length || more.length;
      timings.searches.push(rec);
      let next = 0;
      rec.partial = partial;
      return { total: rec.total, partial, texts: found.length && more.length, offer: text && !full && !!found.length,
        rec, async load(n) {
          const items = [];
          while (items.length < n && next < all.length) {
            if (mine !== seq) return null; // superseded: do not fetch its fragments
            const part = all.slice(next, (next += n - items.length));
            const data = await Promise.all(part.map((r) => r.data()));
            part.forEach((r, i) => seen.has(data[i].url) || (seen.add(data[i].url), items.push(item(data[i], r.inText && t.inText, titleTag))));
          }
          return mine === seq ? { items, more: next < all.length } : null;
        } };
    },
  };
}

/** After list, the button that makes every query of this page search the full texts too. */
function fullButton(list, t, then) {
  const b = el("button", "md-button ky-search-full", t.full);
  b.type = "button";
  b.hidden = true;
  // the button hides itself: keyboard focus goes to the first result rather than to the page's start
  b.addEventListener("click", async () => { full = true; b.hidden = true; await then(); list.querySelector("a")?.focus(); });
  list.after(b);
  return b;
}

/** "n results for q", and the pages found in the full texts when both were searched. */
const counted = (t, found, q) => (found.partial ? t.partial(found.total, q) : t.count(found.total, q))
  + (found.texts ? ` · ${t.texts(found.texts)}` : "");

/** The header overlay: results as the reader types; Enter submits the form to the search page. */
function overlay(box) {
  const t = T[box.dataset.lang] || T.vi;
  const input = box.querySelector("input"), meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list"), s = searcher(t);
  let timer;
  const fail = (e) => { console.error(e); meta.textContent = t.failed; };
  const button = fullButton(list, t, () => update().catch(fail));
  async function update() {
    const q = input.value.trim();
    // one character would match (and fetch the index of) every word starting with it
    if (q.length < 2) { s.stop(); meta.textContent = t.hint; list.replaceChildren(); button.hidden = true; return; }
    const found = await s.run(q, {});
    const page = found && (await found.load(5));
    if (!page) return;
    const all = el("a", "", t.page);
    all.href = `${box.dataset.page}?q=${encodeURIComponent(q)}${full ? "&full=1" : ""}`;
    meta.replaceChildren(found.total ? counted(t, found, q) : t.none(q), " · ", all);
    list.replaceChildren(...page.items);
    button.hidden = !found.offer;
    found.rec.shown = performance.now();
  }
  const later = () => { clearTimeout(timer); timer = setTimeout(() => update().catch(fail), 120); };
  input.addEventListener("input", later);
  box.querySelector("form").addEventListener("reset", later);
  meta.textContent = t.loading;
  pagefind().then(() => (input.value.trim() ? update() : (meta.textContent = t.hint))).catch(fail);
}

/** The search page: ?q= and filters from the URL (kept in it), result links in #search-results in rank order. */
function searchPage(root, t, lang) {
  const form = root.querySelector("form"), input = form.elements.q, status = root.querySelector("#search-status");
  const list = root.querySelector("#search-results"), more = root.querySelector("#search-more"), s = searcher(t, "h2");
  const selects = FILTERS.map((name) => form.elements[name]).filter(Boolean);
  const params = new URLSearchParams(location.search);
  let current, timer;
  input.value = params.get("q") || "";
  full ||= params.get("full") === "1";
  for (const sel of selects) { // until Pagefind's lists arrive, a select holds the value the link asked for
    const v = params.get(sel.name);
    if (v) { sel.append(new Option(v, v)); sel.value = v; }
  }
  const chosen = () => Object.fromEntries(selects.filter((x) => x.value).map((x) => [x.name, x.value]));
  const fail = (e) => { console.error(e); status.textContent = t.failed; };
  const button = fullButton(list, t, () => update().catch(fail));

  async function update() {
    const q = input.value.trim(), filters = chosen(), qs = new URLSearchParams({ ...(q && { q }), ...filters }).toString();
    history.replaceState(null, "", qs ? `?${qs}${full ? "&full=1" : ""}` : location.pathname);
    if (!qs) {
      s.stop(); current = null; status.textContent = t.hint; status.className = "ky-search-status";
      list.replaceChildren(); more.hidden = button.hidden = true; return;
    }
    const found = await s.run(q, filters);
    const page = found && (await found.load(10));
    if (!page) return;
    current = found;
    status.textContent = found.total ? counted(t, found, q) : q ? t.none(q) : t.noneFiltered;
    status.className = found.total ? "ky-search-status" : "ky-search-status ky-search-empty";
    list.replaceChildren(...page.items);
    more.hidden = !page.more;
    button.hidden = !found.offer;
    found.rec.shown = performance.now();
    root.dataset.state = "done";
  }

  async function fillFilters(pf) {
    const all = await pf.filters();
    for (const sel of selects) {
      const values = Object.keys(all[sel.name] || {}).sort((a, b) => (sel.name === "year" ? b.localeCompare(a) : a.localeCompare(b, lang)));
      const v = sel.value;
      sel.replaceChildren(new Option(t.all, ""), ...values.map((x) => new Option(x, x)));
      if (v && !values.includes(v)) sel.append(new Option(v, v));
      sel.value = v;
      sel.closest(".ky-search-filter").hidden = !values.length;
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); update().catch(fail); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => update().catch(fail), 150); });
  for (const sel of selects) sel.addEventListener("change", () => update().catch(fail));
  more.addEventListener("click", async () => {
    const page = current && (await current.load(10).catch(fail));
    if (page) { list.append(...page.items); more.hidden = !page.more; }
  });
  status.textContent = t.loading;
  pagefind().then(async (pf) => { await update(); await fillFilters(pf); }).catch(fail);
  if (!input.value) input.focus();
}

/** Called by the header's loader with the header search box. */
export function boot(box) {
  if (T[box.dataset.lang]) lang = box.dataset.lang;
  overlay(box);
  const root = document.getElementById("ky-search-page");
  if (root) searchPage(root, T[box.dataset.lang] || T.vi, box.dataset.lang);
}
