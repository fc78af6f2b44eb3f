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
 * Speed is the point.  Frames come in depth-first pre-order, so the subtree
 * of frame i is the contiguous run i .. end[i]-1.  Everything structural
 * (depth, parent, subtree end, sample start and width) is computed once at
 * load into typed arrays; a zoom touches only the frames that are visible
 * before or after it, and hides all others with one class on #frames.
 * Labels are fitted with the character-width estimate, never by measuring
 * text.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var HIGHLIGHT_FILL = 'rgb(230,0,230)';

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

  /* Our own rules, added after the writer's stylesheet so they win ties. */
  var style = doc.createElementNS(SVG_NS, 'style');
  style.setAttribute('type', 'text/css');
  style.textContent =
    '#frames.zoomed > :not(.z) { display: none; }\n' +
    '#frames > .faded { opacity: 0.5; }\n' +
    '#frames > * { cursor: pointer; }\n' +
    '.hide { display: none; }\n' +
    '#unzoom, #search, #ignorecase { cursor: pointer; }\n' +
    '#search.on, #ignorecase.on { opacity: 1; }\n';
  svgRoot.appendChild(style);

  /* ---- Frames, read once ------------------------------------------------ */

  var frameEls = [];
  var rects = [];
  var texts = [];
  var titles = [];
  var ys = [];
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
    ys.push(parseFloat(rect.getAttribute('y')) || 0);
  }

  var count = frameEls.length;
  var start = new Float64Array(count);
  var size = new Float64Array(count);
  var depth = new Int32Array(count);
  var parent = new Int32Array(count);
  var end = new Int32Array(count);

  (function computeStructure() {
    var rootY = count ? ys[0] : 0;
    var stack = [];
    for (var i = 0; i < count; i++) {
      var e = frameEls[i];
      start[i] = parseFloat(e.getAttribute('s')) || 0;
      size[i] = parseFloat(e.getAttribute('n')) || 0;
      depth[i] = Math.round(Math.abs(ys[i] - rootY) / frameHeight);
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
  ys = null;

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
    }
  });

  framesEl.addEventListener('mouseout', function (ev) {
    var i = frameIndexOf(ev.target);
    if (i >= 0 && !frameEls[i].contains(ev.relatedTarget)) {
      hovered = -1;
      setDetails(' ');
    }
  });

  /* ---- Geometry and labels ---------------------------------------------- */

  /*
   * labelKey[i] says what the label currently shows, so that a zoom only
   * rewrites labels that change: 0 none, k > 0 cut to k characters,
   * -2 the full name, -1 unknown.
   */
  var labelKey = new Int32Array(count).fill(-1);

  /* Frames whose geometry or label a zoom changed, with their originals. */
  var dirty = [];
  var isDirty = new Uint8Array(count);
  var origX = new Array(count);
  var origW = new Array(count);
  var origLabel = new Array(count); /* null: the frame had no <text> */
  var origTextX = new Array(count);
  var origKey = new Int32Array(count);

  function keyOfLabel(i, label) {
    if (label === null || label === '') {
      return 0;
    }
    return label === nameOf(i) ? -2 : label.length;
  }

  function saveOriginal(i) {
    var r = rects[i];
    var t = texts[i];
    origX[i] = r.getAttribute('x');
    origW[i] = r.getAttribute('width');
    if (t) {
      origLabel[i] = t.textContent;
      origTextX[i] = t.getAttribute('x');
    } else {
      origLabel[i] = null;
    }
    origKey[i] = keyOfLabel(i, origLabel[i]);
    labelKey[i] = origKey[i];
    isDirty[i] = 1;
    dirty.push(i);
  }

  function createLabel(i) {
    var r = rects[i];
    var t = doc.createElementNS(SVG_NS, 'text');
    var y = parseFloat(r.getAttribute('y')) + parseFloat(r.getAttribute('height')) / 2 + 3;
    t.setAttribute('y', round2(y));
    frameEls[i].appendChild(t);
    texts[i] = t;
    return t;
  }

  /* Same rule as the writer: floor(w / char width) characters, at least 3,
   * the last two replaced by ".." when the name is cut. */
  function fitLabel(i, x, w) {
    var chars = Math.floor(w / charWidth);
    var t = texts[i];
    if (chars < 3) {
      if (t && labelKey[i] !== 0) {
        t.textContent = '';
      }
      labelKey[i] = 0;
      return;
    }
    if (!t) {
      t = createLabel(i);
    }
    t.setAttribute('x', round2(x + 3));
    var name = nameOf(i);
    var key = name.length <= chars ? -2 : chars;
    if (labelKey[i] !== key) {
      if (key === -2) {
        t.textContent = name;
      } else {
        var keep = chars - 2;
        /* do not split a surrogate pair */
        var code = name.charCodeAt(keep - 1);
        if (code >= 0xd800 && code <= 0xdbff) {
          keep--;
        }
        t.textContent = name.substring(0, keep) + '..';
      }
      labelKey[i] = key;
    }
  }

  function place(i, x, w) {
    if (!isDirty[i]) {
      saveOriginal(i);
    }
    var r = rects[i];
    r.setAttribute('x', round2(x));
    r.setAttribute('width', round2(w));
    fitLabel(i, x, w);
  }

  function restoreOriginals() {
    for (var k = 0; k < dirty.length; k++) {
      var i = dirty[k];
      var r = rects[i];
      r.setAttribute('x', origX[i]);
      r.setAttribute('width', origW[i]);
      var t = texts[i];
      if (origLabel[i] === null) {
        if (t) {
          t.parentNode.removeChild(t);
          texts[i] = null;
        }
      } else {
        t.setAttribute('x', origTextX[i]);
        if (labelKey[i] !== origKey[i]) {
          t.textContent = origLabel[i];
        }
      }
      labelKey[i] = -1;
      isDirty[i] = 0;
    }
    dirty.length = 0;
  }

  /* ---- Zoom ------------------------------------------------------------- */

  var F_SHOWN = 1; /* class "z": visible while #frames has class "zoomed" */
  var F_FADED = 2; /* class "faded": an ancestor of the zoomed frame */
  var flags = new Uint8Array(count);
  var flagged = []; /* every frame with a nonzero flag (a superset after reset) */
  var stamp = new Uint32Array(count);
  var generation = 0;

  function setFlags(i, f) {
    var old = flags[i];
    if (old === f) {
      return;
    }
    var cl = frameEls[i].classList;
    if ((old ^ f) & F_SHOWN) {
      if (f & F_SHOWN) {
        cl.add('z');
      } else {
        cl.remove('z');
      }
    }
    if ((old ^ f) & F_FADED) {
      if (f & F_FADED) {
        cl.add('faded');
      } else {
        cl.remove('faded');
      }
    }
    flags[i] = f;
  }

  function zoomTo(z) {
    if (z <= 0 || z >= count) {
      unzoom();
      return;
    }
    if (z === zoomed) {
      return;
    }
    var last = end[z];
    var a, i, k;

    /* Stamp the new visible set, then un-flag what leaves it. */
    generation++;
    for (a = parent[z]; a >= 0; a = parent[a]) {
      stamp[a] = generation;
    }
    var next = [];
    for (k = 0; k < flagged.length; k++) {
      i = flagged[k];
      if (stamp[i] !== generation && (i < z || i >= last)) {
        setFlags(i, 0);
      }
    }

    for (a = parent[z]; a >= 0; a = parent[a]) {
      setFlags(a, F_SHOWN | F_FADED);
      place(a, xpad, chartWidth);
      next.push(a);
    }
    var s0 = start[z];
    var scale = chartWidth / size[z];
    for (i = z; i < last; i++) {
      setFlags(i, F_SHOWN);
      place(i, xpad + (start[i] - s0) * scale, size[i] * scale);
      next.push(i);
    }
    flagged = next;

    framesEl.classList.add('zoomed');
    if (unzoomEl) {
      unzoomEl.classList.remove('hide');
    }
    zoomed = z;
    if (hovered >= 0) {
      showDetails(hovered);
    }
    updateUrl();
  }

  function unzoom() {
    if (zoomed < 0) {
      return;
    }
    /* Leave the "z" classes: without "zoomed" on #frames they do nothing,
     * and the next zoom clears the ones it does not need. */
    for (var k = 0; k < flagged.length; k++) {
      var i = flagged[k];
      if (flags[i] & F_FADED) {
        setFlags(i, F_SHOWN);
      }
    }
    framesEl.classList.remove('zoomed');
    restoreOriginals();
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
      searchEl.classList.remove('on');
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
      searchEl.classList.add('on');
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
        ignorecaseEl.classList.add('on');
      } else {
        ignorecaseEl.classList.remove('on');
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

  function updateUrl() {
    if (restoring || !window.history || !history.replaceState) {
      return;
    }
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

  if (window.performance && performance.mark) {
    performance.mark('cflamegraph-ready');
  }
})();
