"""The site's Content-Security-Policy and referrer policy, in one place.

Every page carries them as <meta> tags (overrides/main.html reads `config.extra.kyyeu_csp`, which the
SafeHtml plugin sets): a static host cannot be relied on to send headers. Hosts that read a `_headers`
file (Netlify, Cloudflare Pages) also get them as HTTP headers from the `_headers` file written at the
top of the built site, with what only a header can say (frame-ancestors, nosniff). GitHub Pages reads
no such file: there the <meta> tags are the policy.

What the policy allows, and why:

* scripts only from the site: no inline script (Material's two inline scripts are replaced by a file,
  overrides/partials/javascripts/), no eval; 'wasm-unsafe-eval' because Pagefind runs its search in
  WebAssembly, which the browser compiles only with it; blob: because search.js runs Pagefind's
  script from the gzipped copy the build ships (13 KB instead of 46 KB where the server does not
  compress) through a blob: URL. A blob: URL can only be made by a script already running on the
  site's own origin, so it lets in nothing that 'self' keeps out;
* styles only from the site's style sheets: no <style> element and no style="" attribute on any page
  (a Markdown table's column alignment becomes a class, see sanitize.clean);
* images from the site, and data: images, which Material's own style sheet uses for its icons
  (search, menu, admonitions) as CSS masks; a data: image cannot send anything anywhere;
* nothing else from anywhere else: default-src 'self', object-src 'none', base-uri 'self' (a <base>
  can never re-point the site's scripts), form-action 'self'.
"""
from __future__ import annotations

from pathlib import Path

DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'", "blob:"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
POLICY = "; ".join(f"{name} {' '.join(values)}" for name, values in DIRECTIVES.items())
#: Only the HTTP header can forbid framing (a <meta> policy ignores frame-ancestors).
HEADER_POLICY = POLICY + "; frame-ancestors 'self'"
REFERRER = "strict-origin-when-cross-origin"

HEADERS_FILE = "_headers"


def headers_file() -> str:
    """The `_headers` file Netlify and Cloudflare Pages read: the same policy for every path."""
    return (
        "# Written by `kyyeu build` (kyyeu/build/csp.py): the same policy as every page's <meta> tags, as HTTP headers.\n"
        "/*\n"
        f"  Content-Security-Policy: {HEADER_POLICY}\n"
        f"  Referrer-Policy: {REFERRER}\n"
        "  X-Content-Type-Options: nosniff\n"
    )


def write_headers(site_dir: Path) -> None:
    """Write `_headers` at the top of a built site."""
    path = Path(site_dir) / HEADERS_FILE
    data = headers_file()
    if not path.is_file() or path.read_text(encoding="utf-8") != data:
        path.write_text(data, encoding="utf-8")
