// The browser side of a BrowserStore (pmo_exercises/widgets/_browser_store.py).
// One text is kept in this browser's localStorage under the store's key and
// the page's path. "read" sends what is kept to the kernel, as a JSON report
// written into the store's hidden Text widget (a change event, which the
// widget syncs); "write" and "remove" change what is kept, and report only a
// failure (storage full or switched off); "show" scrolls a part of the page
// into view once it is drawn and moves the keyboard focus to it.
// Python fills in %(store)s, %(key)s, %(op)s and %(arg)s, each a JSON literal.
(function () {
  var store = %(store)s, op = %(op)s, arg = %(arg)s;
  var key = %(key)s + "@" + window.location.pathname;
  function later(found, act, tries) {
    var node = found();
    if (node) { act(node); } else if (tries > 0) {
      setTimeout(function () { later(found, act, tries - 1); }, 100);
    }
  }
  function report(message) {
    message.n = Date.now() + Math.random();  // a new value each time, so it syncs
    later(function () { return document.querySelector("." + store + "-in input"); },
      function (input) {
        input.value = JSON.stringify(message);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }, 600);
  }
  function failure(error) { return String((error && error.name) || error); }
  if (op === "read") {
    var kept = null, error = null;
    try { kept = window.localStorage.getItem(key); } catch (e) { error = failure(e); }
    report({ op: op, stored: kept, error: error });
  } else if (op === "write" || op === "remove") {
    try {
      if (op === "write") { window.localStorage.setItem(key, arg); }
      else { window.localStorage.removeItem(key); }
    } catch (e) { report({ op: op, stored: null, error: failure(e) }); }
  } else if (op === "show") {
    later(function () { return document.querySelector(arg.ready); }, function () {
      var box = document.querySelector(arg.box), focus = document.querySelector(arg.focus);
      if (box) { box.scrollIntoView({ block: "start" }); }
      if (focus) { focus.focus({ preventScroll: true }); }
    }, 300);
  }
})();
