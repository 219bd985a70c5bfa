"""The presentation for Ban VSTBPN meetings: the data of the chosen plans, the slide sequence, and the .pptx.

`collect(params, units, years)` runs the named queries once; `build_slides(bundle)` turns them into `Slide`s
(pure: DataFrames in, slides out), which the presentation page draws one at a time and
`build_deck(slides) -> bytes` writes as a 16:9 PowerPoint file with the same charts as PNG images.
Slides are always in Vietnamese (they are shown and handed out in Vietnamese meetings), whatever the
language of the dashboard.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import wrap
from explorer.figures.activities import fig_theme_mix, theme_shares
from explorer.figures.agencies import fig_lead_share, focal_agencies, lead_shares, sector_name
from explorer.figures.citations import fig_graph
from explorer.figures.presentation import fig_lead_agencies, for_slide
from explorer.figures.targets import fig_target_values, national_gaps, target_text
from explorer.figures.timeline import KIND_ORDER, fig_timeline, item_spans
from explorer.labels import _FIXED
from loaders.reference import table

FONT_NAME = "DejaVu Sans"
DOC_TYPE_SHORT = {"KH": "KH", "QD": "QĐ", "CV": "CV"}
NO_NUMBER = "không số"
APP_NAME = "Bình đẳng giới Plans Explorer"
UPCOMING_DAYS = 60


# --- Vietnamese formatting (slides are Vietnamese whatever the UI language) -----------------------------------

def _blank(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def vi(group: str, code: str | None) -> str:
    """Vietnamese name of a fixed code (kind, relation, role, level, doc_type, budget)."""
    if _blank(code):
        return "–"
    pair = _FIXED.get(group, {}).get(code)
    return pair[0] if pair else str(code)


def vi_int(n) -> str:
    """10.000 (dot for thousands)."""
    return "–" if _blank(n) else f"{int(n):,}".replace(",", ".")


def vi_num(x, digits: int = 1) -> str:
    """1,7 (comma for decimals)."""
    if _blank(x):
        return "–"
    text = f"{float(x):,.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def vi_date(value, precision: str | None = "day") -> str:
    """dd/mm/yyyy, or mm/yyyy / yyyy when only that much is known; "–" when unknown."""
    if _blank(value):
        return "–"
    value = pd.Timestamp(value)
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def theme_names() -> dict[str, str]:
    return {r["theme_id"]: r["name_vi"] for r in table("themes")}


def theme_order() -> list[str]:
    return [r["theme_id"] for r in table("themes")]


def indicator_names() -> dict[str, str]:
    return {r["indicator_key"]: r["name_vi"] for r in table("indicators")}


def unit_name(row) -> str:
    """"Lạng Giang, Bắc Giang" for a district plan, "Quảng Ngãi" for a province plan."""
    district, province = getattr(row, "district", None), getattr(row, "province", None)
    if not _blank(district):
        return f"{district}, {province}" if not _blank(province) else str(district)
    return str(province) if not _blank(province) else str(getattr(row, "issuer", None) or "?")


def doc_label(row) -> str:
    """"KH 93/KH-UBND" / "QĐ 415/QĐ-UBND" / "KH không số" (blank number line)."""
    kind = DOC_TYPE_SHORT.get(getattr(row, "doc_type", None) or "", "VB")
    number = getattr(row, "doc_number", None)
    return f"{kind} {number}" if not _blank(number) else f"{kind} {NO_NUMBER}"


def issued_text(row) -> str:
    """The issue date as printed (day, month or year), else the plan year."""
    date = getattr(row, "issue_date", None)
    if not _blank(date):
        return vi_date(date, getattr(row, "issue_date_precision", None) or "day")
    year = getattr(row, "plan_year", None)
    return str(int(year)) if not _blank(year) else "không rõ ngày"


def source_label(row) -> str:
    """How a slide names a plan as its source: "KH 93/KH-UBND (Quảng Ngãi, 23/04/2025)"."""
    return f"{doc_label(row)} ({unit_name(row)}, {issued_text(row)})"


def short_labels(plans: pd.DataFrame) -> dict[str, str]:
    """plan_id → "Quảng Ngãi 2025" for charts; the document number is added when a unit has two plans a year,
    and "⚠" marks a document that is cut off."""
    base = {}
    for row in plans.itertuples():
        unit = row.district if not _blank(row.district) else (row.province if not _blank(row.province) else row.issuer)
        base[row.plan_id] = f"{unit} {int(row.plan_year) if not _blank(row.plan_year) else ''}".strip()
    counts = pd.Series(list(base.values())).value_counts()
    out = {}
    for row in plans.itertuples():
        label = base[row.plan_id]
        if counts.get(label, 0) > 1:
            label = f"{label} · {doc_label(row)}"
        out[row.plan_id] = f"{label} ⚠" if bool(row.truncated) else label
    return out


# --- the data of a presentation -------------------------------------------------------------------------------

@dataclass
class Bundle:
    """Everything the slides and briefs show about a set of plans (one DataFrame per query)."""

    plans: pd.DataFrame
    targets: pd.DataFrame
    mix: pd.DataFrame
    leads: pd.DataFrame
    agency_plans: pd.DataFrame
    responsibilities: pd.DataFrame
    deadlines: pd.DataFrame
    citations: pd.DataFrame
    transfers: pd.DataFrame

    @property
    def plan_ids(self) -> list[str]:
        return self.plans["plan_id"].tolist()

    def subset(self, plan_ids: Iterable[str]) -> Bundle:
        """The same data restricted to some of the plans (a brief for one plan or one province-year)."""
        keep = set(plan_ids)
        parts = {f.name: getattr(self, f.name) for f in fields(self)}
        return Bundle(**{name: (frame[frame["plan_id"].isin(keep)].copy() if "plan_id" in frame.columns else frame)
                         for name, frame in parts.items()})

    def sources(self, plan_ids: Iterable[str] | None = None) -> str:
        """"Nguồn: KH 93/KH-UBND (Quảng Ngãi, 23/04/2025); KH không số (Thừa Thiên Huế, 2024)"."""
        wanted = None if plan_ids is None else set(plan_ids)
        names = [source_label(r) for r in self.plans.itertuples() if wanted is None or r.plan_id in wanted]
        return "Nguồn: " + "; ".join(names) if names else ""


def collect(params: dict, units: Sequence[str] | None = None, years: Sequence[int] | None = None,
            run: Callable[..., pd.DataFrame] | None = None) -> Bundle:
    """Run the queries for the filtered plans narrowed to `units` and `years` (None: all).

    `run(name, **params)` defaults to explorer.data.query (cached); tests pass explorer.data.run_uncached.
    """
    if run is None:
        from explorer.data import query as run
    plans = run("presentation_plans", **params, units=list(units) if units else None,
                years=[int(y) for y in years] if years else None)
    ids = plans["plan_id"].tolist()
    bound = ids or [""]  # an empty list has no type to bind; "" matches no plan

    def mine(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["plan_id"].isin(ids)].reset_index(drop=True)

    return Bundle(
        plans=plans,
        targets=mine(run("targets_values", **params)),
        mix=mine(run("activities_theme_mix", **params)),
        leads=run("presentation_leads", plan_ids=bound),
        agency_plans=mine(run("agencies_plans", **params)),
        responsibilities=mine(run("agencies_responsibilities", **params)),
        deadlines=run("presentation_deadlines", plan_ids=bound),
        citations=mine(run("citations_edges", **params)),
        transfers=run("agencies_transfers"),
    )


# --- slides -----------------------------------------------------------------------------------------------------

@dataclass
class Slide:
    """One slide: a chart or one key message, a Vietnamese title and its sources in the footer.

    kind: "title", "numbers" (table of key numbers), "chart", "message" or "sources".
    """

    kind: str
    title: str
    subtitle: str = ""
    figure: go.Figure | None = None
    bullets: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    footer: str = ""
    notes: str = ""


def _with_labels(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    out = frame.copy()
    out["plan_label"] = out["plan_id"].map(labels)
    return out


def _list(names: Iterable[str]) -> str:
    return ", ".join(names)


def _targets_slide(b: Bundle, labels: dict[str, str], order: list[str]) -> Slide:
    title = "Chỉ tiêu so với chỉ tiêu quốc gia"
    without = [labels[p] for p in b.plan_ids if p not in set(b.targets["plan_id"])]
    if b.targets.empty:
        return Slide("message", title, "Các kế hoạch được chọn không nêu chỉ tiêu định lượng nào.",
                     bullets=["Chỉ tiêu quốc gia để đối chiếu: Nghị quyết 28/NQ-CP (Chiến lược quốc gia về bình đẳng "
                              "giới 2021–2030), Quyết định 2232/QĐ-TTg, Quyết định 1790/QĐ-TTg."],
                     footer=b.sources())
    names = indicator_names()
    t = _with_labels(b.targets, labels)
    t["indicator"] = [names.get(k, txt) if not _blank(k) else str(txt)
                      for k, txt in zip(t["indicator_key"], t["indicator_text"], strict=True)]
    t["value_text"] = [target_text(v, vmax, c, u, vi_num) for v, vmax, c, u in
                       zip(t["value"], t["value_max"], t["comparator"], t["unit"], strict=True)]
    national = []
    for row in t.itertuples():
        if _blank(row.national_text):
            national.append("")
            continue
        value = target_text(row.national_value, None, row.national_comparator, row.national_unit, vi_num) \
            if not _blank(row.national_value) else "định tính"
        when = f"năm {int(row.national_year)}" if not _blank(row.national_year) else "hằng năm"
        national.append(f"{value} ({when})")
    t["national_value_label"] = national
    t = national_gaps(t)
    counts = t["status"].value_counts()
    message = (f"{vi_int(len(t))} chỉ tiêu định lượng: {vi_int(counts.get('above', 0))} cao hơn, "
               f"{vi_int(counts.get('equal', 0))} bằng, {vi_int(counts.get('below', 0))} thấp hơn chỉ tiêu quốc gia"
               + (f"; {vi_int(counts.get('incomparable', 0) + counts.get('no_national', 0))} không so sánh được."
                  if counts.get("incomparable", 0) + counts.get("no_national", 0) else "."))
    if without:
        message += f" Không nêu chỉ tiêu: {_list(without)}."
    percent = t[t["unit"].fillna("").str.startswith("%")].copy()
    if percent.empty:
        return Slide("message", title, message, bullets=[f"{r.plan_label}: {r.indicator} {r.value_text}"
                                                         for r in t.itertuples()][:8],
                     footer=b.sources(t["plan_id"].unique()))
    percent["national_value"] = percent["national_value"].where(percent["status"].isin(["above", "equal", "below"]))
    rank = {p: i for i, p in enumerate(order)}
    percent = percent.assign(_o=percent["plan_label"].map(rank)).sort_values(["indicator", "_o"]).drop(columns="_o")
    percent["indicator"] = percent["indicator"].map(lambda x: wrap(x, 34))  # long wording, on several lines
    fig = fig_target_values(percent, None, "Giá trị chỉ tiêu (%)", "Chỉ tiêu quốc gia")
    return Slide("chart", title, message, figure=for_slide(fig), footer=b.sources(percent["plan_id"].unique()))


def slide_theme_mix(mix: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """Plan × theme rows with the themes outside the `top` most frequent folded into "other" (Khác), so the
    legend of a slide stays readable."""
    totals = mix[mix["theme_id"] != "other"].groupby("theme_id")["activities"].sum()
    keep = set(totals.sort_values(ascending=False, kind="stable").index[:top])
    folded = mix.assign(theme_id=mix["theme_id"].where(mix["theme_id"].isin(keep), "other"))
    return folded.groupby(["plan_id", "plan_label", "theme_id"], as_index=False, sort=False).agg(
        activities=("activities", "sum"), plan_activities=("plan_activities", "first"),
        plan_mentions=("plan_mentions", "first"))


def _themes_slide(b: Bundle, labels: dict[str, str], order: list[str]) -> Slide:
    title = "Cơ cấu chủ đề hoạt động"
    if b.mix.empty:
        return Slide("message", title, "Không trích được hoạt động nào của các kế hoạch được chọn.",
                     footer=b.sources())
    names = theme_names()
    rank = {p: i for i, p in enumerate(order)}
    full = theme_shares(_with_labels(b.mix, labels))
    mix = theme_shares(slide_theme_mix(_with_labels(b.mix, labels)))
    mix = mix.assign(_o=mix["plan_label"].map(rank)).sort_values(["_o", "theme_id"]).drop(columns="_o")
    shown = {k: wrap(v if k != "other" else "Chủ đề khác", 26) for k, v in names.items()}
    fig = fig_theme_mix(mix.assign(plan_label=mix["plan_label"].map(lambda x: wrap(x, 16))), theme_order(), shown,
                        None, "Tỷ trọng trong các lượt gắn chủ đề", "hoạt động", share=True)
    fig.update_xaxes(tickangle=0)
    tops = []
    for plan in order:
        rows = full[(full["plan_label"] == plan) & (full["theme_id"] != "other")]
        if not rows.empty:
            best = rows.sort_values(["share_mentions", "theme_id"], ascending=[False, True]).iloc[0]
            tops.append(f"{plan}: {names.get(best['theme_id'], best['theme_id'])} "
                        f"({vi_num(best['share_mentions'] * 100, 0)}%)")
    message = "Chủ đề chiếm tỷ trọng lớn nhất — " + "; ".join(tops)
    return Slide("chart", title, message, figure=for_slide(fig), footer=b.sources(mix["plan_id"].unique()))


def focal(b: Bundle, labels: dict[str, str]) -> pd.DataFrame:
    """Per plan, the agency in charge of gender-equality work (explorer.figures.agencies.focal_agencies: the
    proposing agency, else the first lead), with the slide's plan labels."""
    plans = b.agency_plans.assign(plan_label=b.agency_plans["plan_id"].map(labels))
    resp = b.responsibilities.assign(plan_label=b.responsibilities["plan_id"].map(labels))
    return focal_agencies(plans, resp)


def focal_lines(b: Bundle, labels: dict[str, str], sector: bool = False) -> list[str]:
    """"Quảng Ngãi 2025 ⚠: Sở Nội vụ (cơ quan trình văn bản)", one line per plan (`sector`: name it too)."""
    how = {"proposing": "cơ quan trình văn bản", "first_lead": "chủ trì nhiệm vụ đầu tiên"}
    out = []
    for row in focal(b, labels).itertuples():
        if _blank(row.agency_name):
            out.append(f"{row.plan_label}: không xác định được cơ quan đầu mối")
        else:
            where = f"ngành {sector_name(row.sector)}; " if sector else ""
            out.append(f"{row.plan_label}: {row.agency_name} ({where}{how.get(row.source, row.source)})")
    return out


def transfer_text(b: Bundle) -> tuple[dt.date | None, str]:
    """The date and wording of the function transfer (gender-equality management, labour → Home Affairs)."""
    if b.transfers.empty:
        return None, ""
    tr = b.transfers.iloc[0]
    day = pd.Timestamp(tr["effective_date"]).date() if not _blank(tr["effective_date"]) else None
    return day, (f"Từ {vi_date(day)} ({tr['legal_basis']}), quản lý nhà nước về bình đẳng giới chuyển "
                 f"từ ngành {sector_name(tr['from_sector'])} sang ngành {sector_name(tr['to_sector'])}.")


def _leads_slide(b: Bundle, labels: dict[str, str], order: list[str]) -> Slide:
    title = "Cơ quan chủ trì"
    moved = b.transfers[["from_sector", "to_sector"]].values.ravel().tolist() if not b.transfers.empty else []
    missing = [labels[p] for p in b.plan_ids if p not in set(b.leads["plan_id"])]
    if b.leads.empty:
        return Slide("message", title, "Không trích được phân công chủ trì của các kế hoạch được chọn.",
                     bullets=[f"{m}: văn bản không có (hoặc bị cắt mất) phần Tổ chức thực hiện." for m in missing],
                     footer=b.sources())
    leads = _with_labels(b.leads, labels).rename(columns={"agency_short": "agency"})
    fig = fig_lead_agencies(leads, order, None, "nhiệm vụ chủ trì", highlight=moved)
    busiest = leads.groupby("agency")["tasks"].sum().sort_values(ascending=False, kind="stable")
    message = (f"Chủ trì nhiều nhiệm vụ nhất: {busiest.index[0]} ({vi_int(busiest.iloc[0])} nhiệm vụ). "
               "Chữ đậm: cơ quan quản lý nhà nước về bình đẳng giới.")
    if missing:
        message += f" Không trích được phân công: {_list(missing)}."
    return Slide("chart", title, message, figure=for_slide(fig), footer=b.sources(leads["plan_id"].unique()))


def _shift_slide(b: Bundle, labels: dict[str, str]) -> Slide:
    title = "Cơ quan đầu mối: từ Sở LĐ-TB&XH sang Sở Nội vụ"
    day, message = transfer_text(b)
    lines = focal_lines(b, labels)
    shares = lead_shares(focal(b, labels))
    if shares.empty or (shares["sector"] == "unknown").all():
        return Slide("message", title, message or "Không xác định được cơ quan đầu mối của các kế hoạch.",
                     bullets=lines, footer=b.sources())
    note = f"{vi_date(day)}: {b.transfers.iloc[0]['legal_basis']}" if day else ""
    fig = fig_lead_share(shares, {s: sector_name(s) for s in shares["sector"]}, None, "Tỷ trọng kế hoạch",
                         "bị cắt", {"date": day, "text": note} if day else None)
    if len(lines) <= 3:
        message = f"{message} Cơ quan đầu mối — " + "; ".join(lines)
    fig = for_slide(fig)
    fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.1, "yanchor": "top"})
    return Slide("chart", title, message, figure=fig, footer=b.sources(),
                 notes="\n".join(focal_lines(b, labels, sector=True)))


def _on_cycle(value: pd.Timestamp, today: dt.date) -> pd.Timestamp:
    """The same day and month in the current year (plans repeat every year)."""
    try:
        return pd.Timestamp(today.year, value.month, value.day)
    except ValueError:  # 29/02
        return pd.Timestamp(today.year, value.month, 28)


def upcoming(deadlines: pd.DataFrame, labels: dict[str, str], today: dt.date, days: int = UPCOMING_DAYS) -> list[str]:
    """Items running today or due within `days`, on the annual cycle of the plans (day and month), the plans
    sharing an item named together: "Đang diễn ra: Tháng hành động 15/11–15/12 (Huế 2024, Quảng Ngãi 2025)"."""
    if deadlines.empty:
        return []
    spans = item_spans(deadlines)
    now = pd.Timestamp(today)
    found: dict[tuple, list[str]] = {}
    for row in spans.sort_values("start").itertuples():
        start = _on_cycle(row.start, today)
        end = _on_cycle(row.end, today) if row.is_range and not _blank(row.end) else start
        if end < start:  # crosses the new year
            end = end + pd.DateOffset(years=1)
        if start <= now <= end:
            status = "Đang diễn ra"
        elif now < start <= now + pd.Timedelta(days=days):
            status = "Sắp tới"
        else:
            continue
        span = f"{start:%d/%m}" + (f"–{end:%d/%m}" if end != start else "")
        who = found.setdefault((start, status, vi("kind", row.kind), span), [])
        if labels.get(row.plan_id, "") not in who:
            who.append(labels.get(row.plan_id, ""))
    return [f"{status}: {what} {span} ({_list(who)})" for (_, status, what, span), who in sorted(found.items())]


def _deadlines_slide(b: Bundle, labels: dict[str, str], order: list[str], today: dt.date) -> Slide:
    title = "Thời hạn và mốc thời gian"
    if b.deadlines.empty:
        return Slide("message", title, "Các kế hoạch được chọn không nêu thời hạn có ngày cụ thể.",
                     footer=b.sources())
    items = item_spans(_with_labels(b.deadlines, labels))
    items["hover"] = [f"{r.plan_label}<br>{vi('kind', r.kind)}: {r.text}" for r in items.itertuples()]
    years = b.plans["plan_year"].dropna().unique()
    cycle = len(years) > 1
    kind_labels = {k: vi("kind", k) for k in KIND_ORDER}
    fig = fig_timeline(items, "plan_label", kind_labels, today=today, today_label=f"Hôm nay {today:%d/%m}",
                       cycle=cycle, y_order=[p for p in order if p in set(items["plan_label"])])
    soon = upcoming(b.deadlines, labels, today)
    message = ("Theo lịch hằng năm — " + "; ".join(soon[:3])) if soon else \
        f"Không có mốc nào trong {UPCOMING_DAYS} ngày tới (theo lịch hằng năm của các kế hoạch)."
    if cycle:
        message += " Các năm được đặt chồng lên một năm (ngày/tháng)."
    fig = for_slide(fig)  # legend under the dates, the "today" note above the chart
    fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.14, "yanchor": "top"})
    return Slide("chart", title, message, figure=fig, footer=b.sources(items["plan_id"].unique()),
                 notes="\n".join(soon))


def _citations_slide(b: Bundle, labels: dict[str, str]) -> Slide:
    title = "Văn bản mỗi kế hoạch viện dẫn"
    if b.citations.empty:
        return Slide("message", title, "Không trích được văn bản căn cứ nào của các kế hoạch được chọn.",
                     footer=b.sources())
    edges = _with_labels(b.citations, labels)
    relation_labels = {k: vi("relation", k) for k in ("legal_basis", "implements", "guidance")}
    scope_labels = {"national": "Văn bản trung ương", "local": "Văn bản của địa phương"}
    edges["cited_name"] = edges["cited_name"].map(lambda x: x if len(str(x)) <= 46 else str(x)[:45] + "…")
    fig = fig_graph(edges, relation_labels, scope_labels)
    # room for the labels at slide font size: ~0.6 em a character, 920 px of plot width
    left = int(edges["plan_label"].str.len().max())
    right = int(edges["cited_name"].str.len().max())
    unit = max(120.0, (920 - (left + right) * 0.6 * 20) / 1.3)
    fig.update_xaxes(range=[-(left * 12 / unit + 0.15), 1 + right * 12 / unit + 0.15])
    shared = edges.groupby("cited_name")["plan_id"].nunique().sort_values(ascending=False, kind="stable")
    shared = shared[shared > 1]
    if len(shared):
        message = "Được nhiều kế hoạch cùng viện dẫn: " + "; ".join(
            f"{name} ({vi_int(n)} kế hoạch)" for name, n in shared.head(3).items())
    else:
        message = "Mỗi kế hoạch viện dẫn các văn bản riêng, không có văn bản chung."
    return Slide("chart", title, message, figure=for_slide(fig), footer=b.sources(edges["plan_id"].unique()))


def numbers_table(b: Bundle, labels: dict[str, str]) -> pd.DataFrame:
    """Key numbers per plan, formatted (the "Những con số chính" slide)."""
    rows = []
    for r in b.plans.itertuples():
        rows.append({"Kế hoạch": labels[r.plan_id], "Số, ngày văn bản": f"{doc_label(r)} · {issued_text(r)}",
                     "Hoạt động": vi_int(r.activities), "Chỉ tiêu": vi_int(r.targets),
                     "Cơ quan chủ trì": vi_int(r.lead_agencies), "Thời hạn": vi_int(r.deadlines),
                     "Văn bản căn cứ": vi_int(r.cited_documents)})
    return pd.DataFrame(rows)


def build_slides(bundle: Bundle, today: dt.date | None = None, meeting: str = "") -> list[Slide]:
    """The slide sequence for the plans of `bundle`: title; key numbers; targets vs national targets; theme mix;
    lead agencies; the 2025 shift to Home Affairs; deadlines; citations; sources. Empty when there is no plan."""
    if bundle.plans.empty:
        return []
    today = today or dt.date.today()
    b = bundle
    labels = short_labels(b.plans)
    order = [labels[p] for p in b.plan_ids]
    sources = b.sources()
    truncated = [labels[r.plan_id] for r in b.plans.itertuples() if bool(r.truncated)]
    totals = b.plans[["activities", "targets", "deadlines"]].sum()
    slides = [
        Slide("title", "Công tác bình đẳng giới và vì sự tiến bộ của phụ nữ", " · ".join(order),
              bullets=[meeting or "Tài liệu họp Ban Vì sự tiến bộ của phụ nữ", f"Ngày {vi_date(today)}"],
              footer=sources),
        Slide("numbers", "Những con số chính",
              f"{vi_int(len(b.plans))} kế hoạch · {vi_int(totals['activities'])} hoạt động · "
              f"{vi_int(totals['targets'])} chỉ tiêu định lượng · {vi_int(totals['deadlines'])} mốc thời gian"
              + (f" · ⚠ văn bản bị cắt, số liệu chưa đầy đủ: {_list(truncated)}" if truncated else ""),
              table=numbers_table(b, labels), footer=sources),
        _targets_slide(b, labels, order),
        _themes_slide(b, labels, order),
        _leads_slide(b, labels, order),
        _shift_slide(b, labels),
        _deadlines_slide(b, labels, order, today),
        _citations_slide(b, labels),
    ]
    lines = []
    for r in b.plans.itertuples():
        title = "" if _blank(r.title) else f" — {str(r.title).strip()}"
        note = " (văn bản bị cắt, không đầy đủ)" if bool(r.truncated) else ""
        lines.append(f"{source_label(r)}{title}{note}. Tệp: {r.source_path}")
    lines.append("Chỉ tiêu quốc gia: Nghị quyết 28/NQ-CP; Quyết định 2232/QĐ-TTg; Quyết định 1790/QĐ-TTg.")
    if not b.transfers.empty:
        tr = b.transfers.iloc[0]
        lines.append(f"Chuyển giao chức năng: {tr['legal_basis']} ({str(tr['note']).rstrip('. ')}).")
    lines.append(f"Số liệu trích tự động từ văn bản bằng {APP_NAME}, ngày {vi_date(today)}; mỗi số liệu dẫn về "
                 "câu gốc trong văn bản.")
    slides.append(Slide("sources", "Nguồn", "Các văn bản được sử dụng", bullets=lines, footer=""))
    return [s if s.notes else replace(s, notes="\n".join(filter(None, [s.subtitle, *s.bullets]))) for s in slides]


# --- PowerPoint -------------------------------------------------------------------------------------------------

def build_deck(slides: Sequence[Slide], image: Callable[[go.Figure], bytes] | None = None) -> bytes:
    """The slides as a 16:9 .pptx (13,33 × 7,5 in); charts as PNG (1920×1080) rendered by `image`
    (default explorer.images.slide_png); every run in DejaVu Sans, which has every Vietnamese diacritic."""
    from pptx import Presentation
    from pptx.util import Inches

    if image is None:
        from explorer.images import slide_png as image
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.core_properties.title = slides[0].title if slides else "Bình đẳng giới"
    prs.core_properties.language = "vi-VN"
    total = len(slides)
    for number, spec in enumerate(slides, 1):
        if spec.kind == "title":
            slide = prs.slides.add_slide(prs.slide_layouts[0])
            _title_slide(slide, spec)
        else:
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            top = _heading(slide, spec)
            if spec.kind == "chart" and spec.figure is not None:
                _picture(slide, image(spec.figure), top)
            elif spec.kind == "numbers" and spec.table is not None:
                _table(slide, spec.table, top)
            else:
                _bullets(slide, spec, top)
        _footer(slide, spec.footer, number, total)
        if spec.notes:
            _text(slide.notes_slide.notes_text_frame, [spec.notes], 12)
    _fonts(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


BRAND, DARK, GREY = "C2185B", "212121", "616161"


def _rgb(hex_color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)


def _text(frame, lines: Sequence[str], size: float, bold: bool = False, color: str = DARK, align=None,
          space: float = 0) -> None:
    """Replace the text of a frame with `lines` (one paragraph each), every run in DejaVu Sans."""
    from pptx.util import Pt

    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if space:
            paragraph.space_after = Pt(space)
        run = paragraph.add_run()
        run.text = line
        run.font.name = FONT_NAME
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(color)


def _box(slide, left: float, top: float, width: float, height: float):
    from pptx.util import Inches

    return slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame


def _title_slide(slide, spec: Slide) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), Inches(7.5))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(BRAND)
    band.line.fill.background()
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    for shape, (top, height) in ((title, (1.7, 1.8)), (subtitle, (3.6, 1.2))):
        shape.left, shape.top, shape.width, shape.height = Inches(0.9), Inches(top), Inches(11.6), Inches(height)
    _text(title.text_frame, [spec.title], 40, bold=True, color=BRAND, align=PP_ALIGN.LEFT)
    _text(subtitle.text_frame, [spec.subtitle], 28, color=DARK, align=PP_ALIGN.LEFT)
    _text(_box(slide, 0.9, 4.9, 11.6, 1.2), spec.bullets, 20, color=GREY)


def _heading(slide, spec: Slide) -> float:
    """Title (and the one-line key message under it); returns where the body starts (inches)."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.25), Inches(12.33), Inches(0.85)
    size = 30 if len(spec.title) <= 44 else (24 if len(spec.title) <= 56 else 20)
    _text(title.text_frame, [spec.title], size, bold=True, color=DARK, align=PP_ALIGN.LEFT)
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(1.12), Inches(1.6), Inches(0.06))
    rule.fill.solid()
    rule.fill.fore_color.rgb = _rgb(BRAND)
    rule.line.fill.background()
    if not spec.subtitle or spec.kind == "message":
        return 1.35
    size = 18 if len(spec.subtitle) <= 150 else (15 if len(spec.subtitle) <= 260 else 13)
    _text(_box(slide, 0.5, 1.25, 12.33, 0.75), [spec.subtitle], size, color=GREY)
    return 2.05


def _picture(slide, png: bytes, top: float) -> None:
    from pptx.util import Inches

    from explorer.images import png_size

    width_px, height_px = png_size(png)
    box_w, box_h = 12.33, 6.75 - top
    scale = min(box_w / width_px, box_h / height_px)
    w, h = width_px * scale, height_px * scale
    slide.shapes.add_picture(io.BytesIO(png), Inches(0.5 + (box_w - w) / 2), Inches(top), Inches(w), Inches(h))


def _table(slide, frame: pd.DataFrame, top: float) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    rows, cols = len(frame) + 1, len(frame.columns)
    height = min(6.7 - top, 0.62 * rows)
    shape = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(top + 0.1), Inches(12.33), Inches(height))
    grid = shape.table
    widths = [3.1, 2.9] + [(12.33 - 6.0) / max(1, cols - 2)] * (cols - 2)
    for i, w in enumerate(widths[:cols]):
        grid.columns[i].width = Inches(w)
    size = 18 if rows <= 5 else (15 if rows <= 8 else 12)
    for c, name in enumerate(frame.columns):
        cell = grid.cell(0, c)
        _text(cell.text_frame, [str(name)], size - 2, bold=True, color="FFFFFF",
              align=PP_ALIGN.LEFT if c < 2 else PP_ALIGN.CENTER)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(BRAND)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    for r, values in enumerate(frame.itertuples(index=False), 1):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            _text(cell.text_frame, [str(value)], size + (6 if c >= 2 else 0), bold=c >= 2,
                  align=PP_ALIGN.LEFT if c < 2 else PP_ALIGN.CENTER)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb("FCE4EC" if r % 2 else "FFFFFF")
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE


def _bullets(slide, spec: Slide, top: float) -> None:
    lines = ([spec.subtitle] if spec.kind == "message" and spec.subtitle else []) + [f"• {b}" for b in spec.bullets]
    if spec.kind == "sources":
        lines = [f"• {b}" for b in spec.bullets]
    length = sum(len(line) for line in lines)
    size = 26 if length < 300 else (20 if length < 700 else (16 if length < 1200 else 12))
    frame = _box(slide, 0.6, top + 0.15, 12.1, 6.7 - top - 0.15)
    _text(frame, lines, size, space=10)
    if spec.kind == "message" and spec.subtitle:
        first = frame.paragraphs[0].runs[0].font
        first.bold = True
        first.color.rgb = _rgb(BRAND)


def _footer(slide, text: str, number: int, total: int) -> None:
    from pptx.enum.text import PP_ALIGN

    if text:
        _text(_box(slide, 0.5, 6.85, 11.3, 0.55), [text], 11 if len(text) <= 200 else 9, color=GREY)
    _text(_box(slide, 11.9, 6.95, 0.95, 0.4), [f"{number}/{total}"], 11, color=GREY, align=PP_ALIGN.RIGHT)


def _fonts(prs) -> None:
    """Every run of every slide and note in DejaVu Sans (python-pptx leaves a run without a font to the theme)."""
    def frames(shapes):
        for shape in shapes:
            if shape.has_text_frame:
                yield shape.text_frame
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        yield cell.text_frame

    for slide in prs.slides:
        all_frames = list(frames(slide.shapes))
        if slide.has_notes_slide:
            all_frames += list(frames(slide.notes_slide.shapes))
        for frame in all_frames:
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.name = FONT_NAME
