"""Figures of the agencies page: responsibility matrix, lead sectors by year, lead → coordinate network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style, wrap
from explorer.figures.targets import matrix_figure
from loaders.textnorm import sort_key

# Strongest first: the matrix shows the strongest role an agency has in a plan.
ROLE_ORDER = ["lead", "coordinate", "requested", "advise", "assigned"]
ROLE_RANK = {role: len(ROLE_ORDER) - i for i, role in enumerate(ROLE_ORDER)}  # lead = 5 … assigned = 1
ROLE_COLORS = {"lead": "#c2185b", "coordinate": "#1565c0", "requested": "#ef6c00", "advise": "#6a1b9a",
               "assigned": "#90a4ae"}
MAX_ARROWS = 80  # more links than this: no arrow heads (leads are on the left, so direction stays readable)
FIXED_SECTOR_COLORS = {"labour_social": "#1565c0", "home_affairs": "#c2185b", "unknown": "#bdbdbd"}

# Sector codes of data/reference/agencies.csv (labels.py has no group for them yet).
SECTOR_NAMES: dict[str, tuple[str, str]] = {
    "labour_social": ("Lao động - Thương binh và Xã hội", "Labour, invalids and social affairs"),
    "home_affairs": ("Nội vụ", "Home affairs"),
    "finance": ("Tài chính", "Finance"),
    "planning_investment": ("Kế hoạch và Đầu tư", "Planning and investment"),
    "information_communication": ("Thông tin và Truyền thông", "Information and communication"),
    "health": ("Y tế", "Health"),
    "education": ("Giáo dục và Đào tạo", "Education and training"),
    "culture_sports_tourism": ("Văn hóa, Thể thao và Du lịch", "Culture, sports and tourism"),
    "justice": ("Tư pháp", "Justice"),
    "agriculture": ("Nông nghiệp", "Agriculture"),
    "police": ("Công an", "Police"),
    "ethnic_affairs": ("Dân tộc", "Ethnic affairs"),
    "statistics": ("Thống kê", "Statistics"),
    "media": ("Báo chí, phát thanh, truyền hình", "Media"),
    "fatherland_front": ("Mặt trận Tổ quốc", "Fatherland Front"),
    "women_union": ("Hội Liên hiệp Phụ nữ", "Women's Union"),
    "youth_union": ("Đoàn Thanh niên", "Youth Union"),
    "labour_federation": ("Liên đoàn Lao động", "Labour Federation"),
    "farmers_union": ("Hội Nông dân", "Farmers' Union"),
    "ban_vstbpn": ("Ban Vì sự tiến bộ của phụ nữ", "Committee for the Advancement of Women"),
    "gender_equality_dept": ("Vụ Bình đẳng giới", "Gender Equality Department"),
    "government": ("Chính quyền (UBND, Chính phủ)", "Government"),
    "government_office": ("Văn phòng UBND", "Government office"),
    "multi": ("Nhóm cơ quan", "Groups of agencies"),
    "unknown": ("Chưa xác định", "Not identified"),
}


def sector_name(code: str | None, en: bool = False) -> str:
    pair = SECTOR_NAMES.get(code or "unknown")
    return (pair[1] if en else pair[0]) if pair else str(code)


def sector_colors(sectors: Sequence[str]) -> dict[str, str]:
    others = [s for s in sectors if s not in FIXED_SECTOR_COLORS]
    palette = [c for c in PALETTE if c not in FIXED_SECTOR_COLORS.values()]
    return {**{s: palette[i % len(palette)] for i, s in enumerate(others)}, **FIXED_SECTOR_COLORS}


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


# --- data shaping (pure) -------------------------------------------------------------------------------------------

def strongest_roles(resp: pd.DataFrame) -> pd.DataFrame:
    """One row per plan × agency: the strongest role (lead > coordinate > requested > advise > assigned),
    every role it has there, and how many responsibility rows."""
    cols = ["plan_id", "plan_label", "agency_key", "agency_name", "sector", "role", "roles", "tasks"]
    if resp.empty:
        return pd.DataFrame(columns=cols)
    keys = ["plan_id", "agency_key"]
    first = resp.drop_duplicates(keys)[["plan_id", "plan_label", "agency_key", "agency_name", "sector"]]
    tasks = resp.groupby(keys, sort=False).size().rename("tasks")
    ranked = (resp.dropna(subset=["role"]).drop_duplicates(keys + ["role"])
              .assign(_rank=lambda d: d["role"].map(ROLE_RANK).fillna(0))
              .sort_values("_rank", ascending=False, kind="stable"))
    roles = ranked.groupby(keys, sort=False)["role"].agg(list).rename("roles")
    out = first.join(tasks, on=keys).join(roles, on=keys)
    out["roles"] = [r if isinstance(r, list) else [] for r in out["roles"]]
    out["role"] = [r[0] if r else None for r in out["roles"]]
    out["tasks"] = out["tasks"].astype(int)
    return out[cols].reset_index(drop=True)


def focal_agencies(plans: pd.DataFrame, resp: pd.DataFrame) -> pd.DataFrame:
    """Per plan, the agency in charge of gender-equality work: the proposing agency ("theo đề nghị của …")
    when known, else the first lead (chủ trì) in document order; `source` says which, None when neither."""
    cols = ["plan_id", "plan_label", "plan_year", "truncated", "agency_key", "agency_name", "sector", "source",
            "section_path", "line_start", "line_end", "quote"]
    out = pd.DataFrame({"plan_id": plans["plan_id"].to_numpy(), "plan_label": plans["plan_label"].to_numpy(),
                        "plan_year": plans["plan_year"].to_numpy(),
                        "truncated": plans["truncated"].fillna(False).astype(bool).to_numpy()})
    for column in cols[4:]:
        out[column] = pd.Series([None] * len(out), dtype=object)
    out["sector"] = "unknown"
    if out.empty:
        return out[cols]
    pid, pname = plans["proposing_agency_id"].to_numpy(), plans["proposing_agency"].to_numpy()
    proposed = (plans["proposing_agency_id"].notna() | plans["proposing_agency"].notna()).to_numpy()
    if proposed.any():
        out.loc[proposed, "agency_key"] = [i if not _blank(i) else f"raw:{n}"
                                           for i, n in zip(pid[proposed], pname[proposed], strict=True)]
        out.loc[proposed, "agency_name"] = pname[proposed]
        out.loc[proposed, "sector"] = plans["proposing_sector"].to_numpy()[proposed]
        out.loc[proposed, "source"] = "proposing"
        out.loc[proposed, "line_start"] = plans["proposal_line_start"].to_numpy()[proposed]
        out.loc[proposed, "line_end"] = plans["proposal_line_end"].to_numpy()[proposed]
        out.loc[proposed, "quote"] = plans["proposal_quote"].to_numpy()[proposed]
    if not resp.empty and not proposed.all():
        leads = (resp[resp["role"] == "lead"].sort_values("line_start", kind="stable").drop_duplicates("plan_id")
                 .set_index("plan_id"))
        rest = ~proposed & out["plan_id"].isin(leads.index).to_numpy()
        if rest.any():
            first = leads.loc[out.loc[rest, "plan_id"]]
            for column in ("agency_key", "agency_name", "sector", "section_path", "line_start", "line_end", "quote"):
                out.loc[rest, column] = first[column].to_numpy()
            out.loc[rest, "source"] = "first_lead"
    out["sector"] = out["sector"].where(out["sector"].notna(), "unknown")
    for column in ("line_start", "line_end"):  # None and NA mixed in would make them floats ("28.0")
        out[column] = pd.to_numeric(out[column], errors="coerce").round().astype("Int64")
    return out[cols]


def some(names, limit: int = 8) -> str:
    """"A; B; C … (+97)": distinct names, the first `limit` of them (a hover, not a list of 1,000 plans)."""
    unique = list(dict.fromkeys(names))
    return "; ".join(map(str, unique[:limit])) + (f" … (+{len(unique) - limit})" if len(unique) > limit else "")


def some_of(head, total: int, limit: int = 8) -> str:
    """`some` of names already distinct and in order, when only the first of them (head) and how many there are
    (total) were read: the same text as some(all of them, limit)."""
    head = list(head if head is not None else [])
    return "; ".join(map(str, head[:limit])) + (f" … (+{total - limit})" if total > limit else "")


def lead_shares(leads: pd.DataFrame) -> pd.DataFrame:
    """Plan year × sector × truncated: count and share of the year's leads; plans and agencies listed (the first
    few when there are many)."""
    cols = ["plan_year", "sector", "truncated", "n", "share", "plans", "agencies"]
    if leads.empty:
        return pd.DataFrame(columns=cols)
    frame = leads.assign(agency_name=leads["agency_name"].fillna("–"))
    out = frame.groupby(["plan_year", "sector", "truncated"], as_index=False).agg(
        n=("plan_id", "size"), plans=("plan_label", some), agencies=("agency_name", lambda s: some(s, 12)))
    totals = out.groupby("plan_year")["n"].transform("sum")
    out["share"] = out["n"] / totals
    return out[cols].sort_values(["plan_year", "sector"]).reset_index(drop=True)


def lead_shares_counted(groups: pd.DataFrame) -> pd.DataFrame:
    """lead_shares from leads counted in SQL (agencies_lead_shares: plan_year, sector, truncated, n, plans_head,
    plans_n, agencies_head, agencies_n), without reading every lead."""
    cols = ["plan_year", "sector", "truncated", "n", "share", "plans", "agencies"]
    if groups.empty:
        return pd.DataFrame(columns=cols)
    out = groups.assign(
        truncated=groups["truncated"].astype(bool), n=groups["n"].astype(int),
        plans=[some_of(h, n) for h, n in zip(groups["plans_head"], groups["plans_n"], strict=True)],
        agencies=[some_of(h, n, 12) for h, n in zip(groups["agencies_head"], groups["agencies_n"], strict=True)])
    out["share"] = out["n"] / out.groupby("plan_year")["n"].transform("sum")
    return out[cols].sort_values(["plan_year", "sector"]).reset_index(drop=True)


def network_layout(edges: pd.DataFrame) -> pd.DataFrame:
    """Two columns: leads on the left (x=0), coordinators on the right (x=1); an agency that does both
    appears on each side. Leads are ordered by how many links they have, coordinators by the mean position
    of their leads (fewer crossings). y runs from 1 (top) to 0."""
    cols = ["key", "name", "side", "x", "y", "degree"]
    if edges.empty:
        return pd.DataFrame(columns=cols)
    lead_weight = edges.groupby("source")["weight"].sum()
    names = {**dict(zip(edges["source"], edges["source_name"], strict=True)),
             **dict(zip(edges["target"], edges["target_name"], strict=True))}
    leads = sorted(lead_weight.index, key=lambda k: (-lead_weight[k], sort_key(names[k])))
    position = {k: i for i, k in enumerate(leads)}
    centre = edges.assign(p=edges["source"].map(position)).groupby("target").apply(
        lambda g: (g["p"] * g["weight"]).sum() / g["weight"].sum(), include_groups=False)
    coordinators = sorted(centre.index, key=lambda k: (centre[k], sort_key(names[k])))

    def spread(n: int) -> list[float]:
        return [0.5] if n == 1 else [1 - i / (n - 1) for i in range(n)]

    rows = [{"key": k, "name": names[k], "side": "lead", "x": 0.0, "y": y, "degree": int(lead_weight[k])}
            for k, y in zip(leads, spread(len(leads)), strict=True)]
    coord_weight = edges.groupby("target")["weight"].sum()
    rows += [{"key": k, "name": names[k], "side": "coordinate", "x": 1.0, "y": y, "degree": int(coord_weight[k])}
             for k, y in zip(coordinators, spread(len(coordinators)), strict=True)]
    return pd.DataFrame(rows, columns=cols)


# --- figures -------------------------------------------------------------------------------------------------------

def fig_responsibility_matrix(cells: pd.DataFrame, plan_order: Sequence[str], agency_order: Sequence[str],
                              role_names: dict[str, str], title: str, proposer_label: str,
                              tasks_label: str) -> go.Figure:
    """Agency × plan; colour = strongest role, text = number of responsibilities; a ring marks the agency
    that proposed the plan.

    cells: x (plan column label), y (agency label), plan_id, agency_key, role (may be None for a proposer
    with no responsibility row), roles (list), tasks, proposer (bool). customdata = [plan_id, agency_key].
    """
    n = len(ROLE_ORDER)
    scale = []
    for i, role in enumerate(reversed(ROLE_ORDER)):  # z: assigned = 1 … lead = 5
        scale += [[i / n, ROLE_COLORS[role]], [(i + 1) / n, ROLE_COLORS[role]]]
    frame = cells.assign(
        z=cells["role"].map(ROLE_RANK).astype(float),
        text=[str(int(k)) if k else "" for k in cells["tasks"].fillna(0)],
        hover=[f"{y}<br>{x}<br>" + (", ".join(role_names.get(r, r) for r in roles) if len(roles) else "–")
               + f"<br>{tasks_label}: {int(k or 0)}" + (f"<br>{proposer_label}" if p else "")
               for x, y, roles, k, p in zip(cells["x"], cells["y"], cells["roles"], cells["tasks"].fillna(0),
                                            cells["proposer"], strict=True)],
    )
    fig = matrix_figure(frame, plan_order, agency_order, z="z", text="text", hover="hover",
                        customdata=["plan_id", "agency_key"], colorscale=scale, zmin=0.5, zmax=n + 0.5, cell=30)
    fig.update_traces(textfont={"color": "white", "size": 12}, selector={"type": "heatmap"})
    for role in ROLE_ORDER:  # legend entries for the colours
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=role_names.get(role, role),
                                 marker={"symbol": "square", "size": 14, "color": ROLE_COLORS[role]}))
    rings = frame[frame["proposer"].astype(bool)]
    fig.add_trace(go.Scatter(
        x=rings["x"], y=rings["y"], mode="markers", name=proposer_label, hoverinfo="skip",
        marker={"symbol": "square-open", "size": 26, "color": "#212121", "line": {"width": 3}},
    ))
    only = rings[rings["role"].isna()]  # proposed the plan but has no responsibility row in it
    if not only.empty:
        fig.add_trace(go.Scatter(x=only["x"], y=only["y"], mode="text", text=["★"] * len(only), showlegend=False,
                                 hoverinfo="skip", textfont={"size": 14, "color": "#212121"}))
    data = list(fig.data)
    fig.data = tuple(data[:1] + data[2:] + data[1:2])  # the clickable layer on top
    fig.update_xaxes(tickangle=0)
    fig = style(fig, title, height=max(320, 200 + 30 * len(agency_order)))
    fig.update_layout(legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0}, margin={"t": 90})
    return fig


def year_position(day: dt.date) -> float:
    """Where a date falls on an axis whose bar for year Y spans Y−0.5 … Y+0.5."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year - 0.5 + (day - start).days / length


def fig_lead_share(shares: pd.DataFrame, sector_labels: dict[str, str], title: str, y_label: str,
                   truncated_label: str, transfer: dict | None = None) -> go.Figure:
    """Stacked bars per plan year: share of the year's leads by sector; hatched = from a truncated plan.

    shares: output of lead_shares. transfer: {"date": date, "text": str} draws a dashed line and a note
    where the date falls (skipped when outside the years shown). customdata = [plan_year, sector].
    """
    years = sorted(int(y) for y in shares["plan_year"].unique())
    sectors = sorted(shares["sector"].unique(), key=lambda s: (s == "unknown", sort_key(sector_labels.get(s, s))))
    colors = sector_colors(sectors)
    fig = go.Figure()
    for sector in sectors:
        rows = shares[shares["sector"] == sector]
        name = sector_labels.get(sector, sector)
        hatched = rows["truncated"].astype(bool)
        marker = {"color": colors[sector]}
        if hatched.any():  # a pattern per bar costs the browser; only where a truncated plan contributes
            marker["pattern"] = {"shape": ["/" if tr else "" for tr in hatched], "fgcolor": "white", "solidity": 0.35}
        fig.add_trace(go.Bar(
            x=rows["plan_year"], y=rows["share"] * 100, name=name, meta=name, width=0.6, marker=marker,
            customdata=rows[["plan_year", "sector"]].values, text=rows["n"],
            hovertext=[f"{p}<br>{a}" + (f"<br>⚠ {truncated_label}" if tr else "")
                       for p, a, tr in zip(rows["plans"], rows["agencies"], rows["truncated"], strict=True)],
            hovertemplate="%{x} · %{meta}: %{y:.0f}% (%{text})<br>%{hovertext}<extra></extra>",
            textposition="none",
        ))
    if shares["truncated"].any():
        fig.add_trace(go.Bar(x=[None], y=[None], name=f"⚠ {truncated_label}",
                             marker={"color": "#9e9e9e", "pattern": {"shape": "/", "fgcolor": "white"}}))
        for year in sorted(shares[shares["truncated"]]["plan_year"].unique()):
            fig.add_annotation(x=year, y=100, yshift=14, text=f"⚠ {truncated_label}", showarrow=False,
                               font={"size": 12, "color": "#c62828"})
    lo, hi = (years[0] - 0.7, years[-1] + 0.7) if years else (0, 1)
    if transfer and transfer.get("date") is not None:
        x = year_position(transfer["date"])
        if lo <= x <= hi:
            fig.add_vline(x=x, line_dash="dash", line_color="#212121", line_width=2)
            fig.add_annotation(x=x, y=1.0, yref="paper", yshift=36, text=transfer.get("text", ""), showarrow=False,
                               xanchor="right" if x > (lo + hi) / 2 else "left", align="right",
                               font={"size": 12}, bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], range=[lo, hi])
    fig.update_yaxes(title=y_label, ticksuffix="%", range=[0, 100])
    fig = style(fig, title, height=500)
    fig.update_layout(margin={"t": 90})
    return fig


def fig_network(edges: pd.DataFrame, nodes: pd.DataFrame, title: str, lead_label: str, coordinate_label: str,
                link_label: str) -> go.Figure:
    """Lead agencies (left) → coordinating agencies (right); line width = number of shared sections.

    Nodes carry customdata [key, side]; a marker at each line's middle carries [source, target]. With a plans_n
    column (agencies_network), `plans` holds the first of the link's plan labels and plans_n how many there are.
    """
    counted = "plans_n" in edges.columns
    pos = {(r.key, r.side): (r.x, r.y) for r in nodes.itertuples()}
    fig = go.Figure()
    # Line width grows with the weight (1 + 1.5 × weight, at most 16 px); links of the same width share a trace, so
    # hundreds of links stay a handful of traces. Arrow heads only while they can be told apart.
    width = edges["weight"].map(lambda w: min(1 + 1.5 * w, 16.0)) if not edges.empty else pd.Series(dtype=float)
    for w in sorted(width.unique()):
        xs, ys = [], []
        for edge in edges[width == w].itertuples():
            (x0, y0), (x1, y1) = pos[(edge.source, "lead")], pos[(edge.target, "coordinate")]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", showlegend=False, hoverinfo="skip",
                                 line={"width": w, "color": "rgba(84,110,122,0.45)"}))
    if len(edges) <= MAX_ARROWS:
        for edge in edges.itertuples():
            (x0, y0), (x1, y1) = pos[(edge.source, "lead")], pos[(edge.target, "coordinate")]
            fig.add_annotation(x=x1, y=y1, ax=x0 + (x1 - x0) * 0.9, ay=y0 + (y1 - y0) * 0.9, xref="x", yref="y",
                               axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1.5,
                               arrowcolor="rgba(84,110,122,0.8)", standoff=9, text="")
    if not edges.empty:
        mid = pd.DataFrame([{"x": (pos[(e.source, "lead")][0] + pos[(e.target, "coordinate")][0]) / 2,
                             "y": (pos[(e.source, "lead")][1] + pos[(e.target, "coordinate")][1]) / 2,
                             "source": e.source, "target": e.target,
                             "hover": f"{e.source_name} → {e.target_name}<br>{link_label}: {e.weight}<br>"
                                      + (some_of(e.plans, e.plans_n) if counted else some(e.plans))}
                            for e in edges.itertuples()])
        fig.add_trace(go.Scatter(x=mid["x"], y=mid["y"], mode="markers", showlegend=False,
                                 marker={"size": 9, "color": "rgba(84,110,122,0.6)"},
                                 customdata=mid[["source", "target"]].values, hovertext=mid["hover"],
                                 hovertemplate="%{hovertext}<extra></extra>"))
    for side, label, color, where in (("lead", lead_label, "#c2185b", "middle left"),
                                      ("coordinate", coordinate_label, "#1565c0", "middle right")):
        rows = nodes[nodes["side"] == side]
        fig.add_trace(go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers+text", name=label, text=rows["name"], textposition=where,
            marker={"size": 12 + 3 * rows["degree"].clip(upper=8), "color": color, "line": {"width": 1, "color": "white"}},
            customdata=rows[["key", "side"]].values, hovertemplate="%{text}<br>" + label + "<extra></extra>",
            cliponaxis=False,
        ))
    fig.update_xaxes(visible=False, range=[-1.1, 2.1])
    fig.update_yaxes(visible=False, range=[-0.08, 1.08])
    n = max(nodes["side"].value_counts().max() if not nodes.empty else 1, 1)
    fig = style(fig, title, height=max(320, 120 + 38 * n))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


# --- the responsibility matrix at national scale (more plans than columns can show) ------------------------------

def role_counts(resp: pd.DataFrame, plans: pd.DataFrame, counted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Agency × role: in how many of the plans the agency has that role (and how many responsibilities), plus the
    "proposer" role from the plans' proposing agency. Columns: agency_key, agency_name, sector, role, plans, tasks.
    `counted`: those counts already made (role_cells), instead of counting `resp`."""
    cols = ["agency_key", "agency_name", "sector", "role", "plans", "tasks"]
    parts = []
    if counted is not None:
        if not counted.empty:
            parts.append(counted)
    elif not resp.empty:
        named = resp.dropna(subset=["role"])
        parts.append(named.groupby(["agency_key", "role"], as_index=False, sort=False).agg(
            agency_name=("agency_name", "first"), sector=("sector", "first"), plans=("plan_id", "nunique"),
            tasks=("plan_id", "size")))
    proposed = plans.dropna(subset=["proposing_agency_id"])
    if not proposed.empty:
        parts.append(proposed.groupby("proposing_agency_id", as_index=False, sort=False).agg(
            agency_name=("proposing_agency", "first"), sector=("proposing_sector", "first"),
            plans=("plan_id", "nunique"), tasks=("plan_id", "size"))
            .rename(columns={"proposing_agency_id": "agency_key"}).assign(role="proposer"))
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["agency_name"] = out["agency_name"].fillna(out["agency_key"])
    return out[cols]


def role_cells(counts: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """role_counts from responsibilities counted in SQL (agencies_role_counts: agency_key, agency_name, sector,
    role, plans, tasks per agency × role, in the order of their first responsibility) plus the proposer role."""
    cols = ["agency_key", "agency_name", "sector", "role", "plans", "tasks"]
    named = counts[cols] if not counts.empty else pd.DataFrame(columns=cols)
    return role_counts(pd.DataFrame(), plans, named)


def fig_role_matrix(cells: pd.DataFrame, agency_order: Sequence[str], role_names: dict[str, str], total: int,
                    title: str, plans_label: str, tasks_label: str) -> go.Figure:
    """Agency × role: the number of plans in which the agency has the role (text), coloured by its share of all
    `total` plans. cells: output of role_counts with y (agency label). customdata = [agency_key, role]."""
    roles = [r for r in role_names if r in set(cells["role"])]
    columns = {r: wrap(name, 12) for r, name in role_names.items()}  # side by side at tickangle 0: on lines
    frame = cells.assign(
        x=cells["role"].map(columns), z=cells["plans"] / max(total, 1),
        text=[f"{n:,}".replace(",", ".") for n in cells["plans"]],
        hover=[f"{y}<br>{role_names.get(r, r)}: {n:,} {plans_label} ({n / max(total, 1):.0%})<br>{tasks_label}: {k:,}"
               .replace(",", ".") for y, r, n, k in zip(cells["y"], cells["role"], cells["plans"], cells["tasks"],
                                                          strict=True)])
    fig = matrix_figure(frame, [columns[r] for r in roles], agency_order, z="z", text="text", hover="hover",
                        customdata=["agency_key", "role"], colorscale=[[0, "#fce4ec"], [1, "#880e4f"]], zmin=0, zmax=1,
                        cell=30, showscale=True, colorbar_title=plans_label)
    fig.update_traces(colorbar={"tickformat": ".0%"}, selector={"type": "heatmap"})
    fig.update_xaxes(tickangle=0)
    fig = style(fig, title, height=max(320, 200 + 30 * len(agency_order)))
    fig.update_layout(margin={"t": 90})
    return fig
