/*
 * svg-view.js - the SVG's view: draws what the model (model.js) decides on
 * the document cflamegraph writes (docs/svg-format.md describes it and what
 * this script adds to it), and tells the model which frame the pointer is
 * on.  tools/embed.c puts model.js and this file, wrapped in one function,
 * inside a CDATA section at the end of every SVG, so neither may contain
 * the three characters that close one.  Plain ES5 plus typed arrays; it
 * works in a standalone SVG document and in one opened through <object> or
 * <iframe>.
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
function startSvgView() {
  var SVG_NS = 'http://www.w3.org/2000/svg';
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
  var truncateLeft = framesEl.getAttribute('data-truncate') === 'left';
  var countName = framesEl.getAttribute('data-countname') || 'samples';
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

  /* The index of the frame element that node is in, or -1; found once per
   * element and kept on it. */
  function frameIndexOf(node) {
    var el = frameElOf(node);
    if (!el) {
      return -1;
    }
    if (el.flIndex === undefined) {
      el.flIndex = Array.prototype.indexOf.call(framesEl.children, el);
    }
    return el.flIndex;
  }

  function tipOf(i) {
    return tipOfEl(frameEl(i));
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

  /* ---- Hover and selection ------------------------------------------- */

  var hoveredEl = null;
  var selectedRect = null;
  var model = null; /* made once the view is complete, below */

  function showHover(i) {
    var el = i >= 0 ? frameEl(i) : null;
    if (hoveredEl) {
      rectOf(frameIndexOf(hoveredEl)).classList.remove('hover');
    }
    hoveredEl = el;
    if (el) {
      rectOf(i).classList.add('hover');
    }
  }

  function showSelection(i) {
    if (selectedRect) {
      selectedRect.classList.remove('selected');
    }
    selectedRect = i >= 0 ? rectOf(i) : null;
    if (selectedRect) {
      selectedRect.classList.add('selected');
    }
  }

  framesEl.addEventListener('mouseover', function (ev) {
    var i = frameIndexOf(ev.target);
    if (i >= 0) {
      model.hover(i);
    }
  });

  framesEl.addEventListener('mouseout', function (ev) {
    if (hoveredEl && !hoveredEl.contains(ev.relatedTarget)) {
      model.hover(-1);
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
      r.setAttribute('class', 'strip');
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

  var viewZoomed = -1; /* the frame this view shows zoomed, -1: none */

  /* The view of frame z, drawn as the header comment says. */
  function zoomView(z) {
    if (!(pxPerSample > 0) || z === viewZoomed) {
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
    if (viewZoomed < 0) {
      if (labelsEl) {
        labelsEl.style.visibility = 'hidden';
      }
      strips[0].removeAttribute('display');
      strips[1].removeAttribute('display');
    }
    zoomLabels.textContent = '';
    zoomLabels.appendChild(frag);
    fitLabels();
    viewZoomed = z;
  }

  function unzoomView() {
    if (viewZoomed < 0) {
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
    viewZoomed = -1;
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
    model.click(frameIndexOf(el));
  });

  /* ---- Search ----------------------------------------------------------- */

  var highlighted = [];
  var origFill = [];

  /* Matches are recoloured after all fills to restore are read. */
  function showSearch(list) {
    var k;
    for (k = 0; k < highlighted.length; k++) {
      rectOf(highlighted[k]).setAttribute('fill', origFill[k]);
    }
    highlighted = Array.prototype.slice.call(list);
    origFill = [];
    for (k = 0; k < highlighted.length; k++) {
      origFill.push(rectOf(highlighted[k]).getAttribute('fill'));
    }
    var fill = model.searchColor();
    for (k = 0; k < highlighted.length; k++) {
      rectOf(highlighted[k]).setAttribute('fill', fill);
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

  model = createModel({
    count: count,
    start: start,
    size: size,
    depth: depth,
    parent: parent,
    end: end,
    total: total,
    factor: factor,
    inverted: inverted,
    nameType: nameType,
    countName: countName,
    nameOf: nameOf,
    tipOf: tipOf,
    attr: function (name) {
      return framesEl.getAttribute(name);
    }
  }, {
    root: svgRoot,
    chartWidth: function () {
      return chartWidth;
    },
    showZoom: function (z) {
      if (z < 0) {
        unzoomView();
      } else {
        zoomView(z);
      }
    },
    showSearch: showSearch,
    showHover: showHover,
    showSelection: showSelection,
    themeChanged: function () { /* the stylesheet does it all */ },
    frameAtXY: frameAt
  });
  model.begin();
  window.cflamegraph = model;

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
}

startSvgView();
