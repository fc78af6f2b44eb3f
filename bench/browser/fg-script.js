/*
 * fg-script.js - the benchmark's stand-in for flamegraph.pl's script: it
 * does the interactive work the way flamegraph.pl does it, on the layout
 * that bench/browser/fg-layout.js writes (every frame a <g> with <title>,
 * <rect> and <text>, all siblings).  Our own code, written for the
 * comparison; only what the benchmark exercises: hover details, zoom on
 * click, Reset Zoom.
 *
 * The flamegraph.pl way: no work per frame at load; a zoom visits every
 * frame, reads its rectangle, and moves, widens, fades or hides it by
 * writing its attributes (x and width of the rectangle, x and text of the
 * label, a class); Reset Zoom visits every frame again to restore it.
 * Differences that favour this script: original geometry is kept in
 * arrays rather than in extra attributes, and labels are fitted with the
 * character-width estimate instead of measuring text.
 */
(function () {
  'use strict';
  var perf = window.performance && performance.mark ? performance : null;
  if (perf) perf.mark('cflamegraph-start');
  var doc = document;
  var F = doc.getElementById('frames');
  if (!F) return;
  var details = doc.getElementById('details');
  var unzoomBtn = doc.getElementById('unzoom');
  var xpad = parseFloat(F.getAttribute('data-xpad')) || 10;
  var width = parseFloat(F.getAttribute('data-width')) || 1200;
  var fontsize = parseFloat(F.getAttribute('data-fontsize')) || 12;
  var fontwidth = parseFloat(F.getAttribute('data-fontwidth')) || 0.59;
  var inverted = F.getAttribute('data-inverted') === '1';
  var chart = width - 2 * xpad;
  var saved = null; /* per frame: [x, width, text x, text] before the first zoom */
  var zoomedEl = null;

  function frameOf(node) {
    while (node && node.parentNode !== F) node = node.parentNode;
    return node;
  }
  function child(g, tag) {
    for (var c = g.firstElementChild; c; c = c.nextElementSibling) if (c.localName === tag) return c;
    return null;
  }
  function nameOf(g) {
    var t = child(g, 'title').textContent;
    var k = t.lastIndexOf(' (');
    return k >= 0 ? t.substring(0, k) : t;
  }
  function fit(g, w) {
    var chars = Math.floor(w / (fontsize * fontwidth));
    if (chars < 3) return '';
    var n = nameOf(g);
    return n.length <= chars ? n : n.substring(0, chars - 2) + '..';
  }

  F.addEventListener('mouseover', function (ev) {
    var g = frameOf(ev.target);
    if (g && details) details.textContent = 'Function: ' + child(g, 'title').textContent;
  });
  F.addEventListener('mouseout', function () {
    if (details) details.textContent = ' ';
  });

  function zoom(target) {
    var all = F.children;
    var r0 = child(target, 'rect');
    if (!saved) {
      saved = [];
      for (var k = 0; k < all.length; k++) {
        var rr = child(all[k], 'rect');
        var tt = child(all[k], 'text');
        saved.push([rr.getAttribute('x'), rr.getAttribute('width'), tt.getAttribute('x'), tt.textContent]);
      }
    }
    var idx = Array.prototype.indexOf.call(all, target);
    var x0 = parseFloat(saved[idx][0]);
    var w0 = parseFloat(saved[idx][1]);
    var y0 = parseFloat(r0.getAttribute('y'));
    var ratio = chart / w0;
    for (var i = 0; i < all.length; i++) {
      var g = all[i];
      var r = child(g, 'rect');
      var t = child(g, 'text');
      var x = parseFloat(saved[i][0]);
      var w = parseFloat(saved[i][1]);
      var y = parseFloat(r.getAttribute('y'));
      var above = inverted ? y < y0 : y > y0; /* nearer the root */
      g.classList.remove('hide');
      g.removeAttribute('opacity');
      if (above && x <= x0 + 0.001 && x + w >= x0 + w0 - 0.001) {
        /* ancestor: full width, faded */
        g.setAttribute('opacity', '0.5');
        r.setAttribute('x', xpad);
        r.setAttribute('width', chart);
        t.setAttribute('x', xpad + 3);
        t.textContent = fit(g, chart);
      } else if (!above && x >= x0 - 0.001 && x + w <= x0 + w0 + 0.001) {
        var nx = xpad + (x - x0) * ratio;
        var nw = w * ratio;
        r.setAttribute('x', nx);
        r.setAttribute('width', nw);
        t.setAttribute('x', nx + 3);
        t.textContent = fit(g, nw);
      } else {
        g.classList.add('hide');
      }
    }
    zoomedEl = target;
    if (unzoomBtn) unzoomBtn.classList.remove('hide');
  }

  function unzoom() {
    if (!zoomedEl) return;
    var all = F.children;
    for (var i = 0; i < all.length; i++) {
      var g = all[i];
      var r = child(g, 'rect');
      var t = child(g, 'text');
      g.classList.remove('hide');
      g.removeAttribute('opacity');
      r.setAttribute('x', saved[i][0]);
      r.setAttribute('width', saved[i][1]);
      t.setAttribute('x', saved[i][2]);
      t.textContent = saved[i][3];
    }
    zoomedEl = null;
    if (unzoomBtn) unzoomBtn.classList.add('hide');
  }

  F.addEventListener('click', function (ev) {
    var g = frameOf(ev.target);
    if (g) zoom(g);
  });
  if (unzoomBtn) unzoomBtn.addEventListener('click', unzoom);
  if (perf) perf.mark('cflamegraph-ready');
})();
