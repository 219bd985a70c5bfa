"""Figures of the map page (Bản đồ): an offline centroid bubble map on plain lon/lat axes.

Plotly's geo and mapbox charts download outlines or tiles from the internet, so the map is a scatter on
cartesian axes with x = longitude, y = latitude and equal scales; faint points of every province give
Vietnam its recognisable shape.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style

LON_RANGE = (101.8, 111.2)
LAT_RANGE = (8.2, 23.6)
LEVEL_COLOR = {"tỉnh": "#c2185b", "huyện": "#1565c0", "xã": "#2e7d32"}
MAX_BUBBLE = 48  # px diameter of the largest bubble
MAX_LABELS = 60  # bubbles named on the map (the largest); every bubble is named in its hover


def _level_name(levels: str | None, level_labels: dict[str, str]) -> str:
    if levels is None or (isinstance(levels, float) and pd.isna(levels)):
        return "–"
    return " + ".join(level_labels.get(x.strip(), x.strip()) for x in str(levels).split(","))


def _some(plan_list, limit: int = 8) -> str:
    """The first plans of a place's "; "-separated list and how many more (a province can have a thousand)."""
    names = str(plan_list).split("; ") if isinstance(plan_list, str) else []
    return "; ".join(names[:limit]) + (f" … (+{len(names) - limit})" if len(names) > limit else "")


def _hover(units: pd.DataFrame, labels: dict[str, str], level_labels: dict[str, str]) -> list[str]:
    out = []
    for r in units.itertuples():
        years = f"{r.first_year}" if r.first_year == r.latest_year else f"{r.first_year}–{r.latest_year}"
        out.append(f"<b>{r.place}</b><br>{labels['province']}: {r.provinces}<br>"
                   f"{labels['province_2025']}: {r.provinces_2025 if isinstance(r.provinces_2025, str) else '–'}<br>"
                   f"{labels['level']}: {_level_name(r.levels, level_labels)}<br>"
                   f"{labels['plans']}: {r.plans} · {labels['targets']}: {r.targets} · "
                   f"{labels['activities']}: {r.activities}<br>{labels['years']}: {years}<br>{_some(r.plan_list)}")
    return out


def fig_bubbles(units: pd.DataFrame, size_col: str, labels: dict[str, str], level_labels: dict[str, str], *,
                color_by: str = "level", background: pd.DataFrame | None = None,
                title: str | None = None) -> go.Figure:
    """Bubbles at the centroids (lon, lat) of places; area ∝ size_col; colour = level or latest plan year.

    units: place_key, place, provinces, provinces_2025, levels, lat, lon, plans, targets, activities,
    first_year, latest_year, plan_list. background: name, lat, lon (faint grey context points).
    labels (translated): size (legend of the measure), province, province_2025, level, plans, targets,
    activities, years, latest_year, lon, lat, background. Bubble customdata: [place_key].
    """
    fig = go.Figure()
    if background is not None and not background.empty:
        fig.add_trace(go.Scatter(
            x=background["lon"], y=background["lat"], mode="markers", name=labels.get("background", ""),
            marker={"size": 7, "color": "#9e9e9e", "opacity": 0.35}, hovertext=background["name"],
            hovertemplate="%{hovertext}<extra></extra>", customdata=[[""]] * len(background)))
    data = units.dropna(subset=["lat", "lon"])
    names = None
    if len(data) > MAX_LABELS:  # hundreds of overlapping names cannot be read (and cost the browser): the largest
        names = data.loc[data[size_col].rank(method="first", ascending=False) <= MAX_LABELS]
    if not data.empty:
        biggest = max(float(data[size_col].max()), 1.0)
        sizeref = 2.0 * biggest / (MAX_BUBBLE ** 2)
        common = {"mode": "markers+text" if names is None else "markers", "textposition": "middle right",
                  "cliponaxis": False, "hovertemplate": "%{hovertext}<extra></extra>"}
        if color_by == "year":
            fig.add_trace(go.Scatter(
                x=data["lon"], y=data["lat"], text=data["place"], hovertext=_hover(data, labels, level_labels),
                customdata=[[k] for k in data["place_key"]], name=labels["size"], showlegend=False,
                marker={"size": data[size_col], "sizemode": "area", "sizeref": sizeref, "sizemin": 6,
                        "color": data["latest_year"], "colorscale": [[0, "#f8bbd0"], [1, "#880e4f"]],
                        "showscale": True, "line": {"color": "white", "width": 1}, "opacity": 0.85,
                        "colorbar": {"title": {"text": labels["latest_year"]}, "tickformat": "d", "dtick": 1}},
                **common))
        else:
            data = data.assign(_level=data["levels"].map(lambda v: _level_name(v, level_labels)))
            for i, (name, part) in enumerate(data.groupby("_level", sort=True)):
                code = str(part["levels"].iloc[0])
                fig.add_trace(go.Scatter(
                    x=part["lon"], y=part["lat"], text=part["place"], hovertext=_hover(part, labels, level_labels),
                    customdata=[[k] for k in part["place_key"]], name=name,
                    marker={"size": part[size_col], "sizemode": "area", "sizeref": sizeref, "sizemin": 6,
                            "color": LEVEL_COLOR.get(code, PALETTE[(i + 3) % len(PALETTE)]), "opacity": 0.8,
                            "line": {"color": "white", "width": 1}},
                    **common))
    if names is not None and not names.empty:  # the names of the largest bubbles, drawn once, not clickable
        fig.add_trace(go.Scatter(x=names["lon"], y=names["lat"], text=names["place"], mode="text",
                                 textposition="middle right", cliponaxis=False, hoverinfo="skip", showlegend=False,
                                 textfont={"size": 11}))
    # constrain="domain": keep the lon/lat ranges and shrink the plot area instead, so the map keeps its shape
    fig.update_xaxes(range=list(LON_RANGE), title=labels.get("lon"), ticksuffix="°", showgrid=True,
                     gridcolor="#f0f0f0", zeroline=False, constrain="domain")
    fig.update_yaxes(range=list(LAT_RANGE), title=labels.get("lat"), ticksuffix="°", scaleanchor="x", scaleratio=1,
                     showgrid=True, gridcolor="#f0f0f0", zeroline=False)
    style(fig, title, height=900)
    # below the longitude axis's title (anchored by its top; by its bottom it covered the title)
    fig.update_layout(legend={"itemsizing": "constant", "orientation": "h", "y": -0.08, "yanchor": "top"})
    return fig
