// The script of a fast figure (pmo_exercises.widgets._display.fast_bundle): wait for
// plotly.js, then draw. A pane's previous drawing, taken off the page when this output
// replaced it, is put back in place and updated with Plotly.react: cheaper than drawing
// anew, which draws the axes, the legend and the mode bar again from nothing.
// data-pmo-drawn names the figure last drawn in a node, once drawn. plotly.js sizes a
// figure to its node when it draws it and, "responsive", when the window resizes; a
// node whose box settles later (a pane laid out after the figure came) is watched, and
// the figure resized to it, so that it never overflows its pane.
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
    if (window.ResizeObserver && !node.__pmoResize) {
      var width = 0;
      node.__pmoResize = new ResizeObserver(function () {
        var now = node.clientWidth;
        if (now && now !== width && node._fullLayout) {
          width = now;
          window.Plotly.Plots.resize(node);
        }
      });
      node.__pmoResize.observe(node);
    }
    Promise.resolve(done).then(function () { node.setAttribute("data-pmo-drawn", id); });
  }
  draw();
})();
