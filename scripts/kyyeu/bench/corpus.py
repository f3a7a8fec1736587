"""The synthetic corpus of `kyyeu bench`: N bilingual papers written as real records.

The corpus is written as real records (YAML with the schema line, vi.md/en.md full texts) into a
root together with copies of the repository's mkdocs.yml, docs/ and overrides/, so the build is
exactly `kyyeu build` on a bigger papers/. Generation is deterministic for a seed, and each record's
content depends only on (seed, its position), so paper number 1 is the same paper whatever N is: that
is what lets tests compare page sizes across corpus sizes.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import shutil
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]

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
    from ..load import schema_line
    from ..text import slugify

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
