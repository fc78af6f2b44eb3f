/*
 * canvas-view.js - draws a flame graph on a <canvas> and finds the frame
 * under a point.  The HTML page's graph is one such view (its state comes
 * from model.js, through page.js); the function table's callers and
 * callees graphs are two more (table.js).
 *
 * Frames are written straight into the canvas's pixels (ImageData): every
 * row of frames is one scanline, filled span by span in frame order and
 * then copied down for the row's height, so a draw costs one pass over the
 * frames in view plus one copy of the canvas, and every frame covers whole
 * device pixels (edges rounded, at least one pixel wide): sharp at any
 * devicePixelRatio, and exactly its colour.  Labels are drawn on a second
 * canvas above the first, fitted with the canvas's own text measurements.
 * The canvases cover only the rows in the window (they stay in it with
 * position: sticky), so a graph of any height costs one window of pixels.
 *
 * tree:  count, start, size, depth, parent, end (as in model.js), color
 *        (per frame an index into colors, 0xRRGGBB), nameOf(i), nameKey(i)
 *        (frames with the same key have the same name), depthMax
 * opts:  xpad, frameHeight, framePad, inverted, fontSize, fontFamily,
 *        charWidth (label estimate: no label under three of these),
 *        truncateLeft (--truncate left: labels keep the end of the name),
 *        strokeColor (--stroke-color: an outline around every frame, or null),
 *        onHover(i, ev), onClick(i, ev)   (i -1: no frame there)
 * The chart element holds .view (with canvas.frames and canvas.labels) and
 * the .mark.hover and .mark.selection outlines; missing ones are made.
 */

var FADED_ALPHA = 128;  /* ancestors of the zoomed frame: opacity 0.5, as in the SVG */
var DIMMED_ALPHA = 64;  /* frames of other functions while one is chosen in the table */

function littleEndian() {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

function createCanvasView(chart, tree, opts) {
  var doc = document;
  var count = tree.count;
  var start = tree.start;
  var size = tree.size;
  var depth = tree.depth;
  var parent = tree.parent;
  var end = tree.end;
  var xpad = opts.xpad;
  var fh = opts.frameHeight;
  var framePad = opts.framePad;
  var rowH = fh - framePad;
  var depthMax = tree.depthMax;
  var chartH = (depthMax + 1) * fh;

  function child(parentEl, selector, tag, cls) {
    var el = parentEl.querySelector(selector);
    if (!el) {
      el = doc.createElement(tag);
      el.className = cls;
      parentEl.appendChild(el);
    }
    return el;
  }

  var viewEl = child(chart, '.view', 'div', 'view');
  var canvas = child(viewEl, 'canvas.frames', 'canvas', 'frames');
  var labelCanvas = child(viewEl, 'canvas.labels', 'canvas', 'labels');
  var hoverEl = child(chart, '.mark.hover', 'div', 'mark hover');
  var selectionEl = child(chart, '.mark.selection', 'div', 'mark selection');
  var ctx = canvas.getContext('2d');
  var lctx = labelCanvas.getContext('2d');

  /* colours as pixels: opaque, faded, dimmed */
  var le = littleEndian();
  function pack(rgb, alpha) {
    var r = rgb >> 16 & 255;
    var g = rgb >> 8 & 255;
    var b = rgb & 255;
    return le ? ((alpha << 24 | b << 16 | g << 8 | r) >>> 0) : ((r << 24 | g << 16 | b << 8 | alpha) >>> 0);
  }
  var ncolors = tree.colors.length;
  var opaque = new Uint32Array(ncolors);
  var faded = new Uint32Array(ncolors);
  var dimmed = new Uint32Array(ncolors);
  for (var k = 0; k < ncolors; k++) {
    opaque[k] = pack(tree.colors[k], 255);
    faded[k] = pack(tree.colors[k], FADED_ALPHA);
    dimmed[k] = pack(tree.colors[k], DIMMED_ALPHA);
  }

  var zoomed = -1;
  var highlight = null;   /* per frame: 1 for a search match */
  var highlightPx = 0;
  var highlightFadedPx = 0;
  var focus = null;       /* per frame: 1 for the chosen function's frames */
  var hovered = -1;
  var selected = -1;
  var pointer = null;     /* the last pointer position, in chart pixels */
  var started = false;

  /* sizes, set by layout() */
  var W = 0;     /* CSS pixels across */
  var viewH = 0; /* CSS pixels of rows the canvases show */
  var dw = 0;
  var dh = 0;
  var sx = 1;    /* device pixels per CSS pixel, across and down */
  var sy = 1;
  var offset = 0; /* chart y of the canvases' top */
  var image = null;
  var pixels = null;

  function rowTop(d) {
    return opts.inverted ? d * fh : (depthMax - d) * fh + framePad;
  }

  function layout() {
    W = chart.clientWidth;
    chart.style.height = chartH + 'px';
    var winH = window.innerHeight || chartH;
    viewH = Math.min(chartH, Math.max(winH, 200));
    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(1, Math.round(W * dpr));
    var h = Math.max(1, Math.round(viewH * dpr));
    viewEl.style.height = viewH + 'px';
    if (w !== dw || h !== dh) {
      dw = w;
      dh = h;
      canvas.width = labelCanvas.width = dw;
      canvas.height = labelCanvas.height = dh;
      image = null;
      fontSet = false; /* a canvas's size resets its context, font included */
    }
    canvas.style.width = labelCanvas.style.width = W + 'px';
    canvas.style.height = labelCanvas.style.height = viewH + 'px';
    sx = W > 0 ? dw / W : 1;
    sy = viewH > 0 ? dh / viewH : 1;
    chartTop = chart.getBoundingClientRect().top + (window.pageYOffset || 0);
  }

  /* The shown range: the zoomed frame's, or everything's. */
  function root() {
    return zoomed > 0 ? zoomed : 0;
  }

  function scale() {
    var z = root();
    return count && size[z] > 0 ? (W - 2 * xpad) / size[z] : 0;
  }

  function isAncestor(a, i) {
    return a < i && end[a] > i;
  }

  function inView(i) {
    if (i < 0 || i >= count) {
      return false;
    }
    var z = root();
    return (i >= z && i < end[z]) || isAncestor(i, z);
  }

  /* Frame i in chart pixels: x, y, w, h, and whether it is faded. */
  function geometry(i) {
    var z = root();
    var x;
    var w;
    if (zoomed > 0 && isAncestor(i, zoomed)) {
      x = xpad;
      w = W - 2 * xpad;
    } else {
      var k = scale();
      x = xpad + (start[i] - start[z]) * k;
      w = size[i] * k;
    }
    return { x: x, y: rowTop(depth[i]), w: w, h: rowH, faded: zoomed > 0 && isAncestor(i, zoomed) };
  }

  /* ---- Frames ---- */

  function pixelOf(i, isFaded) {
    var c = tree.color[i];
    if (highlight && highlight[i]) {
      return isFaded ? highlightFadedPx : highlightPx;
    }
    if (isFaded) {
      return faded[c];
    }
    return focus && !focus[i] ? dimmed[c] : opaque[c];
  }

  function drawFrames() {
    if (!image) {
      image = ctx.createImageData(dw, dh);
      pixels = new Uint32Array(image.data.buffer);
    }
    pixels.fill(0);
    /* device rows of each visible frame row; -1 when out of the window */
    var first = new Int32Array(depthMax + 1);
    var last = new Int32Array(depthMax + 1);
    for (var d = 0; d <= depthMax; d++) {
      var y1 = Math.round((rowTop(d) - offset) * sy);
      var y2 = Math.round((rowTop(d) + rowH - offset) * sy);
      if (y1 < 0) {
        y1 = 0;
      }
      if (y2 > dh) {
        y2 = dh;
      }
      first[d] = y2 > y1 ? y1 : -1;
      last[d] = y2;
    }
    if (count === 0) {
      ctx.putImageData(image, 0, 0);
      return;
    }
    var z = root();
    var k = scale() * sx; /* device pixels per sample */
    var base = xpad * sx - start[z] * k;
    var p;
    var a;
    var b;
    var row;
    if (zoomed > 0) {
      a = Math.round(xpad * sx);
      b = Math.round((W - xpad) * sx);
      for (var anc = parent[zoomed]; anc >= 0; anc = parent[anc]) {
        if (first[depth[anc]] >= 0) {
          row = first[depth[anc]] * dw;
          pixels.fill(pixelOf(anc, true), row + a, row + b);
        }
      }
    }
    /* the hot loop, a pass over every frame in view: no calls, whole
     * numbers by truncation (x >= 0 here) */
    var hi = end[z];
    var color = tree.color;
    var hl = highlight;
    var fo = focus;
    for (var i = z; i < hi; i++) {
      var y = first[depth[i]];
      if (y < 0) {
        continue;
      }
      var x1 = base + start[i] * k;
      a = (x1 + 0.5) | 0;
      b = (x1 + size[i] * k + 0.5) | 0;
      if (hl !== null && hl[i]) {
        p = highlightPx;
      } else if (fo !== null && !fo[i]) {
        p = dimmed[color[i]];
      } else {
        p = opaque[color[i]];
      }
      row = y * dw;
      if (b <= a + 1) {
        if (a < dw) {
          pixels[row + a] = p; /* narrower than a pixel: one pixel */
        }
      } else {
        pixels.fill(p, row + a, row + (b < dw ? b : dw));
      }
    }
    /* each row's scanline, copied down over the row's height */
    for (d = 0; d <= depthMax; d++) {
      if (first[d] < 0) {
        continue;
      }
      var src = first[d] * dw;
      for (var r = first[d] + 1; r < last[d]; r++) {
        pixels.copyWithin(r * dw, src, src + dw);
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  /* ---- Labels ---- */

  var fontSet = false;
  var nameWidth = [];
  var dotsWidth = 0;
  var drawnLabels = [];

  function setFont() {
    var family = opts.fontFamily ? opts.fontFamily + ', sans-serif' : 'sans-serif';
    var before = lctx.font;
    lctx.font = opts.fontSize + 'px ' + family;
    if (lctx.font === before) {
      lctx.font = opts.fontSize + 'px sans-serif'; /* not a family list the canvas takes */
    }
    dotsWidth = lctx.measureText('..').width;
    fontSet = true;
  }

  function textWidth(s) {
    return lctx.measureText(s).width;
  }

  /* Widths of single characters, measured once each: a prefix's width is
   * about their sum (kerning aside), so a cut is found without measuring
   * every candidate, then measured once. */
  var charWidths = [];

  function charWidth(code) {
    var w = charWidths[code];
    if (w === undefined) {
      w = charWidths[code] = textWidth(String.fromCharCode(code));
    }
    return w;
  }

  /* --truncate left: ".." and the longest end of the name that fits. */
  function fitLabelLeft(name, room) {
    var len = name.length;
    var keep = 0;
    var sum = dotsWidth;
    while (keep < len - 1) {
      var w = charWidth(name.charCodeAt(len - 1 - keep));
      if (sum + w > room) {
        break;
      }
      sum += w;
      keep++;
    }
    while (keep > 0 && textWidth('..' + name.substring(len - keep)) > room) {
      keep--;
    }
    while (keep + 1 < len && textWidth('..' + name.substring(len - keep - 1)) <= room) {
      keep++;
    }
    var code = keep > 0 ? name.charCodeAt(len - keep) : 0;
    if (code >= 0xdc00 && code <= 0xdfff) {
      keep--; /* do not start inside a surrogate pair */
    }
    return keep > 0 ? '..' + name.substring(len - keep) : '';
  }

  /* The label of frame i in room pixels: the name when it fits, else the
   * longest prefix with ".." that does (or ".." and an end, truncateLeft),
   * else "". */
  function fitLabel(i, room) {
    var key = tree.nameKey(i);
    var name = tree.nameOf(i);
    var full = nameWidth[key];
    if (full === undefined) {
      full = nameWidth[key] = textWidth(name);
    }
    if (full <= room) {
      return name;
    }
    if (opts.truncateLeft) {
      return fitLabelLeft(name, room);
    }
    var len = name.length;
    var keep = 0;
    var sum = dotsWidth;
    while (keep < len - 1) {
      var w = charWidth(name.charCodeAt(keep));
      if (sum + w > room) {
        break;
      }
      sum += w;
      keep++;
    }
    /* kerning makes the real width differ from the sum: step to the
     * longest cut that really fits */
    while (keep > 0 && textWidth(name.substring(0, keep) + '..') > room) {
      keep--;
    }
    while (keep + 1 < len && textWidth(name.substring(0, keep + 1) + '..') <= room) {
      keep++;
    }
    var code = keep > 0 ? name.charCodeAt(keep - 1) : 0;
    if (code >= 0xd800 && code <= 0xdbff) {
      keep--; /* do not split a surrogate pair */
    }
    return keep > 0 ? name.substring(0, keep) + '..' : '';
  }

  function drawLabel(i, x, w, isFaded) {
    var text = fitLabel(i, w - 3);
    if (!text) {
      return;
    }
    var y = rowTop(depth[i]) + rowH / 2 + 3;
    lctx.globalAlpha = isFaded ? 0.5 : 1;
    lctx.fillText(text, x + 3, y);
    drawnLabels.push(i, text, x + 3, y);
  }

  function drawLabels() {
    lctx.setTransform(1, 0, 0, 1, 0, 0);
    lctx.clearRect(0, 0, dw, dh);
    drawnLabels = [];
    if (count === 0) {
      return;
    }
    if (!fontSet) {
      setFont();
    }
    lctx.setTransform(sx, 0, 0, sy, 0, -offset * sy);
    lctx.fillStyle = '#000';
    var minW = 3 * opts.charWidth;
    var top = offset - fh;
    var bottom = offset + viewH + fh;
    var z = root();
    if (zoomed > 0) {
      for (var a = parent[zoomed]; a >= 0; a = parent[a]) {
        drawLabel(a, xpad, W - 2 * xpad, true);
      }
    }
    var k = scale();
    var hi = end[z];
    for (var i = z; i < hi; i++) {
      var w = size[i] * k;
      if (w < minW) {
        i = end[i] - 1; /* its descendants are no wider */
        continue;
      }
      var y = rowTop(depth[i]);
      if (y < top || y > bottom) {
        continue;
      }
      drawLabel(i, xpad + (start[i] - start[z]) * k, w, false);
    }
    lctx.globalAlpha = 1;
    if (opts.strokeColor) {
      drawOutlines(z, k, top, bottom);
    }
  }

  /* --stroke-color: one device pixel inside the edges of every frame at
   * least two device pixels wide, on the pixels the frame itself covers. */
  function drawOutlines(z, k, top, bottom) {
    lctx.setTransform(1, 0, 0, 1, 0, 0);
    lctx.strokeStyle = opts.strokeColor;
    lctx.lineWidth = 1;
    var kd = k * sx;
    var base = xpad * sx - start[z] * kd;
    var hi = end[z];
    for (var i = z; i < hi; i++) {
      var a = (base + start[i] * kd + 0.5) | 0;
      var b = (base + (start[i] + size[i]) * kd + 0.5) | 0;
      if (b - a < 2) {
        i = end[i] - 1; /* its descendants are no wider */
        continue;
      }
      var y = rowTop(depth[i]);
      if (y < top || y > bottom) {
        continue;
      }
      var y1 = Math.round((y - offset) * sy);
      var y2 = Math.round((y + rowH - offset) * sy);
      lctx.strokeRect(a + 0.5, y1 + 0.5, b - a - 1, y2 - y1 - 1);
    }
  }

  /* ---- Outlines of the hovered and the selected frame ---- */

  function placeMark(el, i) {
    if (!inView(i)) {
      el.style.display = 'none';
      return;
    }
    var r = geometry(i);
    el.style.display = 'block';
    el.style.left = r.x + 'px';
    el.style.top = r.y + 'px';
    el.style.width = Math.max(r.w, 1) + 'px';
    el.style.height = r.h + 'px';
  }

  function drawMarks() {
    placeMark(hoverEl, hovered);
    placeMark(selectionEl, selected);
  }

  /* ---- Drawing ---- */

  /* Which rows the window shows: from the scroll position and where the
   * chart sits in the page (read at layout, so a draw forces no layout). */
  var chartTop = 0;

  function place() {
    offset = Math.max(0, Math.min(chartH - viewH, (window.pageYOffset || 0) - chartTop));
  }

  function draw() {
    if (!started) {
      return;
    }
    place();
    drawFrames();
    drawLabels();
    drawMarks();
  }

  /* Only the frames' colours changed: the labels stay. */
  function drawColors() {
    if (started) {
      place();
      drawFrames();
    }
  }

  var drawPending = false;

  function drawSoon() {
    if (!drawPending) {
      drawPending = true;
      window.requestAnimationFrame(function () {
        drawPending = false;
        draw();
      });
    }
  }

  /* ---- Finding the frame under a point ---- */

  var byDepth = null; /* per depth, the frames of that row in order */

  function indexRows() {
    var n = new Int32Array(depthMax + 2);
    var i;
    for (i = 0; i < count; i++) {
      n[depth[i] + 1]++;
    }
    for (var d = 1; d <= depthMax + 1; d++) {
      n[d] += n[d - 1];
    }
    var all = new Int32Array(count);
    var fill = n.slice(0, depthMax + 1);
    for (i = 0; i < count; i++) {
      all[fill[depth[i]]++] = i;
    }
    byDepth = [];
    for (d = 0; d <= depthMax; d++) {
      byDepth.push(all.subarray(n[d], n[d + 1]));
    }
  }

  /* The frame at chart point (x, y), or -1. */
  function hit(x, y) {
    if (count === 0 || x < xpad || x >= W - xpad || y < 0 || y >= chartH) {
      return -1;
    }
    var r = Math.floor(y / fh);
    var d = opts.inverted ? r : depthMax - r;
    if (d < 0 || d > depthMax || y - r * fh >= fh) {
      return -1;
    }
    var z = root();
    if (zoomed > 0 && d < depth[zoomed]) {
      for (var a = parent[zoomed]; a >= 0; a = parent[a]) {
        if (depth[a] === d) {
          return a;
        }
      }
      return -1;
    }
    if (!byDepth) {
      indexRows();
    }
    var s = start[z] + (x - xpad) / scale();
    var row = byDepth[d];
    var lo = 0;
    var hi = row.length;
    while (lo < hi) { /* the first frame that starts after s */
      var mid = (lo + hi) >> 1;
      if (start[row[mid]] <= s) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    var i = lo > 0 ? row[lo - 1] : -1;
    if (i < z || i >= end[z] || !(s < start[i] + size[i])) {
      return -1;
    }
    return i;
  }

  function pointAt(ev) {
    var rect = chart.getBoundingClientRect();
    return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
  }

  function pointerFrame() {
    return pointer ? hit(pointer.x, pointer.y) : -1;
  }

  chart.addEventListener('mousemove', function (ev) {
    pointer = pointAt(ev);
    var i = pointerFrame();
    chart.style.cursor = i >= 0 ? 'pointer' : '';
    if (opts.onHover) {
      opts.onHover(i, ev);
    }
  });
  chart.addEventListener('mouseleave', function (ev) {
    pointer = null;
    if (opts.onHover) {
      opts.onHover(-1, ev);
    }
  });
  chart.addEventListener('click', function (ev) {
    pointer = pointAt(ev);
    if (opts.onClick) {
      opts.onClick(pointerFrame(), ev);
    }
  });

  /* ---- What the page and the model call ---- */

  return {
    start: function () {
      started = true;
      layout();
      draw();
      window.addEventListener('scroll', function () {
        if (chartH > viewH) {
          drawSoon(); /* the window shows other rows now */
        }
      }, { passive: true });
      /* the page above the chart may change height (fonts, the table) */
      if (window.ResizeObserver) {
        new ResizeObserver(function () {
          var top = chart.getBoundingClientRect().top + (window.pageYOffset || 0);
          if (top !== chartTop) {
            chartTop = top;
            drawSoon();
          }
        }).observe(doc.body);
      }
    },
    resize: function () {
      if (started) {
        layout();
        draw();
      }
    },
    redraw: draw,
    setZoom: function (z) {
      zoomed = z > 0 && z < count ? z : -1;
      draw();
    },
    setHighlight: function (flags, rgb) {
      highlight = flags;
      highlightPx = pack(rgb, 255);
      highlightFadedPx = pack(rgb, FADED_ALPHA);
      drawColors();
    },
    setFocus: function (flags) {
      focus = flags;
      drawColors();
    },
    setHover: function (i) {
      hovered = i;
      placeMark(hoverEl, i);
    },
    setSelection: function (i) {
      selected = i;
      placeMark(selectionEl, i);
    },
    /* the frame now under the pointer (after a zoom moved the frames) */
    pointerFrame: pointerFrame,
    chartWidth: function () {
      return W - 2 * xpad;
    },
    inView: inView,
    hit: hit,
    /* for scripts and tests: frame i's box in the window's CSS pixels */
    frameRect: function (i) {
      var r = geometry(i);
      var c = chart.getBoundingClientRect();
      return { x: c.left + r.x, y: c.top + r.y, w: r.w, h: r.h, visible: inView(i), faded: r.faded };
    },
    labels: function () {
      var c = chart.getBoundingClientRect();
      var out = [];
      for (var k = 0; k < drawnLabels.length; k += 4) {
        out.push({
          frame: drawnLabels[k], text: drawnLabels[k + 1], x: c.left + drawnLabels[k + 2],
          y: c.top + drawnLabels[k + 3], width: textWidth(drawnLabels[k + 1])
        });
      }
      return out;
    },
    canvas: canvas,
    labelCanvas: labelCanvas
  };
}
