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

// A clicked point with the fields of st.plotly_chart's that the pages read: snake_case numbers and the point's
// own values, no Plotly objects.
const POINT_VALUES = ["x", "y", "z", "lat", "lon", "location", "label", "value", "text", "hovertext", "customdata"];
function selectedPoint(p) {
  const point = {curve_number: p.curveNumber, point_number: p.pointNumber, point_index: p.pointIndex ?? p.pointNumber};
  for (const name of POINT_VALUES) if (p[name] !== undefined) point[name] = p[name];
  return point;
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
  holder.__data = data;  // the newest figure's revision and setStateValue, for handlers bound at the first draw
  holder.__setState = setStateValue;
  const drawn = data.figure + JSON.stringify(data.config);
  if (holder.__drawn !== drawn) {  // a rerun with the same figure keeps the chart (and its selection) as is
    holder.__drawn = drawn;
    const draw = (holder.__draws || 0) + 1;  // a newer figure makes this one's late promises moot
    holder.__draws = draw;
    const fig = JSON.parse(data.figure);
    // Its own size and a layout boundary: Plotly measures its labels dozens of times while drawing, and each
    // measurement would otherwise lay out the whole (still growing) page again.
    holder.style.cssText = `height: ${Number(fig.layout && fig.layout.height) || 450}px; contain: size layout style`;
    holder.removeAttribute("data-drawn");
    loadPlotly(data.src)
      .then((Plotly) => (holder.__draws === draw ? Plotly.react(holder, fig.data, fig.layout, data.config) : null))
      .then((gd) => {
        if (!gd || holder.__draws !== draw) return;
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
        if (holder.__draws !== draw) return;
        if (window.Plotly) window.Plotly.purge(holder);
        holder.__drawn = undefined;  // the same figure is tried again on the next run
        holder.textContent = String(error);
      });
  }
  if (!holder.__resizing) {  // the sidebar opening or closing changes the width without a window resize
    holder.__resizing = new ResizeObserver(() => {
      if (holder.dataset.drawn && holder.offsetWidth && holder.offsetWidth !== holder.__width) {
        holder.__width = holder.offsetWidth;
        window.Plotly.Plots.resize(holder);
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
