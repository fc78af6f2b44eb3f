/*
 * model.js - what an interactive flame graph knows and does apart from
 * drawing.  Shared by the SVG's script (svg-view.js) and the HTML page's
 * canvas (canvas-view.js): the frames' structure, zoom, search and the
 * matched share, the keyboard selection and the keys, the details line
 * (total, self, share of the zoomed frame), copying a name, the theme, and
 * the view kept in the page address (?f=N&s=REGEX&i=1, the same for both
 * documents, so that a link works for either).  A view draws what the
 * model decides and tells it which frame the pointer is on; the model never
 * touches a frame's element or pixel.
 *
 * tools/embed.c --wrap puts this file and a view's files inside one
 * strict-mode function: plain ES5 plus typed arrays, no modules, no
 * dependencies.  Keep every comment in block form, on lines of its own or
 * at the end of a line of code (tools/embed.c strips them).
 *
 * The graph g a view hands to createModel():
 *   count                       frames, in depth-first pre-order
 *   start, size                 Float64Array: first sample and width, in samples
 *   depth, parent, end          Int32Array: row, parent (-1 for the root),
 *                               end of the subtree (frames i .. end[i]-1)
 *   total, factor               samples across the full width; --factor
 *   inverted                    root on top (icicle graph)
 *   nameType, countName         --nametype, --countname
 *   nameOf(i), tipOf(i)         name as shown; tooltip text
 *   nameKeys, nameCount         optional: per frame a key (0 .. nameCount-1),
 *                               the same for frames of the same name
 *   attr(name)                  a view option from the document's data
 *                               (data-* attribute), or null
 * and the view:
 *   root                        element that gets class "dark"
 *   chartWidth()                pixels the full view spans
 *   showZoom(z)                 draw the view of frame z (-1: everything)
 *   showSearch(list, flags)     highlight the matching frames
 *   showHover(i), showSelection(i)   mark a frame (-1: none)
 *   themeChanged(dark)          redraw what the stylesheet does not
 *   frameAtXY(x, y)             optional: frame at flamegraph.pl's link
 *                               coordinates (?x=&y=), or -1
 *   copyText(text)              optional: copy without the Clipboard API
 */

/* ---- Numbers as the C writer prints them (lib/base/text.c) ------------- */

var TWO_53 = 9007199254740992;

/* nearbyint(): round to a whole number, ties to even */
function roundHalfEven(v) {
  var r = Math.round(v);
  if (r - v === 0.5 && r % 2 !== 0) {
    r -= 1;
  }
  return r;
}

/* the digits of a whole number, exactly, as printf's "%.0f" writes them */
function wholeDigits(v) {
  if (Math.abs(v) < TWO_53 || typeof BigInt !== 'function') {
    return String(v);
  }
  return BigInt(v).toString();
}

/* a whole number with thousands separators: 1,234,567 */
function thousands(v) {
  var s = wholeDigits(v);
  var sign = '';
  if (s.charAt(0) === '-') {
    sign = '-';
    s = s.substring(1);
  }
  var out = '';
  for (var k = s.length; k > 3; k -= 3) {
    out = ',' + s.substring(k - 3, k) + out;
    s = s.substring(0, k - 3);
  }
  return sign + s + out;
}

/*
 * printf's "%.Nf" for N = 0..4.  toFixed gives the same digits except on
 * an exact tie, where it rounds away from zero and printf to even.  v is
 * an exact tie at N decimals when v * 2^(N+1) is an odd whole number (a
 * product by a power of two is exact).
 */
function fixed(v, decimals) {
  var s = v.toFixed(decimals);
  var a = Math.abs(v);
  var twice = a * Math.pow(2, decimals + 1);
  if (twice % 2 !== 1) {
    return s;
  }
  var low = Math.floor(a * Math.pow(10, decimals)); /* exact here */
  if (low % 2 !== 0) {
    return s; /* toFixed's choice, low + 1, is the even one */
  }
  var digits = wholeDigits(low);
  while (digits.length <= decimals) {
    digits = '0' + digits;
  }
  var cut = digits.length - decimals;
  return (v < 0 ? '-' : '') + digits.substring(0, cut) +
    (decimals > 0 ? '.' + digits.substring(cut) : '');
}

/* share of part in whole, for the details line: "12.50%", "100%" */
function shareText(part, whole) {
  if (part === whole) {
    return '100%';
  }
  return (whole > 0 ? 100 * part / whole : 0).toFixed(2) + '%';
}

/* The tooltip as the C writer words it (lib/layout/layout.c, fl_tooltip):
 * "NAME (S samples, P%)", differential "NAME (S samples, P%; +D%)".
 * delta: the frame's delta with --negate applied, or NaN for none. */
function tooltipText(name, size, isRoot, delta, total, factor, countName) {
  var samples = roundHalfEven(size * factor);
  var s = name + ' (' + thousands(samples) + ' ' + countName;
  if (isRoot) {
    return s + ', 100%)';
  }
  s += ', ' + fixed(100 * samples / (total * factor), 2) + '%';
  if (delta === delta) {
    var d = delta === 0 ? 0 : delta;
    s += (d > 0 ? '; +' : '; ') + fixed(100 * d / (total * factor), 2) + '%';
  }
  return s + ')';
}

/* ---- The model ----------------------------------------------------------- */

var MIN_REVEAL_PX = 12; /* n / N zoom until the match is at least this wide */
var MIN_STEP_PX = 1;    /* arrow keys skip frames narrower than this */

function createModel(g, view) {
  var doc = document;
  var count = g.count;
  var start = g.start;
  var size = g.size;
  var depth = g.depth;
  var parent = g.parent;
  var end = g.end;
  var total = g.total;
  var factor = g.factor || 1;

  var detailsEl = doc.getElementById('details');
  var unzoomEl = doc.getElementById('unzoom');
  var searchEl = doc.getElementById('search');
  var ignorecaseEl = doc.getElementById('ignorecase');
  var matchedEl = doc.getElementById('matched');
  var themeEl = doc.getElementById('theme');

  var zoomed = -1;   /* the zoomed frame, -1 when showing everything */
  var hovered = -1;
  var selected = -1;
  var trail = [];    /* frames left by "to parent", for "to child" to return to */
  var searchTerm = null;
  var searchRe = null;
  var ignoreCase = false;
  var matchList = new Int32Array(0);
  var matchFlags = null;
  var matchedShare = 0;
  var themeChosen = null; /* null: follow prefers-color-scheme */
  var listeners = [];

  function notify(what) {
    for (var k = 0; k < listeners.length; k++) {
      listeners[k](what);
    }
  }

  function setText(el, s) {
    if (el) {
      el.textContent = s;
    }
  }

  function setClass(el, name, on) {
    if (el) {
      if (on) {
        el.classList.add(name);
      } else {
        el.classList.remove(name);
      }
    }
  }

  /* ---- Structure ---- */

  function isAncestor(a, i) {
    return a < i && end[a] > i; /* pre-order: i lies in a's run */
  }

  /* Samples of frame i that none of its children account for. */
  function selfOf(i) {
    var s = size[i];
    for (var c = i + 1; c < end[i]; c = end[c]) {
      s -= size[c];
    }
    return s > 0 ? s : 0;
  }

  function inView(i) {
    if (i < 0 || i >= count) {
      return false;
    }
    if (zoomed <= 0) {
      return true;
    }
    return (i >= zoomed && i < end[zoomed]) || isAncestor(i, zoomed);
  }

  /* Width of frame i on screen, in pixels. */
  function widthPx(i) {
    if (zoomed > 0 && isAncestor(i, zoomed)) {
      return view.chartWidth();
    }
    var whole = zoomed > 0 ? size[zoomed] : total;
    return whole > 0 ? size[i] / whole * view.chartWidth() : 0;
  }

  /* ---- Details line ---- */

  function selfText(i) {
    var samples = roundHalfEven(selfOf(i) * factor);
    return 'self ' + thousands(samples) + ' ' + g.countName + ', ' +
      fixed(total > 0 ? 100 * samples / (total * factor) : 0, 2) + '%';
  }

  function detailsOf(i) {
    var t = g.tipOf(i);
    var s = (g.nameType ? g.nameType + ' ' + t : t) + ', ' + selfText(i);
    if (zoomed > 0 && i >= zoomed && i < end[zoomed]) {
      s += ' \u2014 ' + shareText(size[i], size[zoomed]) + ' of zoomed frame';
    }
    return s;
  }

  function setDetails(s) {
    setText(detailsEl, s);
  }

  function refreshDetails() {
    var i = hovered >= 0 ? hovered : selected;
    setDetails(i >= 0 ? detailsOf(i) : ' ');
  }

  function hover(i) {
    if (i === hovered) {
      return;
    }
    hovered = i;
    view.showHover(i);
    refreshDetails();
  }

  /* ---- Zoom ---- */

  function zoomTo(z) {
    if (z <= 0 || z >= count || !(size[z] > 0)) {
      unzoom();
      return;
    }
    if (z === zoomed) {
      return;
    }
    view.showZoom(z);
    zoomed = z;
    setClass(unzoomEl, 'hide', false);
    afterZoom();
  }

  function unzoom() {
    if (zoomed < 0) {
      return;
    }
    view.showZoom(-1);
    zoomed = -1;
    setClass(unzoomEl, 'hide', true);
    afterZoom();
  }

  function afterZoom() {
    if (selected >= 0 && !inView(selected)) {
      select(-1);
    }
    if (hovered >= 0 || selected >= 0) {
      refreshDetails();
    }
    updateUrl();
    notify('zoom');
  }

  /* A click on frame i (-1: none); links are the view's. */
  function click(i) {
    if (i >= 0) {
      zoomTo(i);
    }
  }

  /* ---- Search ---- */

  function matchedText(covered) {
    var pct = total > 0 ? 100 * covered / total : 0;
    return 'Matched: ' + (pct === 100 ? '100' : pct.toFixed(1)) + '%';
  }

  function resetSearch() {
    searchTerm = null;
    searchRe = null;
    matchList = new Int32Array(0);
    matchFlags = null;
    matchedShare = 0;
    view.showSearch(matchList, null);
    if (searchEl) {
      searchEl.textContent = 'Search';
      searchEl.classList.remove('show');
    }
    setText(matchedEl, ' ');
    updateUrl();
    notify('search');
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
    searchTerm = term;
    searchRe = re;
    /* Pre-order walk: a match inside an already counted match is skipped. */
    var flags = new Uint8Array(count);
    var list = [];
    var covered = 0;
    var countedUntil = 0;
    /* with name keys (the page's name table), each name is tested once */
    var keys = g.nameKeys || null;
    var known = keys ? new Uint8Array(g.nameCount) : null; /* 1 match, 2 not */
    for (var i = 0; i < count; i++) {
      var hit;
      if (known) {
        var key = keys[i];
        if (!known[key]) {
          known[key] = re.test(g.nameOf(i)) ? 1 : 2;
        }
        hit = known[key] === 1;
      } else {
        hit = re.test(g.nameOf(i));
      }
      if (hit) {
        flags[i] = 1;
        list.push(i);
        if (i >= countedUntil) {
          covered += size[i];
          countedUntil = end[i];
        }
      }
    }
    matchList = new Int32Array(list);
    matchFlags = flags;
    matchedShare = total > 0 ? covered / total : 0;
    view.showSearch(matchList, matchFlags);
    if (searchEl) {
      searchEl.textContent = 'Reset Search';
      searchEl.classList.add('show');
    }
    setText(matchedEl, matchedText(covered));
    updateUrl();
    notify('search');
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
    setClass(ignorecaseEl, 'show', on);
    if (searchTerm !== null) {
      search(searchTerm);
    } else {
      updateUrl();
    }
  }

  /* ---- Selection and keys ---- */

  function select(i) {
    if (i === selected) {
      return;
    }
    selected = i;
    if (i < 0) {
      trail = [];
    }
    view.showSelection(i);
    refreshDetails();
    notify('select');
  }

  /* The frame the keys start from: the hovered one, the zoomed one, the root. */
  function keyStart() {
    if (hovered >= 0) {
      return hovered;
    }
    return zoomed > 0 ? zoomed : (count > 0 ? 0 : -1);
  }

  function toParent(i) {
    if (parent[i] >= 0) {
      trail.push(i);
      select(parent[i]);
    }
  }

  function toChild(i) {
    var back = trail.length ? trail[trail.length - 1] : -1;
    if (back >= 0 && parent[back] === i) {
      trail.pop();
      select(back);
      return;
    }
    trail = [];
    var best = -1;
    for (var c = i + 1; c < end[i]; c = end[c]) {
      if (best < 0 || size[c] > size[best]) {
        best = c;
      }
    }
    if (best >= 0 && inView(best)) {
      select(best);
    }
  }

  /* The next frame in the row, in view and wide enough to see (dir 1 or -1). */
  function toSibling(i, dir) {
    var lo = zoomed > 0 ? zoomed : 0;
    var hi = zoomed > 0 ? end[zoomed] : count;
    if (i < lo || i >= hi) {
      return; /* a faded ancestor has no siblings in view */
    }
    var d = depth[i];
    var j = dir > 0 ? end[i] : i - 1;
    while (j >= lo && j < hi) {
      if (depth[j] === d && widthPx(j) >= MIN_STEP_PX) {
        trail = [];
        select(j);
        return;
      }
      if (dir > 0) {
        j = depth[j] > d ? end[j] : j + 1;
      } else {
        j--;
      }
    }
  }

  function moveSelection(key) {
    if (selected < 0) {
      select(keyStart());
      return;
    }
    var up = key === 'ArrowUp';
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      toSibling(selected, key === 'ArrowRight' ? 1 : -1);
    } else if (up === !!g.inverted) {
      toParent(selected);   /* towards the root: down in a flame graph */
    } else {
      toChild(selected);
    }
  }

  /* Zoom out as far as keeps frame i at least MIN_REVEAL_PX wide. */
  function reveal(i) {
    if (inView(i) && widthPx(i) >= MIN_REVEAL_PX) {
      return;
    }
    var chain = [];
    for (var a = i; a >= 0; a = parent[a]) {
      chain.push(a);
    }
    for (var k = chain.length - 1; k >= 0; k--) {
      var z = chain[k];
      if (size[z] > 0 && size[i] / size[z] * view.chartWidth() >= MIN_REVEAL_PX) {
        zoomTo(z);
        return;
      }
    }
    zoomTo(i);
  }

  /* Select and show the next (dir 1) or previous (-1) match after the
   * selection, going round at either end. */
  function nextMatch(dir) {
    var n = matchList.length;
    if (!n) {
      return;
    }
    var lo = 0;
    var hi = n; /* first match after the selection: matchList[lo] > selected */
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (matchList[mid] <= selected) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    var k;
    if (dir > 0) {
      k = lo < n ? lo : 0;
    } else {
      k = lo - 1;
      if (k >= 0 && matchList[k] === selected) {
        k--;
      }
      if (k < 0) {
        k = n - 1;
      }
    }
    reveal(matchList[k]);
    select(matchList[k]);
  }

  function copyName(i) {
    if (i < 0) {
      return;
    }
    var name = g.nameOf(i);
    var done = function (ok) {
      setDetails((ok ? 'Copied: ' : 'Could not copy: ') + name);
    };
    var fallback = function () {
      done(view.copyText ? view.copyText(name) : false);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(name).then(function () {
        done(true);
      }, fallback);
    } else {
      fallback();
    }
  }

  function typing(target) {
    var tag = target && target.localName;
    return tag === 'input' || tag === 'textarea' || tag === 'select' ||
      !!(target && target.isContentEditable);
  }

  function onKey(ev) {
    var key = ev.key;
    var ctrl = ev.ctrlKey || ev.metaKey;
    if (key === 'F3' || (ctrl && (key === 'f' || key === 'F'))) {
      ev.preventDefault();
      promptSearch();
      return;
    }
    if (ctrl && (key === 'i' || key === 'I')) {
      ev.preventDefault();
      setIgnoreCase(!ignoreCase);
      return;
    }
    if (key === 'Escape') {
      if (zoomed > 0) {
        unzoom();
      } else if (searchTerm !== null) {
        resetSearch();
      } else {
        select(-1);
      }
      return;
    }
    if (ctrl || ev.altKey || typing(ev.target)) {
      return;
    }
    if (key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight') {
      ev.preventDefault();
      moveSelection(key);
    } else if (key === 'Enter') {
      if (selected >= 0) {
        ev.preventDefault();
        zoomTo(selected);
      }
    } else if (key === '/') {
      ev.preventDefault();
      promptSearch();
    } else if (key === 'n' || key === 'N') {
      nextMatch(key === 'n' ? 1 : -1);
    } else if (key === 'c') {
      copyName(selected >= 0 ? selected : hovered);
    } else if (key === 'd') {
      setTheme(!isDark());
    }
  }

  /* ---- Theme ---- */

  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function isDark() {
    return themeChosen !== null ? themeChosen : !!(darkQuery && darkQuery.matches);
  }

  function applyTheme() {
    var dark = isDark();
    if (view.root && view.root.classList.contains('dark') !== dark) {
      setClass(view.root, 'dark', dark);
      view.themeChanged(dark);
    }
    setText(themeEl, dark ? 'Light' : 'Dark');
  }

  function setTheme(dark) {
    themeChosen = dark;
    applyTheme();
  }

  /* ---- State in the URL: ?f=<frame index>&s=<regex>&i=1 ---- */

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

  function restoreFromUrl() {
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
    } else if (params.get('x') !== null && params.get('y') !== null && view.frameAtXY) {
      /* flamegraph.pl-style links name a frame by its position */
      var z = view.frameAtXY(parseFloat(params.get('x')), parseFloat(params.get('y')));
      if (z > 0) {
        zoomTo(z);
      }
    }
  }

  /* ---- Start ---- */

  function on(el, type, fn) {
    if (el) {
      el.addEventListener(type, fn);
    }
  }

  function begin() {
    on(unzoomEl, 'click', function () {
      unzoom();
    });
    on(searchEl, 'click', function () {
      if (searchTerm !== null) {
        resetSearch();
      } else {
        promptSearch();
      }
    });
    on(ignorecaseEl, 'click', function () {
      setIgnoreCase(!ignoreCase);
    });
    on(themeEl, 'click', function () {
      setTheme(!isDark());
    });
    window.addEventListener('keydown', onKey);
    if (darkQuery) {
      var follow = function () {
        if (themeChosen === null) {
          applyTheme();
        }
      };
      if (darkQuery.addEventListener) {
        darkQuery.addEventListener('change', follow);
      } else if (darkQuery.addListener) {
        darkQuery.addListener(follow);
      }
    }
    applyTheme();
    restoreFromUrl();
    restoring = false;
  }

  return {
    graph: g,
    begin: begin,
    zoomTo: zoomTo,
    unzoom: unzoom,
    click: click,
    hover: hover,
    select: select,
    search: search,
    resetSearch: resetSearch,
    setIgnoreCase: setIgnoreCase,
    nextMatch: nextMatch,
    setTheme: setTheme,
    setDetails: setDetails,
    selfOf: selfOf,
    inView: inView,
    isAncestor: isAncestor,
    detailsOf: detailsOf,
    onChange: function (fn) {
      listeners.push(fn);
    },
    zoomed: function () {
      return zoomed;
    },
    hovered: function () {
      return hovered;
    },
    selected: function () {
      return selected;
    },
    searchTerm: function () {
      return searchTerm;
    },
    searchRegExp: function () {
      return searchRe;
    },
    ignoreCase: function () {
      return ignoreCase;
    },
    matches: function () {
      return matchList;
    },
    matchFlags: function () {
      return matchFlags;
    },
    matchedShare: function () {
      return matchedShare;
    },
    isDark: isDark,
    searchColor: function () {
      return g.attr('data-searchcolor') || 'rgb(230,0,230)';
    },
    /* the state, for scripts and tests (docs/html-format.md) */
    state: function () {
      return {
        zoomed: zoomed, hovered: hovered, selected: selected, search: searchTerm,
        ignoreCase: ignoreCase, matches: matchList.length, matchedShare: matchedShare,
        dark: isDark()
      };
    }
  };
}
