/*
 * table.js - the HTML page's function table: every function (the frames
 * of one name together) with its total and self time and their shares of
 * the graph, sorted by a click on a column's heading, filtered by the
 * search.  A function's total counts each sample once, however often the
 * function recurses in it; its self time is the time of its frames less
 * their children's.  Choosing a row dims every frame of other functions in
 * the graph and shows the function's callers and callees merged over all
 * the places it is called from, as two small flame graphs: callers above
 * (the function at the bottom, each caller above what it calls), callees
 * below (the function on top), what speedscope calls the sandwich view.
 */

var ROW_LIMIT = 500; /* rows made at once; "Show all" makes the rest */

function createFunctionTable(container, g, data, model, mainView, opts) {
  var doc = document;
  var count = g.count;
  var size = g.size;
  var parent = g.parent;
  var end = g.end;
  var total = g.total;
  var factor = g.factor;

  /* ---- Functions and their times ---- */

  var fidOfName = new Int32Array(data.names.length);
  var names = [];
  var colorOf = [];
  var byText = Object.create(null);
  for (var k = 0; k < data.names.length; k++) {
    var text = data.names[k];
    var f = byText[text];
    if (f === undefined) {
      f = byText[text] = names.length;
      names.push(text);
      colorOf.push(data.nameColor[k]);
    }
    fidOfName[k] = f;
  }
  var nf = names.length;
  var fid = new Int32Array(count);
  for (var i = 0; i < count; i++) {
    fid[i] = fidOfName[data.name[i]];
  }

  var totals = new Float64Array(nf);
  var selfs = new Float64Array(nf);
  var used = new Uint8Array(nf);
  (function sum() {
    var active = new Int32Array(nf); /* open frames of each function */
    var stack = [];
    for (var j = 1; j < count; j++) { /* the root, "all", is no function */
      while (stack.length && end[stack[stack.length - 1]] <= j) {
        active[fid[stack.pop()]]--;
      }
      var fn = fid[j];
      if (active[fn] === 0) {
        totals[fn] += size[j];
      }
      active[fn]++;
      stack.push(j);
      selfs[fn] += model.selfOf(j);
      used[fn] = 1;
    }
  })();

  function samplesText(v) {
    return thousands(roundHalfEven(v * factor));
  }

  function shareOf(v) {
    var samples = roundHalfEven(v * factor);
    return fixed(total > 0 ? 100 * samples / (total * factor) : 0, 2) + '%';
  }

  /* ---- The table ---- */

  function el(tag, cls, textContent) {
    var e = doc.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (textContent !== undefined) {
      e.textContent = textContent;
    }
    return e;
  }

  container.textContent = '';
  var bar = el('div', 'fn-bar');
  bar.appendChild(el('span', 'fn-title', 'Functions'));
  var countEl = el('span', 'fn-count');
  countEl.id = 'fn-count';
  bar.appendChild(countEl);
  bar.appendChild(el('span', 'fn-hint',
    'click a heading to sort, a function to see its callers and callees'));
  container.appendChild(bar);
  var main = el('div', 'fn-main');
  container.appendChild(main);
  var list = el('div', 'fn-list');
  main.appendChild(list);
  var table = el('table');
  table.id = 'fn-table';
  list.appendChild(table);
  var head = el('tr');
  var columns = [['name', 'Function'], ['total', 'Total'], ['total', '%'], ['self', 'Self'], ['self', '%']];
  columns.forEach(function (c) {
    var th = el('th', c[0] === 'name' ? 'name' : 'num', c[1]);
    th.setAttribute('data-key', c[0]);
    head.appendChild(th);
  });
  var thead = el('thead');
  thead.appendChild(head);
  table.appendChild(thead);
  var tbody = el('tbody');
  table.appendChild(tbody);
  var more = el('button', 'fn-more hide', '');
  more.id = 'fn-more';
  list.appendChild(more);
  var sandwich = el('div', 'sandwich hide');
  sandwich.id = 'sandwich';
  main.appendChild(sandwich);

  var sortKey = 'total';
  var descending = true;
  var showAll = false;
  var chosen = -1;
  var shown = []; /* the functions listed, in order */

  function compare(a, b) {
    var r;
    if (sortKey === 'name') {
      r = names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0;
    } else {
      var x = sortKey === 'total' ? totals : selfs;
      r = x[a] - x[b];
    }
    if (r === 0) {
      r = names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b;
      return r;
    }
    return descending ? -r : r;
  }

  function render() {
    var re = model.searchRegExp();
    shown = [];
    for (var f = 0; f < nf; f++) {
      if (used[f] && (!re || re.test(names[f]))) {
        shown.push(f);
      }
    }
    shown.sort(compare);
    var n = showAll ? shown.length : Math.min(shown.length, ROW_LIMIT);
    var frag = doc.createDocumentFragment();
    for (var k = 0; k < n; k++) {
      var fn = shown[k];
      var tr = el('tr', fn === chosen ? 'chosen' : '');
      tr.setAttribute('data-fid', String(fn));
      tr.appendChild(el('td', 'name', names[fn]));
      tr.appendChild(el('td', 'num', samplesText(totals[fn])));
      tr.appendChild(el('td', 'num', shareOf(totals[fn])));
      tr.appendChild(el('td', 'num', samplesText(selfs[fn])));
      tr.appendChild(el('td', 'num', shareOf(selfs[fn])));
      frag.appendChild(tr);
    }
    tbody.textContent = '';
    tbody.appendChild(frag);
    var all = 0;
    for (f = 0; f < nf; f++) {
      all += used[f];
    }
    countEl.textContent = re ? shown.length + ' of ' + all + ' functions match the search'
      : all + ' functions';
    more.textContent = 'Show all ' + shown.length;
    more.className = n < shown.length ? 'fn-more' : 'fn-more hide';
    var heads = head.children;
    var marked = false; /* the arrow on the first heading of the sort key */
    for (k = 0; k < heads.length; k++) {
      var key = heads[k].getAttribute('data-key');
      var mark = key === sortKey && !marked;
      marked = marked || mark;
      heads[k].className = (key === 'name' ? 'name' : 'num') +
        (mark ? (descending ? ' sorted down' : ' sorted up') : '');
    }
  }

  head.addEventListener('click', function (ev) {
    var key = ev.target.getAttribute && ev.target.getAttribute('data-key');
    if (!key) {
      return;
    }
    if (key === sortKey) {
      descending = !descending;
    } else {
      sortKey = key;
      descending = key !== 'name';
    }
    render();
  });
  more.addEventListener('click', function () {
    showAll = true;
    render();
  });
  tbody.addEventListener('click', function (ev) {
    var tr = ev.target;
    while (tr && tr.localName !== 'tr') {
      tr = tr.parentNode;
    }
    if (tr) {
      var fn = parseInt(tr.getAttribute('data-fid'), 10);
      choose(fn === chosen ? -1 : fn);
    }
  });

  /* ---- Callers and callees ---- */

  /* A merged tree: per node its function, value, depth and children. */
  function newTree(rootFid) {
    return { fid: [rootFid], value: [0], kids: [[]], keyed: new Map() };
  }

  function childOf(t, node, fn) {
    var key = node * nf + fn;
    var c = t.keyed.get(key);
    if (c === undefined) {
      c = t.fid.length;
      t.keyed.set(key, c);
      t.fid.push(fn);
      t.value.push(0);
      t.kids.push([]);
      t.kids[node].push(c);
    }
    return c;
  }

  /* The frames of function fn that are not inside another of its frames. */
  function outermost(fn) {
    var out = [];
    for (var j = 1; j < count; j++) {
      if (fid[j] === fn) {
        out.push(j);
        j = end[j] - 1;
      }
    }
    return out;
  }

  function callersOf(fn, outer) {
    var t = newTree(fn);
    for (var k = 0; k < outer.length; k++) {
      var f = outer[k];
      t.value[0] += size[f];
      var node = 0;
      for (var a = parent[f]; a > 0; a = parent[a]) {
        node = childOf(t, node, fid[a]);
        t.value[node] += size[f];
      }
    }
    return t;
  }

  function calleesOf(fn, outer) {
    var t = newTree(fn);
    var nodeOf = new Int32Array(count); /* per frame in a subtree: its node */
    for (var k = 0; k < outer.length; k++) {
      var f = outer[k];
      t.value[0] += size[f];
      nodeOf[f] = 0;
      for (var j = f + 1; j < end[f]; j++) {
        var node = childOf(t, nodeOf[parent[j]], fid[j]);
        t.value[node] += size[j];
        nodeOf[j] = node;
      }
    }
    return t;
  }

  /* The tree as a view wants it: pre-order, children by name. */
  function flatten(t) {
    var n = t.fid.length;
    var out = {
      count: n, start: new Float64Array(n), size: new Float64Array(n),
      depth: new Int32Array(n), parent: new Int32Array(n), end: new Int32Array(n),
      color: new Int32Array(n), colors: data.colors, fid: new Int32Array(n), depthMax: 0
    };
    var at = 0;
    (function visit(node, d, s, p) {
      var i = at++;
      out.start[i] = s;
      out.size[i] = t.value[node];
      out.depth[i] = d;
      out.parent[i] = p;
      out.fid[i] = t.fid[node];
      out.color[i] = colorOf[t.fid[node]];
      if (d > out.depthMax) {
        out.depthMax = d;
      }
      var kids = t.kids[node].slice().sort(function (a, b) {
        var x = names[t.fid[a]];
        var y = names[t.fid[b]];
        return x < y ? -1 : x > y ? 1 : 0;
      });
      for (var k = 0; k < kids.length; k++) {
        visit(kids[k], d + 1, s, i);
        s += t.value[kids[k]];
      }
      out.end[i] = at;
    })(0, 0, 0, -1);
    out.nameOf = function (i) {
      return names[out.fid[i]];
    };
    out.nameKey = function (i) {
      return out.fid[i];
    };
    return out;
  }

  var swViews = [];
  var swTrees = null;

  function sandwichChart(label, tree, inverted) {
    sandwich.appendChild(el('div', 'sw-label', label));
    var chart = el('div', 'sw-chart');
    sandwich.appendChild(chart);
    var v = createCanvasView(chart, tree, {
      xpad: opts.xpad,
      frameHeight: opts.frameHeight,
      framePad: opts.framePad,
      inverted: inverted,
      fontSize: opts.fontSize,
      fontFamily: opts.fontFamily,
      charWidth: opts.charWidth,
      onHover: function (i) {
        model.setDetails(i < 0 ? ' ' : (g.nameType ? g.nameType + ' ' : '') +
          tooltipText(tree.nameOf(i), tree.size[i], false, NaN, total, factor, g.countName));
      },
      onClick: function (i) {
        if (i > 0) {
          choose(tree.fid[i]);
        }
      }
    });
    swViews.push(v);
    return v;
  }

  function choose(fn) {
    chosen = fn;
    var rows = tbody.children;
    for (var k = 0; k < rows.length; k++) {
      rows[k].className = parseInt(rows[k].getAttribute('data-fid'), 10) === fn ? 'chosen' : '';
    }
    sandwich.textContent = '';
    swViews = [];
    swTrees = null;
    if (fn < 0) {
      sandwich.className = 'sandwich hide';
      mainView.setFocus(null);
      return;
    }
    var flags = new Uint8Array(count);
    for (var j = 0; j < count; j++) {
      flags[j] = fid[j] === fn ? 1 : 0;
    }
    mainView.setFocus(flags);
    var outer = outermost(fn);
    swTrees = { callers: flatten(callersOf(fn, outer)), callees: flatten(calleesOf(fn, outer)) };
    sandwich.className = 'sandwich';
    var title = el('div', 'sw-title', names[fn]);
    title.id = 'sw-title';
    sandwich.appendChild(title);
    sandwichChart('Callers (each above what it calls)', swTrees.callers, false);
    sandwichChart('Callees', swTrees.callees, true);
    for (k = 0; k < swViews.length; k++) {
      swViews[k].start();
    }
  }

  /* The list follows the search a frame after the new highlight is on
   * screen, so that the graph answers first. */
  var renderPending = false;
  model.onChange(function (what) {
    if (what === 'search' && !renderPending) {
      renderPending = true;
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          renderPending = false;
          render();
        });
      });
    }
  });
  window.addEventListener('resize', function () {
    for (var k = 0; k < swViews.length; k++) {
      swViews[k].resize();
    }
  });
  render();

  /* the table's part of the script interface (docs/html-format.md) */
  function treeRows(t) {
    var rows = [];
    for (var k = 0; k < t.count; k++) {
      rows.push({ name: t.nameOf(k), depth: t.depth[k], parent: t.parent[k], value: t.size[k] });
    }
    return rows;
  }

  return {
    functions: function () {
      var rows = [];
      for (var fn = 0; fn < nf; fn++) {
        if (used[fn]) {
          rows.push({ name: names[fn], total: totals[fn], self: selfs[fn] });
        }
      }
      return rows;
    },
    shown: function () {
      return shown.map(function (fn) {
        return names[fn];
      });
    },
    choose: function (name) {
      var fn = byText[name];
      choose(fn === undefined ? -1 : fn);
    },
    chosen: function () {
      return chosen < 0 ? null : names[chosen];
    },
    callers: function () {
      return swTrees ? treeRows(swTrees.callers) : null;
    },
    callees: function () {
      return swTrees ? treeRows(swTrees.callees) : null;
    },
    views: function () {
      return swViews;
    }
  };
}
