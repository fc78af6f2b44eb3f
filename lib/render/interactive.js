/*
 * interactive.js - the script embedded at the end of every SVG that
 * cflamegraph writes (docs/svg-format.md describes the document it works
 * on and what it adds to it).
 *
 * It is embedded inside a CDATA section, so this file must never contain
 * the three characters that close one.  Plain ES5 plus typed arrays, no
 * modules, no dependencies; it works in a standalone SVG document and in an
 * SVG opened through <object> or <iframe>.  tools/embed.c strips comments
 * and indentation when it embeds the file: keep every comment in block
 * form, on lines of its own or at the end of a line of code.
 *
 * Speed is the point.  In a browser the cost of loading a graph is parsing,
 * styling, laying out and painting its elements, and the cost of a zoom is
 * the number of elements whose style or geometry changes.  So:
 *  - loading does no work per frame: the structure (start and width in
 *    samples, depth, parent, subtree end) comes from one attribute,
 *    data-frames, and frame elements are looked up by index only when a
 *    zoom or a search needs them;
 *  - a zoom does not move the frames one by one.  It sets ONE transform on
 *    #frames that stretches the zoomed frame's x range to the full width:
 *    the subtree lands where it belongs, and everything outside the subtree
 *    moves out of the picture (two strips of background cover the side
 *    padding).  Then only a few frames are touched: the ancestors (full
 *    width, faded), the subtree frames whose rounded x/width would be off
 *    by more than MAX_ERROR pixels once stretched (they get exact
 *    coordinates; which ones is worked out, not read), and frames outside
 *    the subtree that rounding would let peek in (hidden);
 *  - the writer's labels live in their own layer (#labels), which is not
 *    stretched: it is hidden while zoomed, and the zoomed view's labels are
 *    drawn in another unstretched layer (#zoom-labels), only for frames
 *    wide enough for one.
 * Frames come in depth-first pre-order, so the subtree of frame i is the
 * contiguous run i .. end[i]-1.  Labels are fitted with the character-width
 * estimate, then measured once per zoom, all reads in one layout, and cut
 * further only where the font in use would overrun the frame.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var HIGHLIGHT_FILL = 'rgb(230,0,230)';
  var MAX_ERROR = 0.35; /* pixels a stretched frame edge may be off */

  var perf = window.performance && performance.mark ? performance : null;
  if (perf) {
    perf.mark('cflamegraph-start'); /* with cflamegraph-ready: the script's own cost */
  }

  var doc = document;
  var framesEl = doc.getElementById('frames');
  if (!framesEl) {
    return;
  }
  var svgRoot = framesEl.ownerSVGElement || doc.documentElement;
  var labelsEl = doc.getElementById('labels');

  var detailsEl = doc.getElementById('details');
  var unzoomEl = doc.getElementById('unzoom');
  var searchEl = doc.getElementById('search');
  var ignorecaseEl = doc.getElementById('ignorecase');
  var matchedEl = doc.getElementById('matched');

  function numAttr(name, fallback) {
    var v = parseFloat(framesEl.getAttribute(name));
    return isFinite(v) ? v : fallback;
  }

  var total = numAttr('data-total', 0);
  var factor = numAttr('data-factor', 1) || 1;
  var xpad = numAttr('data-xpad', 10);
  var imageWidth = numAttr('data-width', 1200);
  var charWidth = numAttr('data-fontsize', 12) * numAttr('data-fontwidth', 0.59);
  var frameHeight = numAttr('data-frameheight', 16);
  var nameType = framesEl.getAttribute('data-nametype');
  if (nameType === null) {
    nameType = 'Function:';
  }
  var searchFill = framesEl.getAttribute('data-searchcolor') || HIGHLIGHT_FILL;
  var truncateLeft = framesEl.getAttribute('data-truncate') === 'left';
  var chartWidth = imageWidth - 2 * xpad;
  var pxPerSample = total > 0 ? chartWidth / total : 0;

  function firstChild(el, tag) {
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName === tag) {
        return c;
      }
    }
    return null;
  }

  /* The frame element (a child of #frames) that node is in, or null. */
  function frameElOf(node) {
    while (node && node.parentNode !== framesEl) {
      node = node.parentNode;
    }
    return node && firstChild(node, 'rect') ? node : null;
  }

  function tipOfEl(el) {
    var t = el.firstElementChild;
    if (!t || t.localName !== 'title') {
      t = firstChild(el, 'title');
    }
    return t ? t.textContent : '';
  }

  /* ---- Structure, from data-frames -------------------------------------- */

  /*
   * data-frames on #frames holds, per frame in document order, its width
   * in samples, its start where it does not follow from its siblings, and
   * how far it climbs from the previous frame (docs/svg-format.md).  Read
   * at load into typed arrays: start and size in samples, depth, parent,
   * subtree end (frames come in depth-first pre-order, so the subtree of
   * frame i is the run i .. end[i]-1).  The frames' elements are looked up
   * only when needed, by index, as children of #frames.
   */
  var table = framesEl.getAttribute('data-frames') || '';
  var capacity = framesEl.childElementCount; /* one frame per child */
  var start = new Float64Array(capacity);
  var size = new Float64Array(capacity);
  var depth = new Int32Array(capacity);
  var parent = new Int32Array(capacity);
  var end = new Int32Array(capacity);
  var count = (function readTable() {
    var n = 0;
    var next = []; /* next[d]: where the next child of the open frame at depth d starts */
    var stack = [];
    var d = 0;
    var k = 0;
    var len = table.length;
    while (k < len) {
      if (n > 0) {
        var c = table.charCodeAt(k);
        if (c === 44) { /* ',' : a child of the previous frame */
          d++;
          k++;
        } else {
          d++;
          while (k < len && table.charCodeAt(k) === 59) { /* ';' : one level up */
            d--;
            k++;
          }
        }
      }
      /* digits are summed here; anything else (a fraction) goes to Number */
      var e = k;
      var w = 0;
      var plain = true;
      while (e < len && (c = table.charCodeAt(e)) !== 44 && c !== 59 && c !== 64) {
        if (c >= 48 && c <= 57) {
          w = w * 10 + (c - 48);
        } else {
          plain = false;
        }
        e++;
      }
      if (!plain || e === k || e - k > 15) {
        w = e > k ? +table.substring(k, e) : NaN;
      }
      var s = d > 0 ? next[d - 1] : 0;
      if (c === 64 && e < len) { /* '@' : the start, written */
        k = e + 1;
        e = k;
        while (e < len && (c = table.charCodeAt(e)) !== 44 && c !== 59) {
          e++;
        }
        s = +table.substring(k, e);
      }
      k = e;
      if (!(w >= 0) || !(s >= 0) || d < 0 || n >= capacity) {
        return 0; /* not a table this script can read, or not these frames */
      }
      while (stack.length && depth[stack[stack.length - 1]] >= d) {
        end[stack.pop()] = n;
      }
      parent[n] = stack.length ? stack[stack.length - 1] : -1;
      stack.push(n);
      start[n] = s;
      size[n] = w;
      depth[n] = d;
      if (d > 0) {
        next[d - 1] = s + w;
      }
      next[d] = s;
      n++;
    }
    while (stack.length) {
      end[stack.pop()] = n;
    }
    return n === framesEl.childElementCount ? n : 0; /* else the document was edited */
  })();
  table = null;

  /* Element, rectangle and name of frame i, looked up when first needed. */
  var frameEls = [];
  var rects = [];
  var names = [];

  function frameEl(i) {
    var el = frameEls[i];
    if (!el) {
      el = frameEls[i] = framesEl.children[i];
    }
    return el;
  }

  function rectOf(i) {
    var r = rects[i];
    if (!r) {
      var el = frameEl(i);
      r = el.firstElementChild;
      r = r && r.nextElementSibling;
      if (!r || r.localName !== 'rect') {
        r = firstChild(el, 'rect');
      }
      rects[i] = r;
    }
    return r;
  }

  function nameOf(i) {
    var nm = names[i];
    if (nm === undefined) {
      var t = tipOfEl(frameEl(i));
      var cut = t.lastIndexOf(' (');
      nm = cut >= 0 ? t.substring(0, cut) : t;
      names[i] = nm;
    }
    return nm;
  }

  function frameIndexOf(node) {
    var el = frameElOf(node);
    return el ? Array.prototype.indexOf.call(framesEl.children, el) : -1;
  }

  /* Baseline of frame i's label: rows are frameHeight apart from the root's. */
  var rootY = NaN;
  var labelDy = NaN;
  var inverted = framesEl.getAttribute('data-inverted') === '1';

  function labelY(i) {
    if (rootY !== rootY) {
      var r = rectOf(0);
      rootY = parseFloat(r.getAttribute('y')) || 0;
      var h = parseFloat(r.getAttribute('height'));
      labelDy = (isFinite(h) ? h : frameHeight - 1) / 2 + 3;
    }
    var y = inverted ? rootY + depth[i] * frameHeight : rootY - depth[i] * frameHeight;
    return Math.round((y + labelDy) * 100) / 100;
  }

  function percentText(part, whole) {
    if (part === whole) {
      return '100%';
    }
    return (whole > 0 ? 100 * part / whole : 0).toFixed(2) + '%';
  }

  /* ---- Details line and hover ------------------------------------------ */

  var zoomed = -1; /* index of the zoomed frame, -1 when showing everything */
  var hoveredEl = null;

  function setDetails(s) {
    if (detailsEl) {
      detailsEl.textContent = s;
    }
  }

  function showDetails(el) {
    var t = tipOfEl(el);
    var s = nameType ? nameType + ' ' + t : t;
    if (zoomed > 0) {
      var i = frameIndexOf(el);
      if (i >= zoomed && i < end[zoomed]) {
        s += ' \u2014 ' + percentText(size[i], size[zoomed]) + ' of zoomed frame';
      }
    }
    setDetails(s);
  }

  function setHover(el) {
    if (hoveredEl === el) {
      return;
    }
    if (hoveredEl) {
      firstChild(hoveredEl, 'rect').classList.remove('hover');
    }
    hoveredEl = el;
    if (el) {
      firstChild(el, 'rect').classList.add('hover');
      showDetails(el);
    } else {
      setDetails(' ');
    }
  }

  framesEl.addEventListener('mouseover', function (ev) {
    var el = frameElOf(ev.target);
    if (el) {
      setHover(el);
    }
  });

  framesEl.addEventListener('mouseout', function (ev) {
    if (hoveredEl && !hoveredEl.contains(ev.relatedTarget)) {
      setHover(null);
    }
  });

  /* ---- Geometry --------------------------------------------------------- */

  /* Full-view x of sample s: where the writer put it, before rounding. */
  function exactX(s) {
    return xpad + s * pxPerSample;
  }

  /* The writer's (rounded) x and width, read when first needed. */
  var writtenX, writtenW;

  function readWritten(i) {
    if (writtenX[i] !== writtenX[i]) { /* NaN: not read yet */
      var r = rectOf(i);
      writtenX[i] = parseFloat(r.getAttribute('x'));
      writtenW[i] = parseFloat(r.getAttribute('width'));
    }
  }

  /*
   * The writer rounds x and the right edge to a number of decimals (one,
   * for flamegraph.pl's parity), found from a sample of frames.  A zoom
   * works out each frame's written edges from its exact ones instead of
   * reading them; a value too close to a rounding tie to be sure of counts
   * as off.
   */
  var scaleDecimals = -1;

  function measureDecimals() {
    var decimals = 0;
    for (var i = 0; i < count && i < 400; i++) {
      var v = rectOf(i).getAttribute('x') + ' ' + rectOf(i).getAttribute('width');
      var m = v.match(/\.[0-9]+/g);
      for (var k = 0; m && k < m.length; k++) {
        decimals = Math.max(decimals, m[k].length - 1);
      }
    }
    scaleDecimals = Math.pow(10, decimals);
  }

  /* v as the writer rounds it, NaN when too close to a tie to tell */
  function writtenValue(v) {
    var t = v * scaleDecimals;
    var f = Math.floor(t);
    var frac = t - f;
    if (Math.abs(frac - 0.5) < 1e-6) {
      return NaN;
    }
    return (frac < 0.5 ? f : f + 1) / scaleDecimals;
  }

  function round3(v) {
    return Math.round(v * 1000) / 1000;
  }

  /* Frames a zoom changed (exact geometry, hidden, faded), to undo later. */
  var CHANGED_GEOMETRY = 1;
  var CHANGED_HIDDEN = 2;
  var CHANGED_FADED = 4;
  var changed, wanted;
  var changedList = [];
  var wantedList = [];

  function want(i, what) {
    if (!wanted[i]) {
      wantedList.push(i);
    }
    wanted[i] |= what;
  }

  /* Local (unstretched) coordinates: the transform does the stretching. */
  function setLocalGeometry(i, x, w) {
    var r = rectOf(i);
    r.setAttribute('x', round3(x));
    r.setAttribute('width', round3(w));
  }

  function restoreGeometry(i) {
    var r = rectOf(i);
    readWritten(i); /* read before the first change, so always set here */
    r.setAttribute('x', String(writtenX[i]));
    r.setAttribute('width', String(writtenW[i]));
  }

  /* Brings every frame from its `changed` state to its `wanted` state. */
  function applyWanted() {
    var i, k, now, was;
    for (k = 0; k < changedList.length; k++) {
      i = changedList[k];
      if (!wanted[i]) {
        wantedList.push(i); /* visit it below to undo its changes */
      }
    }
    for (k = 0; k < wantedList.length; k++) {
      i = wantedList[k];
      now = wanted[i];
      was = changed[i];
      if ((was & CHANGED_GEOMETRY) && !(now & CHANGED_GEOMETRY)) {
        restoreGeometry(i);
      }
      if ((was ^ now) & CHANGED_HIDDEN) {
        frameEl(i).style.display = now & CHANGED_HIDDEN ? 'none' : '';
      }
      if ((was ^ now) & CHANGED_FADED) {
        /* on the rectangle: an unboxed <g> draws no opacity of its own */
        rectOf(i).style.opacity = now & CHANGED_FADED ? '0.5' : '';
      }
      changed[i] = now;
      wanted[i] = 0;
    }
    changedList = [];
    for (k = 0; k < wantedList.length; k++) {
      if (changed[wantedList[k]]) {
        changedList.push(wantedList[k]);
      }
    }
    wantedList = [];
  }

  /* ---- Labels ----------------------------------------------------------- */

  /* Same rule as the writer: floor(w / char width) characters, at least 3,
   * the last two replaced by ".." when the name is cut.  "" for no label. */
  function labelFor(i, w) {
    var chars = Math.floor(w / charWidth);
    if (chars < 3) {
      return '';
    }
    var name = nameOf(i);
    if (name.length <= chars) {
      return name;
    }
    var keep = chars - 2;
    if (truncateLeft) {
      return '..' + lastChars(name, keep);
    }
    var code = name.charCodeAt(keep - 1);
    if (code >= 0xd800 && code <= 0xdbff) {
      keep--; /* do not split a surrogate pair */
    }
    return name.substring(0, keep) + '..';
  }

  /* --truncate left: the last keep characters, not starting inside a pair. */
  function lastChars(name, keep) {
    var from = name.length - keep;
    var code = name.charCodeAt(from);
    return name.substring(code >= 0xdc00 && code <= 0xdfff ? from + 1 : from);
  }

  /* Labels made for the zoomed view, with their frame and room, to check
   * against the real text widths once they are laid out (fitLabels). */
  var newLabels = [];

  function addLabel(frag, i, x, w, faded) {
    var s = labelFor(i, w);
    if (!s) {
      return;
    }
    var t = doc.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', Math.round((x + 3) * 10) / 10);
    t.setAttribute('y', labelY(i));
    if (faded) {
      t.setAttribute('opacity', '0.5');
    }
    t.textContent = s;
    frag.appendChild(t);
    newLabels.push(t, i, w - 3);
  }

  /*
   * The estimate (fontwidth per character) is flamegraph.pl's rule and
   * usually right, but a name of wide letters in the font the browser
   * found can overrun its frame.  So each new label is measured once, all
   * reads before any write (one layout), and one that overruns is cut
   * further, to the longest prefix that fits with "..", or dropped.
   */
  var dotsWidth = -1;

  /* The width of "..", measured once, in the layer where labels are drawn. */
  function measureDots(layer) {
    var probe = doc.createElementNS(SVG_NS, 'text');
    probe.textContent = '..';
    layer.appendChild(probe);
    var w = probe.getComputedTextLength();
    layer.removeChild(probe);
    return w > 0 ? w : 2 * charWidth;
  }

  function fitLabels() {
    var list = newLabels;
    newLabels = [];
    var cuts = [];
    var k, t, len, room;
    for (k = 0; k < list.length; k += 3) {
      t = list[k];
      room = list[k + 2];
      var used;
      try {
        used = t.getComputedTextLength();
      } catch (err) {
        return; /* not laid out (a hidden document): keep the estimate */
      }
      if (used <= room + 0.5) {
        continue;
      }
      len = t.textContent.length;
      var cut = truncateLeft ? t.textContent.slice(0, 2) === '..' : t.textContent.slice(-2) === '..';
      if (dotsWidth < 0) {
        dotsWidth = measureDots(t.parentNode);
      }
      var keep = (cut ? len - 2 : len) - 1;
      /* prefix and ".." measured apart, without the kerning between
       * them, which before a period almost always brings the two closer */
      while (keep > 0 && t.getSubStringLength(truncateLeft ? len - keep : 0, keep) + dotsWidth > room + 0.5) {
        keep--;
      }
      cuts.push(t, list[k + 1], keep);
    }
    for (k = 0; k < cuts.length; k += 3) {
      t = cuts[k];
      keep = cuts[k + 2];
      if (keep > 0 && truncateLeft) {
        t.textContent = '..' + lastChars(nameOf(cuts[k + 1]), keep);
        continue;
      }
      var code = keep > 0 ? nameOf(cuts[k + 1]).charCodeAt(keep - 1) : 0;
      if (code >= 0xd800 && code <= 0xdbff) {
        keep--; /* do not split a surrogate pair */
      }
      if (keep > 0) {
        t.textContent = nameOf(cuts[k + 1]).substring(0, keep) + '..';
      } else {
        t.parentNode.removeChild(t);
      }
    }
  }

  /* ---- Zoom ------------------------------------------------------------- */

  /* Made at the first zoom: the zoomed view's label layer, and background
   * strips over the side padding. */
  var zoomLabels = null;
  var strips = [];

  function makeZoomLayers() {
    if (zoomLabels) {
      return;
    }
    zoomLabels = doc.createElementNS(SVG_NS, 'g');
    zoomLabels.setAttribute('id', 'zoom-labels');
    zoomLabels.setAttribute('pointer-events', 'none');
    var after = labelsEl && labelsEl.parentNode === svgRoot ? labelsEl : framesEl;
    svgRoot.insertBefore(zoomLabels, after.nextSibling);
    var bg = doc.getElementById('bg');
    var fill = bg ? bg.getAttribute('fill') : 'white';
    var y = bg ? bg.getAttribute('y') || '0' : '0';
    var h = bg ? bg.getAttribute('height') : '100%';
    for (var k = 0; k < 2; k++) {
      var r = doc.createElementNS(SVG_NS, 'rect');
      r.setAttribute('x', k === 0 ? 0 : imageWidth - xpad);
      r.setAttribute('y', y);
      r.setAttribute('width', xpad);
      r.setAttribute('height', h);
      r.setAttribute('fill', fill);
      r.setAttribute('display', 'none');
      svgRoot.insertBefore(r, zoomLabels.nextSibling);
      strips.push(r);
    }
    changed = new Uint8Array(count);
    wanted = new Uint8Array(count);
    writtenX = new Float64Array(count).fill(NaN);
    writtenW = new Float64Array(count);
    measureDecimals();
  }

  function isAncestor(a, i) {
    return a < i && end[a] > i; /* pre-order: i lies in a's run */
  }

  function zoomTo(z) {
    if (z <= 0 || z >= count || !(size[z] > 0) || !(pxPerSample > 0)) {
      unzoom();
      return;
    }
    if (z === zoomed) {
      return;
    }
    makeZoomLayers();
    var last = end[z];
    var s0 = start[z];
    var s1 = s0 + size[z];
    var stretch = total / size[z];
    var left = exactX(s0); /* local x that lands on xpad */
    var right = exactX(s1);
    var shift = xpad - stretch * left;
    var scale = chartWidth / size[z]; /* screen px per sample */
    var minLabel = 3 * charWidth / scale; /* samples: narrower frames get no label */
    var frag = doc.createDocumentFragment();
    var a, i, x, w;

    /* Ancestors: the full width, faded. */
    for (a = parent[z]; a >= 0; a = parent[a]) {
      readWritten(a);
      setLocalGeometry(a, left, right - left);
      want(a, CHANGED_GEOMETRY | CHANGED_FADED);
      addLabel(frag, a, xpad, chartWidth, true);
    }

    /* The subtree: stretched by the transform; exact where rounding shows
     * (worked out, not read: no frame is visited in the document). */
    var tolerance = MAX_ERROR / stretch; /* in local pixels */
    var check = 1 / scaleDecimals > tolerance; /* the right edge may be off by two roundings */
    for (i = z; i < last; i++) {
      if (check) {
        x = exactX(start[i]);
        var x2 = exactX(start[i] + size[i]);
        var wx = writtenValue(x);
        var wx2 = writtenValue(x2);
        if (!(Math.abs(wx - x) <= tolerance && Math.abs(wx2 - x2) <= tolerance)) {
          want(i, CHANGED_GEOMETRY);
        }
      }
      if (size[i] >= minLabel) {
        addLabel(frag, i, xpad + (start[i] - s0) * scale, size[i] * scale, false);
      }
    }

    /* Frames outside the subtree whose rounded edges may reach into it. */
    var near = 1 / pxPerSample; /* one full-view pixel, in samples */
    for (i = 0; i < count; i++) {
      if (i === z) {
        i = last - 1;
        continue;
      }
      var e = start[i] + size[i];
      if ((Math.abs(e - s0) < near || Math.abs(start[i] - s1) < near) && !isAncestor(i, z)) {
        want(i, CHANGED_HIDDEN);
      }
    }

    for (i = z; i < last && check; i++) {
      if (wanted[i] & CHANGED_GEOMETRY) {
        readWritten(i); /* to restore it later */
        setLocalGeometry(i, exactX(start[i]), size[i] * pxPerSample);
      }
    }
    applyWanted();
    framesEl.setAttribute('transform',
      'matrix(' + stretch + ',0,0,1,' + shift + ',0)');
    if (zoomed < 0) {
      if (labelsEl) {
        labelsEl.style.visibility = 'hidden';
      }
      strips[0].removeAttribute('display');
      strips[1].removeAttribute('display');
    }
    zoomLabels.textContent = '';
    zoomLabels.appendChild(frag);
    fitLabels();
    if (unzoomEl) {
      unzoomEl.classList.remove('hide');
    }
    zoomed = z;
    if (hoveredEl) {
      showDetails(hoveredEl);
    }
    updateUrl();
  }

  function unzoom() {
    if (zoomed < 0) {
      return;
    }
    applyWanted(); /* nothing wanted: undo every change */
    framesEl.removeAttribute('transform');
    zoomLabels.textContent = '';
    if (labelsEl) {
      labelsEl.style.visibility = '';
    }
    strips[0].setAttribute('display', 'none');
    strips[1].setAttribute('display', 'none');
    if (unzoomEl) {
      unzoomEl.classList.add('hide');
    }
    zoomed = -1;
    if (hoveredEl) {
      showDetails(hoveredEl);
    }
    updateUrl();
  }

  framesEl.addEventListener('click', function (ev) {
    var el = frameElOf(ev.target);
    if (!el) {
      return;
    }
    if (el.localName === 'a' && (ev.ctrlKey || ev.metaKey)) {
      return; /* let the browser follow the link */
    }
    ev.preventDefault();
    zoomTo(frameIndexOf(el));
  });

  if (unzoomEl) {
    unzoomEl.addEventListener('click', function () {
      unzoom();
    });
  }

  /* ---- Search ----------------------------------------------------------- */

  var searchTerm = null; /* the current regular expression source, or null */
  var ignoreCase = false;
  var highlighted = [];
  var origFill = [];

  function clearHighlight() {
    for (var k = 0; k < highlighted.length; k++) {
      rectOf(highlighted[k]).setAttribute('fill', origFill[k]);
    }
    highlighted = [];
    origFill = [];
  }

  function matchedText(covered) {
    var pct = total > 0 ? 100 * covered / total : 0;
    return 'Matched: ' + (pct === 100 ? '100' : pct.toFixed(1)) + '%';
  }

  function resetSearch() {
    clearHighlight();
    searchTerm = null;
    if (searchEl) {
      searchEl.textContent = 'Search';
      searchEl.classList.remove('show');
    }
    if (matchedEl) {
      matchedEl.textContent = ' ';
    }
    updateUrl();
  }

  /* Returns false, after saying why, when term is not a valid RegExp. */
  function search(term) {
    if (term === null || term === '') {
      resetSearch();
      return true;
    }
    var re;
    try {
      re = new RegExp(term, ignoreCase ? 'i' : '');
    } catch (err) {
      setDetails('Invalid regular expression: ' + term);
      return false;
    }
    clearHighlight();
    searchTerm = term;

    /* Pre-order walk: a match inside an already counted match is skipped.
     * Matches are collected first, then recoloured. */
    var covered = 0;
    var countedUntil = 0;
    for (var i = 0; i < count; i++) {
      if (re.test(nameOf(i))) {
        highlighted.push(i);
        if (i >= countedUntil) {
          covered += size[i];
          countedUntil = end[i];
        }
      }
    }
    for (var k = 0; k < highlighted.length; k++) {
      origFill.push(rectOf(highlighted[k]).getAttribute('fill'));
    }
    for (k = 0; k < highlighted.length; k++) {
      rectOf(highlighted[k]).setAttribute('fill', searchFill);
    }

    if (searchEl) {
      searchEl.textContent = 'Reset Search';
      searchEl.classList.add('show');
    }
    if (matchedEl) {
      matchedEl.textContent = matchedText(covered);
    }
    updateUrl();
    return true;
  }

  function promptSearch() {
    var term = window.prompt('Search for (regular expression):',
      searchTerm === null ? '' : searchTerm);
    if (term !== null) {
      search(term);
    }
  }

  function setIgnoreCase(on) {
    ignoreCase = on;
    if (ignorecaseEl) {
      if (on) {
        ignorecaseEl.classList.add('show');
      } else {
        ignorecaseEl.classList.remove('show');
      }
    }
    if (searchTerm !== null) {
      search(searchTerm);
    } else {
      updateUrl();
    }
  }

  if (searchEl) {
    searchEl.addEventListener('click', function () {
      if (searchTerm !== null) {
        resetSearch();
      } else {
        promptSearch();
      }
    });
  }
  if (ignorecaseEl) {
    ignorecaseEl.addEventListener('click', function () {
      setIgnoreCase(!ignoreCase);
    });
  }

  window.addEventListener('keydown', function (ev) {
    var key = ev.key;
    var ctrl = ev.ctrlKey || ev.metaKey;
    if (key === 'F3' || (ctrl && (key === 'f' || key === 'F'))) {
      ev.preventDefault();
      promptSearch();
    } else if (ctrl && (key === 'i' || key === 'I')) {
      ev.preventDefault();
      setIgnoreCase(!ignoreCase);
    } else if (key === 'Escape') {
      if (zoomed > 0) {
        unzoom();
      } else if (searchTerm !== null) {
        resetSearch();
      }
    }
  });

  /* ---- State in the URL: ?f=<frame index>&s=<regex>&i=1 ----------------- */

  var restoring = true; /* no URL writes while applying the URL */
  var urlPending = false;

  /* Written when the browser is idle: the new view is on screen first. */
  function updateUrl() {
    if (restoring || urlPending || !window.history || !history.replaceState) {
      return;
    }
    urlPending = true;
    if (window.requestIdleCallback) {
      window.requestIdleCallback(writeUrl, { timeout: 300 });
    } else {
      setTimeout(writeUrl, 50);
    }
  }

  function writeUrl() {
    urlPending = false;
    try {
      var params = new URLSearchParams(location.search);
      params.delete('x');
      params.delete('y');
      params.delete('f');
      params.delete('s');
      params.delete('i');
      if (zoomed > 0) {
        params.set('f', String(zoomed));
      }
      if (searchTerm !== null) {
        params.set('s', searchTerm);
      }
      if (ignoreCase) {
        params.set('i', '1');
      }
      var q = params.toString();
      history.replaceState(history.state, '',
        location.pathname + (q ? '?' + q : '') + location.hash);
    } catch (err) {
      /* e.g. a sandboxed frame: the view works, the URL just does not follow */
    }
  }

  /* flamegraph.pl-style links (?x=..&y=..) name a frame by its position. */
  function frameAt(x, y) {
    for (var i = 0; i < count; i++) {
      var r = rectOf(i);
      if (Math.abs(parseFloat(r.getAttribute('y')) - y) < 0.5 &&
          Math.abs(parseFloat(r.getAttribute('x')) - x) < 0.5) {
        return i;
      }
    }
    return -1;
  }

  (function restoreFromUrl() {
    var params;
    try {
      params = new URLSearchParams(location.search);
    } catch (err) {
      return;
    }
    if (params.get('i') === '1') {
      setIgnoreCase(true);
    }
    var s = params.get('s');
    if (s) {
      search(s);
    }
    var f = params.get('f');
    if (f !== null && /^[0-9]+$/.test(f)) {
      zoomTo(parseInt(f, 10));
    } else if (params.get('x') !== null && params.get('y') !== null) {
      var z = frameAt(parseFloat(params.get('x')), parseFloat(params.get('y')));
      if (z > 0) {
        zoomTo(z);
      }
    }
  })();
  restoring = false;

  /* The zoom's layers, made while the browser is idle after the load. */
  if (window.requestIdleCallback) {
    window.requestIdleCallback(function () {
      if (count > 0) {
        makeZoomLayers();
      }
    }, { timeout: 1000 });
  }

  if (perf) {
    perf.mark('cflamegraph-ready');
  }
})();
