"""Display names for codes stored in the database, in the current language."""

from __future__ import annotations

from functools import cache

from explorer.i18n import lang
from loaders.reference import table

_FIXED: dict[str, dict[str, tuple[str, str]]] = {
    "doc_type": {"KH": ("Kế hoạch", "Plan"), "QD": ("Quyết định ban hành kế hoạch", "Decision issuing a plan"),
                 "CV": ("Công văn hướng dẫn", "Guidance letter"), "other": ("Khác", "Other")},
    "level": {"tỉnh": ("Cấp tỉnh", "Province"), "huyện": ("Cấp huyện", "District"), "xã": ("Cấp xã", "Commune")},
    "role": {"lead": ("Chủ trì", "Lead"), "coordinate": ("Phối hợp", "Coordinate"), "advise": ("Tham mưu", "Advise"),
             "requested": ("Đề nghị", "Requested"), "assigned": ("Được giao", "Assigned")},
    "kind": {"report": ("Hạn báo cáo", "Report due"), "plan": ("Hạn xây dựng kế hoạch", "Plan due"),
             "action_month": ("Tháng hành động", "Action Month"),
             "commemorative_day": ("Ngày kỷ niệm", "Commemorative day"), "event": ("Sự kiện", "Event")},
    "budget": {"regular_budget": ("Ngân sách thường xuyên", "Regular budget"),
               "national_programmes": ("Chương trình mục tiêu quốc gia", "National target programmes"),
               "social_mobilisation": ("Huy động xã hội", "Mobilised social resources"),
               "tt191_norms": ("Định mức Thông tư 191/2009/TT-BTC", "Thông tư 191 spending norms"),
               "international": ("Nguồn quốc tế", "International sources")},
    "relation": {"legal_basis": ("Căn cứ pháp lý", "Legal basis"), "implements": ("Triển khai thực hiện", "Implements"),
                 "guidance": ("Dẫn chiếu trong nội dung", "Cited in the body")},
    "sector": {"labour_social": ("Lao động - Thương binh và Xã hội", "Labour, invalids and social affairs"),
               "home_affairs": ("Nội vụ", "Home affairs"), "finance": ("Tài chính", "Finance"),
               "planning_investment": ("Kế hoạch và Đầu tư", "Planning and investment"),
               "information_communication": ("Thông tin và Truyền thông", "Information and communications"),
               "health": ("Y tế", "Health"), "education": ("Giáo dục và Đào tạo", "Education and training"),
               "culture_sports_tourism": ("Văn hóa, Thể thao và Du lịch", "Culture, sports and tourism"),
               "police": ("Công an", "Police"), "justice": ("Tư pháp", "Justice"),
               "ethnic_affairs": ("Dân tộc", "Ethnic affairs"), "statistics": ("Thống kê", "Statistics"),
               "fatherland_front": ("Mặt trận Tổ quốc", "Fatherland Front"), "women_union": ("Hội Phụ nữ", "Women's Union"),
               "youth_union": ("Đoàn Thanh niên", "Youth Union"), "labour_federation": ("Công đoàn", "Trade unions"),
               "farmers_union": ("Hội Nông dân", "Farmers' Union"), "media": ("Báo chí, phát thanh", "Media"),
               "government": ("Ủy ban nhân dân, Chính phủ", "People's Committee, Government"),
               "government_office": ("Văn phòng UBND", "People's Committee office"),
               "ban_vstbpn": ("Ban Vì sự tiến bộ của phụ nữ", "Committee for the Advancement of Women"),
               "gender_equality_dept": ("Vụ Bình đẳng giới", "Gender Equality Department"),
               "agriculture": ("Nông nghiệp", "Agriculture"), "multi": ("Nhóm cơ quan", "Group of agencies")},
    "section": {"purpose": ("Mục đích, yêu cầu", "Purpose"), "objectives": ("Mục tiêu, chỉ tiêu", "Objectives"),
                "content": ("Nội dung hoạt động", "Content/activities"), "budget": ("Kinh phí", "Budget"),
                "implementation": ("Tổ chức thực hiện", "Implementation"), "reporting": ("Chế độ báo cáo", "Reporting"),
                "preamble": ("Phần mở đầu", "Preamble"), "other": ("Khác", "Other")},
}


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "en" else pair[0]


def label(group: str, code: str | None) -> str:
    """Name of a fixed code (doc_type, level, role, kind, budget, relation, section)."""
    if code is None:
        return "–"
    pair = _FIXED.get(group, {}).get(code)
    return _pick(pair) if pair else str(code)


def doc_type_label(code: str) -> str:
    return label("doc_type", code)


def level_label(code: str) -> str:
    return label("level", code)


@cache
def _themes() -> dict[str, tuple[str, str]]:
    return {r["theme_id"]: (r["name_vi"], r["name_en"]) for r in table("themes")}


@cache
def _objectives() -> dict[str, tuple[str, str]]:
    return {r["objective_id"]: (r["name_vi"], r["name_en"]) for r in table("strategy_objectives")}


@cache
def _agencies() -> dict[str, tuple[str, str]]:
    return {r["agency_id"]: (r["name"], r["name"]) for r in table("agencies")}


@cache
def _indicators() -> dict[str, tuple[str, str]]:
    return {r["indicator_key"]: (r["name_vi"], r["name_en"]) for r in table("indicators")}


def theme_label(code: str) -> str:
    return _pick(_themes().get(code, (code, code)))


def objective_label(code: str, short: bool = False) -> str:
    name = _pick(_objectives().get(code, (code, code)))
    return name.split(":")[0] if short else name


def agency_label(code: str | None) -> str:
    if code is None:
        return "–"
    return _pick(_agencies().get(code, (code, code)))


def indicator_label(code: str | None) -> str:
    if code is None:
        return "–"
    return _pick(_indicators().get(code, (code, code)))
