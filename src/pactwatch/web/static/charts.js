// Draws every chart on the page from its JSON data block; no inline script is needed,
// so the Content-Security-Policy can forbid them.
document.querySelectorAll("script[type='application/json'][data-chart]").forEach(function (block) {
  var spec = JSON.parse(block.textContent);
  var target = document.getElementById(block.dataset.chart);
  Plotly.newPlot(target, spec.data, spec.layout, {displaylogo: false, responsive: true});
  if (spec.links) {
    target.on("plotly_click", function (event) {
      var point = event.points[0];
      var link = spec.links[point.y];
      if (link) { window.location.href = link; }
    });
  }
});
