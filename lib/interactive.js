/*
 * interactive.js - the script embedded at the end of every SVG that
 * cflamegraph writes (see docs/svg-format.md for the document it works on,
 * docs/interactive.md for what a person can do with it).
 *
 * It is embedded inside a CDATA section, so this file must never contain
 * the three characters that close one.  Plain ES2017, no modules, no
 * dependencies; it works in a standalone SVG document and in an SVG opened
 * through <object> or <iframe>.
 *
 * Speed is the point, and in a browser the cost of a zoom is the number of
 * elements whose style or geometry changes: restyling 30,000 rectangles
 * takes half a second on a small machine whatever the script does.  So a
 * zoom does not move the frames one by one.  It sets ONE transform on
 * #frames that stretches the zoomed frame's x range to the full width: the
 * subtree lands where it belongs, and everything outside the subtree moves
 * out of the picture (two strips of background cover the side padding).
 * Then only a few frames are touched:
 *  - the ancestors, stretched to the full width and faded;
 *  - frames whose rounded x/width, once stretched, would be off by more
 *    than MAX_ERROR pixels get exact coordinates (from s and n);
 *  - frames outside the subtree that rounding would let peek in are hidden;
 *  - labels: the writer's labels would be stretched too, so they are hidden
 *    and the zoomed view's labels are drawn in a separate, unstretched layer.
 * Everything structural (depth, parent, subtree end, s and n) is computed
 * once at load into typed arrays; frames come in depth-first pre-order, so
 * the subtree of frame i is the contiguous run i .. end[i]-1.  Labels are
 * fitted with the character-width estimate, never by measuring text.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var HIGHLIGHT_FILL = 'rgb(230,0,230)';
  var MAX_ERROR = 0.2; /* pixels a stretched frame edge may be off */

  var perf = window.performance && performance.mark ? performance : null;
  if (perf) {
    perf.mark('cflamegraph-start'); /* with cflamegraph-ready: the load cost */
  }

  var doc = document;
  var framesEl = doc.getElementById('frames');
  if (!framesEl) {
    return;
  }
  var svgRoot = framesEl.ownerSVGElement || doc.documentElement;

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
  var xpad = numAttr('data-xpad', 10);
  var imageWidth = numAttr('data-width', 1200);
  var charWidth = numAttr('data-fontsize', 12) * numAttr('data-fontwidth', 0.59);
  var frameHeight = numAttr('data-frameheight', 16);
  var nameType = framesEl.getAttribute('data-nametype');
  if (nameType === null) {
    nameType = 'Function:';
  }
  var chartWidth = imageWidth - 2 * xpad;

  /* ---- Frames, read once ------------------------------------------------ */

  var frameEls = [];
  var rects = [];
  var texts = [];
  var titles = [];
  var rectY = [];
  var indexOfEl = new Map();

  for (var el = framesEl.firstElementChild; el; el = el.nextElementSibling) {
    var rect = null;
    var text = null;
    var title = null;
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
      var tag = c.localName;
      if (tag === 'rect') {
        rect = c;
      } else if (tag === 'text') {
        text = c;
      } else if (tag === 'title') {
        title = c;
      }
    }
    if (!rect) {
      continue; /* not a frame */
    }
    indexOfEl.set(el, frameEls.length);
    frameEls.push(el);
    rects.push(rect);
    texts.push(text);
    titles.push(title);
    rectY.push(parseFloat(rect.getAttribute('y')) || 0);
  }

  var count = frameEls.length;
  var start = new Float64Array(count);
  var size = new Float64Array(count);
  var depth = new Int32Array(count);
  var parent = new Int32Array(count);
  var end = new Int32Array(count);

  (function computeStructure() {
    var rootY = count ? rectY[0] : 0;
    var stack = [];
    for (var i = 0; i < count; i++) {
      var e = frameEls[i];
      start[i] = parseFloat(e.getAttribute('s')) || 0;
      size[i] = parseFloat(e.getAttribute('n')) || 0;
      depth[i] = Math.round(Math.abs(rectY[i] - rootY) / frameHeight);
      while (stack.length && depth[stack[stack.length - 1]] >= depth[i]) {
        end[stack.pop()] = i;
      }
      parent[i] = stack.length ? stack[stack.length - 1] : -1;
      stack.push(i);
    }
    while (stack.length) {
      end[stack.pop()] = count;
    }
  })();

  /* Tooltip text and name (tooltip up to the last " ("), read on demand. */
  var tips = new Array(count);
  var names = new Array(count);

  function tipOf(i) {
    var t = tips[i];
    if (t === undefined) {
      t = titles[i] ? titles[i].textContent : '';
      tips[i] = t;
    }
    return t;
  }

  function nameOf(i) {
    var n = names[i];
    if (n === undefined) {
      var t = tipOf(i);
      var cut = t.lastIndexOf(' (');
      n = cut >= 0 ? t.substring(0, cut) : t;
      names[i] = n;
    }
    return n;
  }

  function frameIndexOf(node) {
    while (node && node.parentNode !== framesEl) {
      node = node.parentNode;
    }
    if (!node) {
      return -1;
    }
    var i = indexOfEl.get(node);
    return i === undefined ? -1 : i;
  }

  function round2(v) {
    return Math.round(v * 100) / 100;
  }

  function percentText(part, whole) {
    if (part === whole) {
      return '100%';
    }
    return (whole > 0 ? 100 * part / whole : 0).toFixed(2) + '%';
  }

  /* ---- Details line ----------------------------------------------------- */

  var zoomed = -1; /* index of the zoomed frame, -1 when showing everything */
  var hovered = -1;
  var strokeFixed = new Uint8Array(count);

  function setDetails(s) {
    if (detailsEl) {
      detailsEl.textContent = s;
    }
  }

  function showDetails(i) {
    var s = nameType ? nameType + ' ' + tipOf(i) : tipOf(i);
    if (zoomed > 0 && i >= zoomed && i < end[zoomed]) {
      s += ' \u2014 ' + percentText(size[i], size[zoomed]) + ' of zoomed frame';
    }
    setDetails(s);
  }

  framesEl.addEventListener('mouseover', function (ev) {
    var i = frameIndexOf(ev.target);
    if (i >= 0) {
      hovered = i;
      showDetails(i);
      if (!strokeFixed[i]) {
        /* the hover outline must not widen with the zoom's stretch */
        rects[i].setAttribute('vector-effect', 'non-scaling-stroke');
        strokeFixed[i] = 1;
      }
    }
  });

  framesEl.addEventListener('mouseout', function (ev) {
    var i = frameIndexOf(ev.target);
    if (i >= 0 && !frameEls[i].contains(ev.relatedTarget)) {
      hovered = -1;
      setDetails(' ');
    }
  });

  /* ---- Geometry --------------------------------------------------------- */

  var pxPerSample = total > 0 ? chartWidth / total : 0;

  /* Full-view x of sample s: where the writer put it, before rounding. */
  function exactX(s) {
    return xpad + s * pxPerSample;
  }

  /* The writer's (rounded) x and width, read when first needed. */
  var writtenX = new Float64Array(count).fill(NaN);
  var writtenW = new Float64Array(count);

  function readWritten(i) {
    if (writtenX[i] !== writtenX[i]) { /* NaN: not read yet */
      writtenX[i] = parseFloat(rects[i].getAttribute('x'));
      writtenW[i] = parseFloat(rects[i].getAttribute('width'));
    }
  }

  /*
   * How far the writer's rounding can move an edge, in local pixels: half a
   * unit of the last decimal it writes (0.05 for "12.3"), from a sample of
   * frames.  When that, stretched, stays under MAX_ERROR, a zoom need not
   * read or fix any frame's geometry.
   */
  var writtenError = (function () {
    var decimals = 0;
    for (var i = 0; i < count && i < 400; i++) {
      var v = rects[i].getAttribute('x') + ' ' + rects[i].getAttribute('width');
      var m = v.match(/\.[0-9]+/g);
      for (var k = 0; m && k < m.length; k++) {
        decimals = Math.max(decimals, m[k].length - 1);
      }
    }
    return 0.5 * Math.pow(10, -decimals);
  })();

  function round3(v) {
    return Math.round(v * 1000) / 1000;
  }

  /* Frames a zoom changed (exact geometry, hidden, faded), to undo later. */
  var CHANGED_GEOMETRY = 1;
  var CHANGED_HIDDEN = 2;
  var CHANGED_FADED = 4;
  var changed = new Uint8Array(count);
  var changedList = [];
  var wanted = new Uint8Array(count); /* what the zoom being applied wants */
  var wantedList = [];

  function want(i, what) {
    if (!wanted[i]) {
      wantedList.push(i);
    }
    wanted[i] |= what;
  }

  /* Local (unstretched) coordinates: the transform does the stretching. */
  function setLocalGeometry(i, x, w) {
    var r = rects[i];
    r.setAttribute('x', round3(x));
    r.setAttribute('width', round3(w));
  }

  function restoreGeometry(i) {
    var r = rects[i];
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
        frameEls[i].style.display = now & CHANGED_HIDDEN ? 'none' : '';
      }
      if ((was ^ now) & CHANGED_FADED) {
        frameEls[i].style.opacity = now & CHANGED_FADED ? '0.5' : '';
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
    var code = name.charCodeAt(keep - 1);
    if (code >= 0xd800 && code <= 0xdbff) {
      keep--; /* do not split a surrogate pair */
    }
    return name.substring(0, keep) + '..';
  }

  var rowY = new Float64Array(count); /* label baseline per frame */
  (function computeLabelY() {
    if (!count) {
      return;
    }
    var h = parseFloat(rects[0].getAttribute('height'));
    if (!isFinite(h)) {
      h = frameHeight - 1;
    }
    for (var i = 0; i < count; i++) {
      rowY[i] = round2(rectY[i] + h / 2 + 3);
    }
  })();

  /* Labels of the zoomed view live in their own layer above #frames, so
   * that the stretch does not apply to them; clicks go through to frames. */
  var labelLayer = doc.createElementNS(SVG_NS, 'g');
  labelLayer.setAttribute('id', 'zoom-labels');
  labelLayer.setAttribute('pointer-events', 'none');
  svgRoot.insertBefore(labelLayer, framesEl.nextSibling);

  /* The writer's labels, hidden while zoomed (they would be stretched). */
  var writerLabels = [];
  for (var li = 0; li < count; li++) {
    if (texts[li]) {
      writerLabels.push(texts[li]);
    }
  }

  function showWriterLabels(on) {
    var v = on ? '' : 'hidden';
    for (var k = 0; k < writerLabels.length; k++) {
      writerLabels[k].style.visibility = v;
    }
  }

  function addLabel(frag, i, x, w, faded) {
    var s = labelFor(i, w);
    if (!s) {
      return;
    }
    var t = doc.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', round2(x + 3));
    t.setAttribute('y', rowY[i]);
    if (faded) {
      t.setAttribute('opacity', '0.5');
    }
    t.textContent = s;
    frag.appendChild(t);
  }

  /* ---- Zoom ------------------------------------------------------------- */

  /* Background strips over the side padding, shown while zoomed. */
  var strips = [];
  (function makeStrips() {
    var bg = doc.getElementById('bg');
    if (!bg) {
      for (var c = svgRoot.firstElementChild; c; c = c.nextElementSibling) {
        if (c.localName === 'rect') {
          bg = c;
          break;
        }
      }
    }
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
      svgRoot.insertBefore(r, labelLayer.nextSibling);
      strips.push(r);
    }
  })();

  function zoomTo(z) {
    if (z <= 0 || z >= count || !(size[z] > 0) || !(pxPerSample > 0)) {
      unzoom();
      return;
    }
    if (z === zoomed) {
      return;
    }
    var last = end[z];
    var s0 = start[z];
    var s1 = s0 + size[z];
    var stretch = total / size[z];
    var left = exactX(s0); /* local x that lands on xpad */
    var right = exactX(s1);
    var shift = xpad - stretch * left;
    var scale = chartWidth / size[z]; /* screen px per sample */
    var frag = doc.createDocumentFragment();
    var a, i, x, w;

    /* Ancestors: the full width, faded. */
    for (a = parent[z]; a >= 0; a = parent[a]) {
      readWritten(a);
      setLocalGeometry(a, left, right - left);
      want(a, CHANGED_GEOMETRY | CHANGED_FADED);
      addLabel(frag, a, xpad, chartWidth, true);
    }

    /* The subtree: stretched by the transform; exact where rounding shows. */
    var tolerance = MAX_ERROR / stretch; /* in local pixels */
    var check = 2 * writtenError > tolerance; /* right edge: x and width rounded */
    for (i = z; i < last; i++) {
      if (check) {
        x = exactX(start[i]);
        w = size[i] * pxPerSample;
        readWritten(i);
        if (Math.abs(writtenX[i] - x) > tolerance ||
            Math.abs(writtenX[i] + writtenW[i] - x - w) > tolerance) {
          setLocalGeometry(i, x, w);
          want(i, CHANGED_GEOMETRY);
        }
      }
      w = size[i] * scale;
      if (w >= 3 * charWidth) {
        addLabel(frag, i, xpad + (start[i] - s0) * scale, w, false);
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
      if (Math.abs(e - s0) < near || Math.abs(start[i] - s1) < near) {
        if (!isAncestor(i, z)) {
          want(i, CHANGED_HIDDEN);
        }
      }
    }

    applyWanted();
    framesEl.setAttribute('transform',
      'matrix(' + stretch + ',0,0,1,' + shift + ',0)');
    if (zoomed < 0) {
      showWriterLabels(false);
      strips[0].removeAttribute('display');
      strips[1].removeAttribute('display');
    }
    labelLayer.textContent = '';
    labelLayer.appendChild(frag);
    if (unzoomEl) {
      unzoomEl.classList.remove('hide');
    }
    zoomed = z;
    if (hovered >= 0) {
      showDetails(hovered);
    }
    updateUrl();
  }

  function isAncestor(a, i) {
    return a < i && end[a] > i; /* pre-order: i lies in a's run */
  }

  function unzoom() {
    if (zoomed < 0) {
      return;
    }
    applyWanted(); /* nothing wanted: undo every change */
    framesEl.removeAttribute('transform');
    labelLayer.textContent = '';
    showWriterLabels(true);
    strips[0].setAttribute('display', 'none');
    strips[1].setAttribute('display', 'none');
    if (unzoomEl) {
      unzoomEl.classList.add('hide');
    }
    zoomed = -1;
    if (hovered >= 0) {
      showDetails(hovered);
    }
    updateUrl();
  }

  framesEl.addEventListener('click', function (ev) {
    var i = frameIndexOf(ev.target);
    if (i < 0) {
      return;
    }
    if (frameEls[i].localName === 'a' && (ev.ctrlKey || ev.metaKey)) {
      return; /* let the browser follow the link */
    }
    ev.preventDefault();
    zoomTo(i);
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
  var origFill = new Array(count);

  function clearHighlight() {
    for (var k = 0; k < highlighted.length; k++) {
      var i = highlighted[k];
      rects[i].setAttribute('fill', origFill[i]);
    }
    highlighted.length = 0;
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

    /* Pre-order walk: a match inside an already counted match is skipped. */
    var covered = 0;
    var countedUntil = 0;
    for (var i = 0; i < count; i++) {
      if (re.test(nameOf(i))) {
        var r = rects[i];
        origFill[i] = r.getAttribute('fill');
        r.setAttribute('fill', HIGHLIGHT_FILL);
        highlighted.push(i);
        if (i >= countedUntil) {
          covered += size[i];
          countedUntil = end[i];
        }
      }
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
      var r = rects[i];
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

  if (perf) {
    perf.mark('cflamegraph-ready');
  }
})();
