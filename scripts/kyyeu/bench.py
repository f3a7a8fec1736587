"""`kyyeu bench --papers N [--seed S]`: build a synthetic corpus of N bilingual papers with the real
pipeline and print one table of what it cost, against the budgets of issue 6.

The corpus is written as real records (YAML with the schema line, vi.md/en.md full texts) into a
temporary root together with copies of the repository's mkdocs.yml, docs/ and overrides/, so the
build is exactly `kyyeu build` on a bigger papers/. Generation is deterministic for a seed, and each
record's content depends only on (seed, its position), so paper number 1 is the same paper whatever N
is: that is what lets tests compare page sizes across corpus sizes.

Transfer sizes are measured without a browser by default: the home page's HTML plus every same-site
stylesheet, script, icon and image it references (and fonts/images the stylesheets reference), each
counted raw and gzip-compressed (what a server that compresses, such as GitHub Pages, sends).
`--browser` runs a real search query in headless Chromium instead of estimating it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html.parser
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

#: Budgets of issue 6, for N = 1,000 papers on 2 cores.
BUDGET = {
    "build_s": 20.0,          #: full build including the search index
    "paper_html_kb": 40.0,    #: one paper page's HTML, not growing with N
    "output_mb": 100.0,       #: whole output, growing linearly
    "first_visit_kb": 150.0,  #: first page visit transferred: HTML, CSS, JS, fonts; no search data
    "first_search_kb": 300.0, #: first search query transferred
    "serve_s": 3.0,           #: `make serve`: after editing one paper, the page reloads
}
#: Time and size may grow linearly: N = 10,000 may cost at most 12 × N = 1,000.
GROWTH = 1.2
#: The query the search measurement runs (three common words of the corpus).
QUERY = "an ninh mạng"

REPO = Path(__file__).resolve().parents[2]

# --- word lists ---------------------------------------------------------------------------------------

_VI = """
và|của|các|là|được|trong|có|những|cho|với|một|không|đã|để|về|trên|từ|theo|nhiều|cũng|đến|còn|sẽ|
cần|phải|đang|chưa|rất|đều|nhằm|này|khi|như|người|
internet|mạng xã hội|thông tin|tuyên truyền|cán bộ|đảng viên|nhân dân|trách nhiệm|vai trò|an toàn|an ninh|
an ninh mạng|pháp luật|giải pháp|thực trạng|nâng cao|nhận thức|kỹ năng|người dùng|nội dung|độc hại|sai trái|
thù địch|quan điểm|đấu tranh|phản bác|bảo vệ|nền tảng|tư tưởng|của Đảng|cơ quan|đơn vị|địa phương|cấp ủy|
chính quyền|tổ chức|đoàn thể|thanh niên|phụ nữ|học sinh|sinh viên|giáo viên|nhà trường|gia đình|xã hội|
cộng đồng|dân tộc|thiểu số|vùng cao|biên giới|miền núi|huyện|xã|thôn|bản|tỉnh|Lào Cai|trung ương|
hệ thống|chính trị|báo chí|truyền thông|phát thanh|truyền hình|trang tin|điện tử|số hóa|chuyển đổi số|
công nghệ|dữ liệu|thiết bị|điện thoại|máy tính|ứng dụng|tài khoản|mật khẩu|lừa đảo|vi phạm|xử lý|
xử phạt|hành chính|hình sự|quy định|văn bản|hướng dẫn|chỉ đạo|triển khai|thực hiện|kế hoạch|chương trình|
kết quả|đánh giá|khảo sát|điều tra|dư luận|ý kiến|phản hồi|kịp thời|chính xác|khách quan|tích cực|
hiệu quả|hạn chế|nguyên nhân|bài học|kinh nghiệm|phối hợp|chặt chẽ|thường xuyên|liên tục|lâu dài|
cụ thể|rõ ràng|đầy đủ|nghiêm túc|quan trọng|cần thiết|cấp bách|mới|hiện nay|trong thời gian tới|
năm|tháng|ngày|giai đoạn|những năm qua|bên cạnh đó|tuy nhiên|vì vậy|do đó|đồng thời|ngoài ra|
trước hết|cuối cùng|ngày càng|góp phần|tạo điều kiện|
nâng cao chất lượng|đổi mới|phương thức|hình thức|biện pháp|nhiệm vụ|mục tiêu|yêu cầu|tiêu chí|
lực lượng|công an|quân đội|tòa án|viện kiểm sát|sở|ban|ngành|hội|liên đoàn|lao động|công đoàn|
người lao động|doanh nghiệp|kinh tế|văn hóa|giáo dục|đào tạo|bồi dưỡng|tập huấn|hội nghị|hội thảo|
tham luận|báo cáo|đề dẫn|kết luận|tổng kết|sơ kết|thi đua|khen thưởng|gương mẫu|tiên phong|
đạo đức|lối sống|ứng xử|văn minh|lành mạnh|chia sẻ|bình luận|đăng tải|lan truyền|tin giả|
tin đồn|xuyên tạc|bôi nhọ|kích động|gây rối|trật tự|ổn định|phát triển|bền vững|niềm tin|
đồng thuận|sức mạnh|đoàn kết|dân chủ|kỷ cương|pháp chế|quản lý|nhà nước|giám sát|kiểm tra|
thanh tra|rà soát|phát hiện|ngăn chặn|gỡ bỏ|cảnh báo|khuyến cáo|nhắc nhở|tuyên dương|nhân rộng|
mô hình|điển hình|sáng kiến|hành động|trực tuyến|nhóm|diễn đàn|Zalo|Facebook|YouTube|TikTok|
bảo mật|quyền riêng tư|cá nhân|tổ chức chính trị|xã hội nghề nghiệp|Mặt trận Tổ quốc|Đoàn Thanh niên|
Hội Liên hiệp Phụ nữ|Hội Nông dân|Hội Cựu chiến binh|Ban Tuyên giáo|Sở Thông tin và Truyền thông
"""
_EN = """
the|of|and|to|in|a|is|for|on|with|that|by|are|as|was|from|it|be|has|have|will|must|should|not|also|
all|many|these|this|their|which|more|
internet|social network|information|communication|officials|party members|citizens|responsibility|role|
safety|security|cybersecurity|law|solution|situation|raise|awareness|skills|users|content|harmful|
wrong|hostile|views|struggle|refute|protect|foundation|ideology|of the Party|agency|unit|locality|
party committee|government|organisation|union|youth|women|pupils|students|teachers|schools|family|
society|community|ethnic|minority|highland|border|mountainous|district|commune|village|hamlet|province|
Lào Cai|central|system|political|press|media|radio|television|news site|electronic|digitisation|
digital transformation|technology|data|device|phone|computer|application|account|password|fraud|
violation|handling|penalty|administrative|criminal|regulation|document|guidance|direction|deploy|
carry out|plan|programme|results|assessment|survey|investigation|public opinion|opinions|feedback|
timely|accurate|objective|positive|effective|limited|causes|lessons|experience|coordination|close|
regular|continuous|long-term|specific|clear|complete|serious|important|necessary|urgent|new|today|
in the coming period|year|month|day|stage|in recent years|besides|however|therefore|thus|at the same time|
moreover|first|finally|in order to|about|according to|until|yet|very|still|increasingly|contribute|enable|
improve quality|renew|method|form|measure|task|goal|requirement|criterion|force|police|army|court|
procuracy|department|board|sector|association|federation|labour|trade union|workers|enterprise|economy|
culture|education|training|refresher course|workshop|conference|paper|report|opening|conclusion|review|
emulation|commendation|exemplary|pioneering|ethics|lifestyle|behaviour|civilised|healthy|share|comment|
post|spread|fake news|rumour|distort|defame|incite|disorder|order|stability|development|sustainable|
trust|consensus|strength|solidarity|democracy|discipline|legality|management|state|supervision|
inspection|review|detect|prevent|remove|warn|advise|remind|praise|replicate|model|typical|initiative|
action|online|group|forum|Zalo|Facebook|YouTube|TikTok|privacy|personal|Fatherland Front|Youth Union|
Women's Union|Farmers' Association|Veterans' Association|Propaganda Department
"""
#: The real words above, in the order of their frequency rank (function words first): the head of the vocabulary.
VI_HEAD = [unicodedata.normalize("NFC", w.strip()) for w in _VI.split("|") if w.strip()]
EN_HEAD = [w.strip() for w in _EN.split("|") if w.strip()]

# The long tail: a real corpus of 1,000 papers uses thousands of different syllables (Vietnamese) or
# words (English), and the size of a search index depends on that. The tail is made by the spelling
# rules of each language, from a fixed seed, so the vocabulary is the same for every run.
_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
           "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
_RHYMES = ("a ai ao au ay an ang anh am ac ach at ap ăn ăng ăm ăc ăt ăp âu ây ân âng âm âc ât âp e eo en em ec et "
           "ep ê êu ên ênh êm êch êt êp i ia iu in inh im ich it ip iên iêng iêm iêc iêt iêp iêu o oi on ong om oc ot "
           "op oa oai oan oang oanh oac oat oe oen oet ô ôi ôn ông ôm ôc ôt ôp ơ ơi ơn ơm ơt ơp u ui un ung um uc ut up "
           "uy uân uât uyên uyêt uynh uôi uôn uông uôm uôc uôt ư ưa ưi ưu ưng ưc ưt ươi ươu ươn ương ươm ươc ươt ươp").split()
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang, huyền, sắc, hỏi, ngã, nặng
_MARKED = "ăâêôơư"


def _tone_at(rhyme: str) -> int:
    """Index of the vowel of a rhyme that carries the tone mark (traditional placement)."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy"]
    marked = [i for i in vowels if rhyme[i] in _MARKED]
    if marked:
        return marked[-1]  # ươ → ơ, iê → ê, uô → ô
    if len(vowels) >= 2 and vowels[-1] < len(rhyme) - 1:
        return vowels[-1]  # a final consonant follows: oan → oán
    if rhyme in ("oa", "oe", "uy"):
        return vowels[-1]
    return vowels[0]


def _vi_syllables() -> list[str]:
    out = []
    for onset in _ONSETS:
        for rhyme in _RHYMES:
            front = rhyme[0] in "ieêy"
            if (onset in ("k", "gh", "ngh") and not front) or (onset in ("c", "g", "ng") and front):
                continue
            if onset == "qu" and rhyme[0] in "uoô" or onset == "gi" and rhyme[0] == "i":
                continue
            stop = rhyme.endswith(("c", "ch", "t", "p"))
            at = _tone_at(rhyme)
            for tone in (_TONES[2], _TONES[5]) if stop else _TONES:
                out.append(unicodedata.normalize("NFC", onset + rhyme[: at + 1] + tone + rhyme[at + 1:]))
    return out


def _en_words() -> list[str]:
    stems = sorted({w.lower() for w in " ".join(EN_HEAD).split() if w.isalpha() and len(w) > 3})
    suffixes = ["s", "ed", "ing", "er", "ers", "al", "ally", "ation", "ations", "ive", "ity", "ment", "ments", "ness", "ful", "ist", "ize"]
    prefixes = ["", "re", "un", "pre", "co", "inter", "over", "sub", "non", "counter", "multi", "self"]
    return [p + s + x for p in prefixes for s in stems for x in [""] + suffixes]


class Vocabulary:
    """Words of one language with Zipf–Mandelbrot frequencies: the real head words first, then the tail."""

    def __init__(self, head: list[str], tail: list[str], size: int, seed: str):
        rng = random.Random(seed)
        tail = [w for w in dict.fromkeys(tail) if w not in set(head)]
        rng.shuffle(tail)
        self.words = head + tail[: max(0, size - len(head))]
        weights = [1 / (rank + 2.7) for rank in range(len(self.words))]
        total, self.cum = 0.0, []
        for w in weights:
            total += w
            self.cum.append(total)

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=count)


VI_WORDS = Vocabulary(VI_HEAD, _vi_syllables(), 5000, "vi")
EN_WORDS = Vocabulary(EN_HEAD, _en_words(), 12000, "en")
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Giàng", "Lò"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Quang", "Ngọc", "Thu", "Xuân", "A", "Seo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hải", "Hương", "Lan", "Long", "Mai", "Nam", "Phương",
         "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Chinh", "Pháo", "Sử", "Mỷ"]

#: Organisations of the synthetic corpus: id, kind, place, Vietnamese name, English name.
ORGS = [
    ("ban-tuyen-giao", "party", "provincial", "Ban Tuyên giáo Tỉnh ủy", "Provincial Party Propaganda Department"),
    ("cong-an-tinh", "police", "provincial", "Công an tỉnh", "Provincial Police"),
    ("so-tttt", "department", "provincial", "Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("so-gddt", "department", "provincial", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("bao-tinh", "press", "provincial", "Báo tỉnh", "Provincial Newspaper"),
    ("ldld-tinh", "mass-organisation", "provincial", "Liên đoàn Lao động tỉnh", "Provincial Labour Federation"),
    ("tinh-doan", "mass-organisation", "provincial", "Tỉnh đoàn", "Provincial Youth Union"),
    ("truong-chinh-tri", "education", "provincial", "Trường Chính trị tỉnh", "Provincial Political School"),
    ("quoc-hoi", "legislature", "national", "Quốc hội", "National Assembly"),
    ("chinh-phu", "government", "national", "Chính phủ", "Government"),
    ("bo-tttt", "ministry", "national", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications"),
    ("ban-bi-thu", "party", "national", "Ban Bí thư Trung ương Đảng", "Party Central Committee Secretariat"),
]
#: Document types the synthetic documents use: type, issuer, number pattern.
DOC_KINDS = [
    ("law", "quoc-hoi", "{k}/{y}/QH{t}"),
    ("decree", "chinh-phu", "{k}/{y}/NĐ-CP"),
    ("circular", "bo-tttt", "{k}/{y}/TT-BTTTT"),
    ("decision", "bo-tttt", "{k}/QĐ-BTTTT"),
    ("directive", "ban-bi-thu", "{k}-CT/TW"),
    ("plan", "ban-tuyen-giao", "{k}/KH-BTG"),
]
PAPERS_PER_VOLUME = 100
#: The file that marks a folder as a benchmark root (so that --keep never clears anything else).
MARKER = ".kyyeu-bench"
SECTIONS = 12
WORDS_PER_SECTION = 90


def _rng(seed: int, *key: object) -> random.Random:
    """A generator that depends only on the seed and the record's key, not on N."""
    return random.Random(":".join(map(str, (seed, *key))))


def _words(rng: random.Random, pool: Vocabulary, count: int) -> list[str]:
    """`count` whitespace-separated words drawn from the vocabulary."""
    out: list[str] = []
    while len(out) < count:
        out.extend(" ".join(pool.draw(rng, count - len(out))).split())
    return out[:count]


def _sentence(rng: random.Random, pool: Vocabulary, lo: int = 8, hi: int = 18) -> str:
    words = _words(rng, pool, rng.randint(lo, hi))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + "."


def _prose(rng: random.Random, pool: Vocabulary, count: int) -> str:
    """Sentences adding up to about `count` words."""
    sentences, total = [], 0
    while total < count:
        s = _sentence(rng, pool)
        sentences.append(s)
        total += len(s.split())
    return " ".join(sentences)


def _title(rng: random.Random, pool: Vocabulary) -> str:
    return _sentence(rng, pool, 7, 15).rstrip(".")


def _text(rng: random.Random, fn, *args) -> dict:
    """A bilingual text: the same generator run on both word lists."""
    return {"vi": fn(rng, VI_WORDS, *args), "en": fn(rng, EN_WORDS, *args)}


def fulltext(rng: random.Random, pool: Vocabulary, sections: int = SECTIONS, words: int = WORDS_PER_SECTION) -> str:
    """A paper's full text: numbered sections of about `words` words in two paragraphs."""
    parts = []
    for k in range(1, sections + 1):
        parts.append(f"### {k}. {_title(rng, pool)}\n\n{_prose(rng, pool, words // 2)}\n\n{_prose(rng, pool, words - words // 2)}\n")
    return "\n".join(parts)


# --- the synthetic corpus -----------------------------------------------------------------------------


def _dump(path: Path, schema_line: str, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(schema_line + "\n" + body, encoding="utf-8")


def volume_id(k: int) -> str:
    return f"hoi-thao-{k + 1:03d}"


def paper_id(i: int) -> str:
    return f"tham-luan-{i + 1:05d}"


def make_corpus(root: Path, n: int, seed: int = 1) -> dict[str, int]:
    """Write a synthetic corpus of n papers into root/papers, with the repository's site configuration.

    Returns counts of what was written. Paper i (0-based) is in volume i // 100 and its content
    depends only on (seed, i).
    """
    from .load import schema_line
    from .text import slugify

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("docs", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    papers = root / "papers"
    if (REPO / "papers" / "schemas").is_dir():
        shutil.copytree(REPO / "papers" / "schemas", papers / "schemas", dirs_exist_ok=True)

    org_ids = [o[0] for o in ORGS]
    provincial = [o[0] for o in ORGS if o[2] == "provincial"]
    orgs = {"organisations": [
        {"id": oid, "name": {"vi": vi, "en": en}, "kind": kind, "place": place} for oid, kind, place, vi, en in ORGS]}
    reg = papers / "organisations.yml"
    _dump(reg, schema_line("organisations", reg, papers), orgs)

    n_volumes = max(1, math.ceil(n / PAPERS_PER_VOLUME))
    start = dt.date(2012, 3, 1)
    vol_dates = []
    for k in range(n_volumes):
        rng = _rng(seed, "volume", k)
        day = start + dt.timedelta(days=45 * k + rng.randint(0, 20))
        vol_dates.append(day)
        path = papers / volume_id(k) / "volume.yml"
        _dump(path, schema_line("volume", path, papers), {
            "id": volume_id(k),
            "kind": rng.choice(["workshop", "conference"]),
            "title": _text(rng, _title),
            "date": day,
            "place": {"vi": "tỉnh Lào Cai, Việt Nam", "en": "Lào Cai province, Vietnam"},
            "organiser": rng.choice(provincial),
            "chair": {"name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                      "role": {"vi": "Trưởng Ban Tuyên giáo Tỉnh ủy", "en": "Head of the Provincial Party Propaganda Department"}},
            "participants": [_text(rng, _title) for _ in range(3)],
            "summary": _text(rng, _prose, 40),
            "opening": _text(rng, _prose, 120),
            "conclusions": _text(rng, _prose, 100),
            "sources": [{"publisher": "Báo Lào Cai", "url": f"https://baolaocai.vn/hoi-thao-{k + 1}.html"}],
            "keywords": [_text(rng, _title) for _ in range(2)],
        })

    for i in range(n):
        k = i // PAPERS_PER_VOLUME
        rng = _rng(seed, "paper", i)
        folder = papers / volume_id(k) / paper_id(i)
        path = folder / "paper.yml"
        authors = [{"family": rng.choice(FAMILY), "given": f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    "affiliation": rng.choice(org_ids)} for _ in range(rng.randint(0, 3))]
        _dump(path, schema_line("paper", path, papers), {
            "id": paper_id(i),
            "order": i % PAPERS_PER_VOLUME + 1,
            "title": _text(rng, _title),
            "contributors": rng.sample(provincial, rng.randint(1, 2)),
            "authors": authors,
            "language": "vi",
            "abstract": _text(rng, _prose, 70),
            "keywords": [_text(rng, lambda r, p: " ".join(_words(r, p, 2))) for _ in range(3)],
            "status": [{"state": "published", "date": vol_dates[k]}],
            "sources": [{"publisher": "Báo Lào Cai", "url": f"https://baolaocai.vn/tham-luan-{i + 1}.html"}],
        })
        (folder / "vi.md").write_text(fulltext(rng, VI_WORDS), encoding="utf-8")
        (folder / "en.md").write_text(fulltext(rng, EN_WORDS), encoding="utf-8")

    n_docs = max(2, n // 20)
    numbers: list[tuple[str, dt.date]] = []
    replaced: set[int] = set()
    relations = 0
    for j in range(n_docs):
        rng = _rng(seed, "document", j)
        dtype, issuer, pattern = DOC_KINDS[j % len(DOC_KINDS)]
        issued = dt.date(2000, 1, 1) + dt.timedelta(days=9 * j + rng.randint(0, 5))
        number = pattern.format(k=j + 1, y=issued.year, t=11 + (issued.year - 2000) // 5)
        doc_id = slugify(number)
        rels = []
        if j >= len(DOC_KINDS):  # documents relate to earlier documents of the same kind
            earlier = [x for x in range(j % len(DOC_KINDS), j, len(DOC_KINDS)) if x not in replaced]
            roll = rng.random()
            if earlier and roll < 0.3:
                target = rng.choice(earlier)
                replaced.add(target)
                rels.append({"type": "replaces", "target": slugify(numbers[target][0])})
            elif earlier and roll < 0.5:
                rels.append({"type": "amends", "target": slugify(numbers[rng.choice(earlier)][0]),
                             "note": _text(rng, _title)})
            elif roll < 0.6:
                rels.append({"type": "guides", "number": f"{rng.randint(1, 99)}/{issued.year}/QH14"})
        relations += len(rels)
        numbers.append((number, issued))
        folder = papers / "documents" / doc_id
        path = folder / "document.yml"
        _dump(path, schema_line("document", path, papers), {
            "id": doc_id,
            "number": number,
            "type": dtype,
            "title": _text(rng, _title),
            "issuer": issuer,
            "signer": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "issued": issued,
            "effective": issued + dt.timedelta(days=rng.randint(0, 60)),
            "scope": "provincial" if issuer == "ban-tuyen-giao" else "national",
            "summary": _text(rng, _prose, 60),
            "relations": rels,
            "sources": [{"publisher": "vbpl.vn", "url": f"https://vbpl.vn/van-ban/{doc_id}.html"}],
        })
        if j % 2 == 0:  # half of the documents carry their full text
            (folder / "vi.md").write_text(fulltext(rng, VI_WORDS, 6), encoding="utf-8")
            (folder / "en.md").write_text(fulltext(rng, EN_WORDS, 6), encoding="utf-8")
    return {"papers": n, "volumes": n_volumes, "documents": n_docs, "relations": relations, "organisations": len(ORGS)}


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


def search_fetch_browser(site: Path, query: str = QUERY, results: int = 5) -> dict | None:
    """Bytes a real first query fetches in headless Chromium, counted from the moment search opens.

    When the home page has a search box (an `input[type=search]`), the reader's path is followed: open
    search, type the query, wait for the results. Otherwise Pagefind's API is called directly, on the
    Vietnamese catalogue (pagefind/vi/), which the home page's search loads.
    """
    pf = _pagefind_dir(site)
    if pf is None:
        return None
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
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


def budgets_for(n: int) -> dict[str, float]:
    """The budgets at n papers: time and output may grow linearly beyond N = 1,000; pages may not."""
    scale = max(1.0, GROWTH * n / 1000) if n > 1000 else 1.0
    return {**BUDGET, "build_s": BUDGET["build_s"] * scale, "output_mb": BUDGET["output_mb"] * scale}


def _verdicts(r: Result) -> dict[str, dict]:
    b = budgets_for(r.n)
    values = {
        "build_s": r.total_s,
        "paper_html_kb": r.paper_html_bytes / 1024,
        "output_mb": r.output_bytes / 1e6,
        "first_visit_kb": r.first_visit["gzip"] / 1024,
        "first_search_kb": r.first_search["gzip"] / 1024 if r.first_search else None,
        "serve_s": r.serve["rebuild_s"] if r.serve else None,
    }
    return {k: {"value": v, "budget": b[k], "ok": None if v is None else v <= b[k]} for k, v in values.items()}


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
    """What `kyyeu serve` with kyyeu.incremental.Session costs after an editor saves one paper.yml.

    A Session builds root once (into root/serve-site), then the title of one paper is edited and the
    site rebuilt, `edits` times; the median of the rebuilds is reported. The search index, which the
    Session rebuilds in the background after the pages, is timed separately.
    """
    from .incremental import Session

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
    from .build import build

    from .errors import KyyeuError

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
            largest_html=largest_html(site), first_visit=page_fetch(site), first_search=first_search,
            serve=serve_result, languages=dict(report.languages), again_s=again_s, again_timings=dict(again.timings))
        result.budgets = _verdicts(result)
        return result
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "FAIL")


def table(r: Result) -> str:
    """The one table, as Markdown (paste it into PERFORMANCE.md)."""
    v = r.budgets
    rows: list[tuple[str, str, str, str]] = [
        ("papers N (seed)", f"{r.n:,} ({r.seed})", "", ""),
        ("corpus", f"{r.corpus['volumes']} volumes, {r.corpus['documents']} documents "
                   f"({r.corpus['relations']} relations), {r.corpus['organisations']} organisations; {r.pages:,} Markdown pages", "", ""),
    ]
    for stage, secs in r.timings.items():
        rows.append((f"stage: {stage} (s)", f"{secs:.2f}", "", ""))
    for lang, times in r.languages.items():  # the languages run at once, each in its own process
        rows.append((f"  {lang} process (s)", ", ".join(f"{k} {v:.2f}" for k, v in times.items()), "", ""))
    rows += [
        ("build total (s)", f"{r.total_s:.2f} (CPU {r.cpu_s:.2f})", f"≤ {v['build_s']['budget']:.0f}", _mark(v["build_s"]["ok"])),
    ]
    if r.again_s is not None:
        stages = ", ".join(f"{k} {t:.2f}" for k, t in r.again_timings.items() if k != "finish")
        rows.append(("build again, citation store warm (s)", f"{r.again_s:.2f} ({stages})",
                     f"≤ {v['build_s']['budget']:.0f}", _mark(r.again_s <= v["build_s"]["budget"])))
    rows += [
        ("peak memory RSS (MB)", f"{r.peak_rss_mb:,.0f}" + (f" (Python heap peak {r.traced_peak_mb:,.0f})" if r.traced_peak_mb else ""), "", ""),
        ("output size (MB) / files", f"{r.output_bytes / 1e6:,.1f} / {r.output_files:,} (HTML {r.html_bytes / 1e6:,.1f} MB)",
         f"≤ {v['output_mb']['budget']:.0f}", _mark(v["output_mb"]["ok"])),
        ("paper page HTML (KB, median of %d)" % len(r.paper_html_sizes), f"{r.paper_html_bytes / 1024:.1f}",
         f"≤ {BUDGET['paper_html_kb']:.0f}", _mark(v["paper_html_kb"]["ok"])),
        ("largest HTML page (KB)", f"{r.largest_html[0] / 1024:.1f} {r.largest_html[1]}", "", ""),
        ("first page visit (KB gzip / raw, %d files)" % len(r.first_visit["files"]),
         f"{r.first_visit['gzip'] / 1024:.1f} / {r.first_visit['raw'] / 1024:.1f}",
         f"≤ {BUDGET['first_visit_kb']:.0f}", _mark(v["first_visit_kb"]["ok"])),
    ]
    if r.first_search is None:
        rows.append(("first search query (KB)", "no search index in the site", f"≤ {BUDGET['first_search_kb']:.0f}", "n/a"))
    else:
        rows.append((f"first search query (KB gzip, {r.first_search['method']}, {len(r.first_search['files'])} files)",
                     f"{r.first_search['gzip'] / 1024:.1f}", f"≤ {BUDGET['first_search_kb']:.0f}", _mark(v["first_search_kb"]["ok"])))
    if r.serve is None:
        rows.append(("serve: page rebuilt after editing one paper (s)", "not measured (--serve)", f"≤ {BUDGET['serve_s']:.0f}", "n/a"))
    else:
        sv = r.serve
        search = f"; search index {sv['search_s']:.1f} s after, in the background" if sv.get("search_s") else ""
        rows.append(("serve: page rebuilt after editing one paper (s)",
                     f"{sv['rebuild_s']:.2f} ({sv['kind']}, {sv['changed_files']} files changed{search})",
                     f"≤ {BUDGET['serve_s']:.0f}", _mark(v["serve_s"]["ok"])))
    widths = [max(len(row[i]) for row in rows + [("measure", "value", "budget", "")]) for i in range(4)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    out = [line(("measure", "value", "budget", "")), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows]
    notes = (f"Each language runs generate → MkDocs → search in its own process, both at once; a stage row gives the "
             f"slowest language's time (generate: until every language's pages are written), the process rows each one's. "
             f"Transfer sizes are computed from the built files, not a browser: the home page's HTML and every same-site "
             f"stylesheet, script, icon and image it loads, gzip-compressed as a compressing server sends them. "
             f"First search: {'a real query in headless Chromium' if r.first_search and r.first_search['method'].startswith('browser') else 'an estimate from the files Pagefind loads for a 3-word query (median index chunk per word, median fragment × 5; --browser measures it)'}. "
             f"Budgets are those of issue 6 for N = 1,000; time and output scale by 1.2 × N/1,000 above that. "
             f"Machine: {machine()}; other processes kept {r.other_cores:.1f} cores busy during the build"
             f"{' (times are inflated: measure again on a quiet machine)' if r.other_cores > 0.2 else ''}.")
    return "\n".join(out) + "\n\n" + notes


def machine() -> str:
    """Cores, CPU model and memory of this machine."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        ram = f"{int(mem.split()[1]) / 1024 ** 2:.0f} GB RAM"
    except (OSError, StopIteration):
        ram = "unknown RAM"
    return f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, {ram}, Python {sys.version.split()[0]}"


def as_json(r: Result) -> str:
    data = {k: getattr(r, k) for k in r.__dataclass_fields__}
    data["machine"] = machine()
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def cmd_bench(args: argparse.Namespace) -> int:
    """Build a synthetic corpus and print the cost table."""
    from .errors import KyyeuError

    if args.papers < 1:
        raise KyyeuError("--papers must be at least 1")
    profile = Path(args.profile) if args.profile else None
    r = run(args.papers, args.seed, Path(args.keep) if args.keep else None, args.browser, args.tracemalloc, profile,
            args.serve)
    print(as_json(r) if args.json else table(r))
    if profile:
        import pstats

        print(f"\nprofile of the build written to {profile}; the 25 costliest calls (cumulative):", file=sys.stderr)
        pstats.Stats(str(profile), stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return 0


def register(subparsers) -> None:
    """Add `kyyeu bench` to the command line."""
    b = subparsers.add_parser("bench", help="build a synthetic corpus of N papers and print what it costs")
    b.add_argument("--papers", type=int, default=1000, metavar="N", help="number of synthetic papers (default 1000)")
    b.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the synthetic corpus (default 1)")
    b.add_argument("--keep", metavar="DIR", help="generate and build in DIR and keep it (default: a temporary folder, removed)")
    b.add_argument("--json", action="store_true", help="print the measures as JSON instead of the table")
    b.add_argument("--browser", action="store_true", help="measure the first search query in headless Chromium")
    b.add_argument("--serve", action="store_true",
                   help="also time what `kyyeu serve` rebuilds after one paper.yml is saved (kyyeu.incremental)")
    b.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap's peak (slows the build)")
    b.add_argument("--profile", metavar="FILE", help="profile the build with cProfile into FILE (pstats) and list the costliest calls")
    b.set_defaults(func=cmd_bench)
