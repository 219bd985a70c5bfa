// One chart of the explorer (explorer/plotly_chart.py): drawn with the page's shared classic-script copy of
// plotly.js, which the browser compiles once and then keeps in its code cache (an ES-module copy is compiled
// again in every new tab). Called again, with the same parent, whenever the script sends new data.

function loadPlotly(src) {
  if (!window.__explorerPlotly) {
    window.__explorerPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        window.__explorerPlotly = undefined;  // a later chart tries again
        reject(new Error(`Plotly could not be loaded from ${src}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__explorerPlotly;
}

// A selected point as st.plotly_chart reports it: snake_case numbers and the point's own values, no Plotly objects.
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
  holder.__setState = setStateValue;  // the newest one, for handlers bound at the first draw
  if (holder.__figure !== data.figure) {  // a rerun with the same figure keeps the chart (and its selection) as is
    holder.__figure = data.figure;
    const fig = JSON.parse(data.figure);
    // Its own size and a layout boundary: Plotly measures its labels dozens of times while drawing, and each
    // measurement would otherwise lay out the whole (still growing) page again.
    holder.style.cssText = `height: ${(fig.layout && fig.layout.height) || 450}px; contain: size layout style`;
    holder.removeAttribute("data-drawn");
    loadPlotly(data.src)
      .then((Plotly) => Plotly.react(holder, fig.data, fig.layout, data.config))
      .then((gd) => {
        holder.__width = gd.offsetWidth;
        holder.dataset.drawn = "1";
        if (data.selectable && !holder.__selecting) {
          holder.__selecting = true;
          gd.on("plotly_selected", (event) => {
            if (event) holder.__setState("selection", {points: event.points.map(selectedPoint)});
          });
          gd.on("plotly_deselect", () => holder.__setState("selection", {points: []}));
        }
      })
      .catch((error) => {
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
    holder.__resizing.disconnect();
    if (window.Plotly) window.Plotly.purge(holder);
  };
}
