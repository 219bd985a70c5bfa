"""Vietnamese markers of the genre (Nghị định 30/2020 layout), kept as data in one place.

Patterns are matched against NFC text unless a name says `FOLDED`, in which case they are
matched against `textnorm.fold()` output (lower case, no diacritics, đ→d).
"""

from __future__ import annotations

# --- cleaning -------------------------------------------------------------------------

# Whole lines that are web-portal furniture, never part of an official document (folded).
BOILERPLATE_LINES_FOLDED: tuple[str, ...] = (
    r"tu khoa goi y:?",
    r"khong tim thay tu khoa phu hop",
    r"viec lam co the ban quan tam",
    r"khong tim thay viec lam phu hop",
    r"thu vien phap luat",
    r"thu vien nha dat",
    r"chu quan: .*",
    r"ma so thue: .*",
    r"dai dien theo phap luat: .*",
    r"gp thiet lap trang .*",
    r"giay phep .*(cap ngay|so:).*",
    r"dia chi tru so: .*",
    r"\.\.\..*\.\.\.",          # taglines such as "...hiểu pháp lý, rõ quy hoạch..."
    r"\[\s*\.\.\.\s*\]",         # the portal's cut mark; also flags truncation
    r"\d{1,3}",                  # stray counters left by the portal
    r"[-_=.*~ ]{3,}",            # rules under the header block
    r"(trang chu|dang nhap|dang ky|tim kiem|lien he|ban quyen|copyright).{0,60}",
    r"(tai ve|tai van ban|in van ban|luu van ban|chia se).{0,30}",
)

# A line that says the text was cut off by the page it was saved from (folded).
# (?>...) keeps the first "dang nhap" found: retrying every later one made long lines quadratic.
TRUNCATION_MARKS_FOLDED: tuple[str, ...] = (
    r"\[\s*\.\.\.\s*\]",
    r"(?>.*?(?:dang nhap|dang ky)).*(de xem|xem toan van|xem day du).*",
    r".*noi dung (van ban )?(da bi|bi) (cat|an).*",
)

# Portal metadata block ("Số hiệu 93/KH-UBND", "Người ký Trần Hoàng Tuấn").
PORTAL_FIELDS: dict[str, str] = {
    "doc_number": r"^Số hiệu\s*:?\s+(.+)$",
    "issue_date": r"^Ngày ban hành\s*:?\s+(.+)$",
    "doc_type": r"^Loại văn bản\s*:?\s+(.+)$",
    "issuer": r"^Cơ quan ban hành\s*:?\s+(.+)$",
    "signer": r"^Người ký\s*:?\s+(.+)$",
}

# --- headings ---------------------------------------------------------------------------

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
HEADING_PATTERNS: dict[str, str] = {
    # kind of marker -> regex with the marker in group 1 and the heading text in group 2
    "part": r"^(Phần\s+(?:thứ\s+)?(?:[IVX]+|\d+|nhất|hai|ba|tư|năm))\s*[.:\-–]?\s*(.*)$",
    "roman": rf"^({ROMAN})\s*(?:[.)]|\s[-–])\s*(\S.*)$",
    "upper": r"^([A-EG-HK-UĐ])\s*[.)]\s+(\S.*)$",
    "decimal": r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$",
    "arabic": r"^(\d{1,2})\s*[.)]\s*(\S.*)$",
    "letter": r"^([a-eg-iđ])\s*\)\s*(\S.*)$",
    "dash": r"^([-–—•+])\s*(\S.*)$",
    "article": r"^(Điều\s+\d+)\s*[.:]\s*(.*)$",
}

# Top-level section kinds by words in the heading (folded).
SECTION_KINDS_FOLDED: tuple[tuple[str, str], ...] = (
    ("budget", r"kinh phi"),
    ("implementation", r"to chuc thuc hien|trach nhiem"),
    ("reporting", r"che do bao cao|bao cao"),
    ("purpose", r"muc dich|yeu cau"),
    ("objectives", r"muc tieu|chi tieu"),
    ("content", r"noi dung|nhiem vu|giai phap|hoat dong"),
)

# --- document metadata ------------------------------------------------------------------

DOC_TYPE_TITLES_FOLDED: dict[str, str] = {
    "ke hoach": "KH",
    "quyet dinh": "QD",
    "chuong trinh": "KH",
    "huong dan": "CV",
    "cong van": "CV",
}
DOC_NUMBER = r"^Số(?!\s*hiệu)\s*:?\s*(.*?)\s*$"
NUMBER_CODE_TYPES: dict[str, str] = {"KH": "KH", "QĐ": "QD", "QD": "QD", "CV": "CV", "HD": "CV", "CTr": "KH"}
LEVEL_WORDS: dict[str, str] = {
    "tỉnh": "tỉnh",
    "thành phố": "tỉnh",
    "huyện": "huyện",
    "thị xã": "huyện",
    "quận": "huyện",
    "xã": "xã",
    "phường": "xã",
    "thị trấn": "xã",
}
SIGN_TITLE_LINE = r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.)?\s*(CHỦ TỊCH|PHÓ CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|CHÁNH VĂN PHÒNG)\b.*$"
RECIPIENT_HEADS_FOLDED: tuple[str, ...] = (r"noi nhan\s*:?", r"kinh gui\s*:?")
PROPOSAL = r"(?:theo|xét)\s+đề\s+nghị\s+của\s+(.{1,200}?)\s+tại\s+Tờ\s+trình"  # bounded: linear on long lines


# --- extraction -------------------------------------------------------------------------

# Abbreviations expanded before keyword matching (typos such as BDG for BĐG included).
ABBREVIATIONS: dict[str, str] = {
    "BĐG": "bình đẳng giới",
    "BDG": "bình đẳng giới",
    "VSTBPN": "vì sự tiến bộ của phụ nữ",
    "BLGĐ": "bạo lực gia đình",
    "BLG": "bạo lực giới",
    "SKSS": "sức khỏe sinh sản",
    "KHHGĐ": "kế hoạch hóa gia đình",
    "KHHGD": "kế hoạch hóa gia đình",
    "DTTS": "dân tộc thiểu số",
    "CNTT": "công nghệ thông tin",
}

# Targets: comparators by the words around the number (folded).
COMPARATORS_FOLDED: tuple[tuple[str, str], ...] = (
    (">=", r"tro len|it nhat|toi thieu|tren|hon"),
    ("<=", r"duoi|khong qua|toi da|giam xuong con|xuong con|con duoi"),
)
# Counted targets ("ít nhất 02 hội nghị") are read in objective sections only, where they are goals.
TARGET_COUNT_UNITS: tuple[str, ...] = (
    "cuộc", "lớp", "hội nghị", "hội thảo", "mô hình", "người", "lượt người", "lượt", "xã", "câu lạc bộ", "buổi",
    "tin, bài", "tin bài", "sản phẩm", "lần", "đợt", "chuyên mục", "phóng sự",
)
TARGET_CONTEXT_FOLDED = r"\b(phan dau|chi tieu|dat|muc tieu)\b"

# Activities: a dash item that only states the time is an attribute, not an activity (folded).
TIMEFRAME_ITEM_FOLDED = r"^thoi gian( thuc hien)?\s*:"
TIMEFRAME_PATTERNS: tuple[str, ...] = (
    r"(?:Thời gian(?: thực hiện)?\s*:\s*)([^.;]+)",
    r"(Quý\s+[IVX]+(?:\s*[-–]\s*[IVX]+)?(?:/\d{4}|\s+năm\s+\d{4})?)",
    r"((?:từ\s+)?(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?\s*(?:đến|[-–])\s*(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?)",
    r"(từ ngày \d{1,2} tháng \d{1,2}\s*(?:đến|[-–])\s*(?:ngày\s+)?\d{1,2} tháng \d{1,2}(?: năm \d{4})?)",
    r"((?:trong\s+)?(?:cả\s+)?năm\s+\d{4})(?=\s*[.;)]|$)",
)

# Initiatives: named models and projects that appear without quotes (folded prefix → keep).
INITIATIVE_PREFIXES: tuple[str, ...] = (r"[Mm]ô hình", r"Đề án")
# Named without a prefix word: the Action Months, numbered projects, contests.
INITIATIVE_PATTERNS: tuple[str, ...] = (
    r"Tháng hành động (?:vì|về) bình đẳng giới[^();.]{0,200}?(?:cơ sở giới|gia đình)",  # bounded: linear
    r"Tháng hành động (?:phòng,? chống|quốc gia phòng,? chống) bạo lực gia đình",
    r"Dự án \d+(?:\s*[–-]\s*[A-ZĐ][^,;.()]{5,120})?",
    r"Hội thi [^,;.()“”]{5,100}",
)
# Words after which a name found by prefix has ended.
INITIATIVE_STOPWORDS: tuple[str, ...] = ("theo", "tại", "thuộc", "đã", "và các", "trên địa bàn", "để", "nhằm", "đang")
INITIATIVE_CANON_FOLDED: dict[str, str] = {
    r"dia chi tin cay": "Địa chỉ tin cậy – nhà tạm lánh tại cộng đồng",
    r"thang hanh dong (vi|ve) binh dang gioi": "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
}

# Responsibilities: role words (folded) as they appear around agency names.
ROLE_LEAD_FOLDED = r"chu tri"
ROLE_COORDINATE_FOLDED = r"phoi hop(?: voi| cung)?"
ROLE_ADVISE_FOLDED = r"tham muu"
ROLE_REQUEST_FOLDED = r"de nghi"
ROLE_ASSIGN_FOLDED = r"giao"

# Citations: document types as printed, and national codes (a code with one of these is not local).
CITED_TYPES: tuple[str, ...] = (
    "Quyết định", "Kế hoạch", "Công văn", "Thông tư", "Nghị quyết", "Nghị định", "Chỉ thị",
    "Hướng dẫn", "Thông báo", "Chương trình", "Văn bản", "Thông tư liên tịch", "Luật",
)
LAWS_FOLDED: dict[str, str] = {
    r"binh dang gioi": "Luật Bình đẳng giới",
    r"to chuc chinh quyen dia phuong": "Luật Tổ chức chính quyền địa phương",
    r"ngan sach nha nuoc": "Luật Ngân sách nhà nước",
    r"phong,? chong bao luc gia dinh": "Luật Phòng, chống bạo lực gia đình",
    r"hon nhan va gia dinh": "Luật Hôn nhân và gia đình",
    r"phong,? chong mua ban nguoi": "Luật Phòng, chống mua bán người",
    r"tre em": "Luật Trẻ em",
    r"lao dong": "Bộ luật Lao động",
}
NATIONAL_CODES: frozenset[str] = frozenset(
    ["TTg", "CP", "QH", "UBTVQH", "BTC", "BNV", "BLĐTBXH", "LĐTBXH-BĐG", "BYT", "BGDĐT", "BTTTT", "BCA", "BTP", "BVHTTDL", "TW", "BCT", "BKHĐT", "UBDT", "TLĐ", "TƯ"]
)

# Deadlines and events.
COMMEMORATIVE_DAYS: dict[str, str] = {
    "8/3": "Ngày Quốc tế Phụ nữ",
    "20/10": "Ngày Phụ nữ Việt Nam",
    "28/6": "Ngày Gia đình Việt Nam",
    "25/11": "Ngày Quốc tế xóa bỏ bạo lực đối với phụ nữ",
    "11/10": "Ngày Quốc tế trẻ em gái",
    "1/6": "Ngày Quốc tế thiếu nhi",
}
ACTION_MONTH_FOLDED = r"thang hanh dong (vi|ve) binh dang gioi"

# Budget sources (folded patterns).
BUDGET_SOURCES_FOLDED: dict[str, str] = {
    "regular_budget": r"kinh phi thuong xuyen|ngan sach|du toan|bo tri kinh phi|bao dam kinh phi|dam bao kinh phi|cap kinh phi|kinh phi hoat dong",
    "national_programmes": r"chuong trinh muc tieu quoc gia|chuong trinh muc tieu|cac chuong trinh khac cua trung uong",
    "social_mobilisation": r"xa hoi hoa|huy dong (cac |mot so )?nguon luc|huy dong cac to chuc|nguon luc hop phap",
    "tt191_norms": r"191/2009/tt-btc|thong tu (so )?191",
    "international": r"trong nuoc va quoc te|to chuc quoc te|tai tro|vien tro",
}
