// The script of a fast figure (pmo_exercises.widgets._display.fast_bundle): wait for
// plotly.js, then draw. A pane's previous drawing, taken off the page when this output
// replaced it, is put back in place and updated with Plotly.react: cheaper than drawing
// anew, which draws the axes, the legend and the mode bar again from nothing.
// data-pmo-drawn names the figure last drawn in a node, once drawn.
// Python fills in %(id)s (the figure's node) and %(pane)s (the pane's widget model id)
// and sends the lines below these comments inside a <script> element.
(function () {
  var id = "%(id)s", pane = "%(pane)s", tries = 0;
  function draw() {
    var node = document.getElementById(id), data = document.getElementById(id + "-json");
    if (!node || !data || !window.Plotly) {
      if (++tries < 500) { setTimeout(draw, 20); }
      else if (node) { node.textContent = "The figure needs plotly.js: move a control again."; }
      return;
    }
    var f = JSON.parse(data.textContent);
    var drawn = window.__pmoFigures = window.__pmoFigures || {};
    var last = drawn[pane], done;
    if (last && !last.isConnected && last._fullLayout) {
      last.style.cssText = node.style.cssText;
      last.id = id;
      node.replaceWith(last);
      node = last;
      done = window.Plotly.react(node, f.data, f.layout, f.config);
    } else {
      done = window.Plotly.newPlot(node, f.data, f.layout, f.config);
    }
    drawn[pane] = node;
    Promise.resolve(done).then(function () { node.setAttribute("data-pmo-drawn", id); });
  }
  draw();
})();
