// One chart of the explorer (explorer/plotly_chart.py): drawn with the page's shared classic-script copy of
// plotly.js, which the browser compiles once and then keeps in its code cache (an ES-module copy is compiled
// again in every new tab). Streamlit calls this again, with the same parent and without the cleanup, whenever
// the script sends new data; the cleanup it keeps is the last call's, run when the chart leaves the page.

function loadPlotly(src) {
  if (!window.__explorerPlotly) {
    window.__explorerPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        window.__explorerPlotly = undefined;  // the next figure tries again
        script.remove();
        reject(new Error(`Plotly could not be loaded from ${src}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__explorerPlotly;
}

// The margins each figure got at each width, as automargin found them when this browser first drew it. Drawn again
// (a reload, a new tab, the same data), it gets them up front, with automargin off and margins that do not grow:
// automargin measures every tick label and then draws the whole chart a second time, about half of a chart's
// drawing time. A figure with other data has another revision, so another key; the oldest entries make way.
const MARGINS = "explorer-plotly-margins";
const MARGINS_KEPT = 500;
const AXIS = /^[xy]axis\d*$/;

function storedMargins() {
  try {
    return JSON.parse(window.localStorage.getItem(MARGINS)) || {};
  } catch {
    return {};  // storage off (a privacy setting) or unreadable: every chart is measured
  }
}

// margins: [l, r, t, b], or null for a figure that must always be measured.
function rememberMargins(key, margins) {
  const all = storedMargins();
  delete all[key];  // re-inserted last: the object keeps insertion order, oldest first
  all[key] = margins;
  const keys = Object.keys(all);
  for (const old of keys.slice(0, Math.max(0, keys.length - MARGINS_KEPT))) delete all[old];
  try {
    window.localStorage.setItem(MARGINS, JSON.stringify(all));
  } catch {
    // storage full or off: the chart is measured again next time
  }
}

// The figure's layout (changed in place) for the holder's current width, the key its margins are kept under, and
// what is kept there: undefined (never drawn here), null (always measured) or the margins, which the layout then
// has; `measured` is the relayout that gives a chart drawn with kept margins its automargin back.
function sized(holder, data, layout) {
  const key = `${data.revision}@${Math.round(parseFloat(window.getComputedStyle(holder).width) || holder.clientWidth)}`;
  const kept = storedMargins()[key];
  if (!Array.isArray(kept)) return {layout, key, kept, measured: null};
  const measured = {margin: layout.margin ? {...layout.margin} : null};
  layout.margin = {...layout.margin, l: kept[0], r: kept[1], t: kept[2], b: kept[3], autoexpand: false};
  for (const name of Object.keys(layout)) {
    if (AXIS.test(name) && layout[name]) {
      measured[`${name}.automargin`] = layout[name].automargin ?? null;
      layout[name].automargin = false;
    }
  }
  return {layout, key, kept, measured};
}

// Whether every legend lies inside the chart. Growing margins also keep a legend inside the chart (Plotly moves
// one that would stick out); fixed ones do not, so such a figure is always measured.
function legendsInside(gd) {
  const box = gd.getBoundingClientRect();
  return [...gd.querySelectorAll(".infolayer > g[class^='legend'] > rect.bg")].every((rect) => {
    const r = rect.getBoundingClientRect();
    return r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
}

// A clicked point with the fields of st.plotly_chart's that the pages read: snake_case numbers and the point's
// own values, no Plotly objects.
const POINT_VALUES = ["x", "y", "z", "lat", "lon", "location", "label", "value", "text", "hovertext", "customdata"];
function selectedPoint(p) {
  const point = {curve_number: p.curveNumber, point_number: p.pointNumber, point_index: p.pointIndex ?? p.pointNumber};
  for (const name of POINT_VALUES) if (p[name] !== undefined) point[name] = p[name];
  return point;
}

// Draw the holder's newest figure at its current width; a newer draw makes this one's late promises moot.
function draw(holder) {
  const data = holder.__data;
  const token = (holder.__draws || 0) + 1;
  holder.__draws = token;
  holder.removeAttribute("data-drawn");
  return loadPlotly(data.src)
    .then((Plotly) => {
      if (holder.__draws !== token) return null;
      const fig = JSON.parse(data.figure);
      const {layout, key, kept, measured} = sized(holder, data, fig.layout || {});
      holder.__measured = measured;
      return Plotly.react(holder, fig.data, layout, data.config).then((gd) => {
        if (holder.__draws !== token) return null;
        if (kept === undefined) {
          const size = gd._fullLayout._size;
          rememberMargins(key, [size.l, size.r, size.t, size.b]);
        } else if (kept && !legendsInside(gd)) {
          rememberMargins(key, null);
          return draw(holder).then(() => null);  // measured, as every time from now on
        }
        return gd;
      });
    })
    .then((gd) => {
      if (!gd || holder.__draws !== token) return;
      holder.__width = gd.offsetWidth;
      holder.__selected = 0;
      holder.dataset.drawn = "1";
      if (data.selectable && !holder.__selecting) {
        holder.__selecting = true;
        // A selection names the figure it was made on: after a new figure, Python ignores the old points.
        const report = (points) => holder.__setState("selection", {points, revision: holder.__data.revision});
        gd.on("plotly_selected", (event) => {
          if (!event || event.range || event.lassoPoints) return;  // clicks only, as st.plotly_chart's "points"
          holder.__selected = event.points.length;
          report(event.points.map(selectedPoint));
        });
        gd.on("plotly_deselect", () => {
          if (holder.__selected) report([]);
          holder.__selected = 0;
        });
      }
    })
    .catch((error) => {
      if (holder.__draws !== token) return;
      if (window.Plotly) window.Plotly.purge(holder);
      holder.__drawn = undefined;  // the same figure is tried again on the next run
      holder.textContent = String(error);
    });
}

export default function ({data, parentElement, setStateValue}) {
  let holder = parentElement.querySelector(":scope > .explorer-chart");
  if (!holder) {
    holder = document.createElement("div");
    holder.className = "explorer-chart";
    parentElement.appendChild(holder);
  }
  const call = (holder.__calls || 0) + 1;  // a newer call makes this one's cleanup moot
  holder.__calls = call;
  holder.__data = data;  // the newest figure, its revision and setStateValue, for redraws and bound handlers
  holder.__setState = setStateValue;
  const drawn = data.figure + JSON.stringify(data.config);
  if (holder.__drawn !== drawn) {  // a rerun with the same figure keeps the chart (and its selection) as is
    holder.__drawn = drawn;
    const height = JSON.parse(data.figure).layout?.height;
    // Its own size and a layout boundary: Plotly measures its labels dozens of times while drawing, and each
    // measurement would otherwise lay out the whole (still growing) page again.
    holder.style.cssText = `height: ${Number(height) || 450}px; contain: size layout style`;
    draw(holder);
  }
  if (!holder.__resizing) {  // the sidebar opening or closing changes the width without a window resize
    holder.__resizing = new ResizeObserver(() => {
      if (holder.dataset.drawn && holder.offsetWidth && holder.offsetWidth !== holder.__width) {
        holder.__width = holder.offsetWidth;
        // Laid out again, not calculated again; margins kept for one width may not fit another: automargin back.
        window.Plotly.relayout(holder, {autosize: true, ...holder.__measured}).catch(() => {});
        holder.__measured = null;
      }
    });
    holder.__resizing.observe(holder);
  }
  return () => {
    if (holder.__calls !== call) return;  // an outdated call's cleanup: the chart is still on the page
    holder.__resizing.disconnect();
    holder.__resizing = holder.__selecting = holder.__drawn = undefined;
    if (window.Plotly) window.Plotly.purge(holder);
  };
}
