/*
 * page.js - starts the HTML page (docs/html-format.md): reads the frame
 * data (data.js), sets the page's geometry from the data block's
 * attributes, draws the graph (canvas-view.js) as the shared model
 * (model.js) decides, follows --nameattr links, and lists the functions
 * once the browser is idle (table.js).  The last of the page's script
 * files: it calls startPage().
 */
function startPage() {
  var perf = window.performance && performance.mark ? performance : null;
  if (perf) {
    perf.mark('cflamegraph-start'); /* with cflamegraph-ready: the script's own cost */
  }
  var doc = document;
  var dataEl = doc.getElementById('fl-data');
  var chartEl = doc.getElementById('chart');
  if (!dataEl || !chartEl) {
    return;
  }

  function attr(name) {
    return dataEl.getAttribute(name);
  }

  function num(name, fallback) {
    var v = parseFloat(attr(name));
    return isFinite(v) ? v : fallback;
  }

  var data;
  try {
    data = readGraphData(dataEl.textContent);
  } catch (err) {
    var details = doc.getElementById('details');
    if (details) {
      details.textContent = 'cflamegraph: ' + err.message;
    }
    return;
  }
  if (perf) {
    perf.mark('cflamegraph-decoded');
  }
  var count = data.count;
  var total = num('data-total', 0);
  var factor = num('data-factor', 1) || 1;
  var xpad = num('data-xpad', 10);
  var fontSize = num('data-fontsize', 12);
  var frameHeight = num('data-frameheight', 16);
  var framePad = num('data-framepad', 1);
  var depthMax = 0;
  for (var i = 0; i < count; i++) {
    if (data.depth[i] > depthMax) {
      depthMax = data.depth[i];
    }
  }
  var inverted = attr('data-inverted') === '1';
  var nameType = attr('data-nametype');
  if (nameType === null) {
    nameType = 'Function:';
  }
  var countName = attr('data-countname') || 'samples';
  var fontFamily = attr('data-fonttype') || 'Verdana';

  /* the page's geometry, as the SVG's (docs/html-format.md, page.css) */
  var rootStyle = doc.documentElement.style;
  rootStyle.setProperty('--fontsize', fontSize + 'px');
  rootStyle.setProperty('--xpad', xpad + 'px');
  rootStyle.setProperty('--ypad1', num('data-ypad1', fontSize * 3) + 'px');
  rootStyle.setProperty('--ypad2', num('data-ypad2', fontSize * 2 + 10) + 'px');
  doc.body.style.fontFamily = fontFamily + ', sans-serif'; /* ignored when not a family list */
  /* --uicolor: the title and the texts around the graph */
  var uiColor = attr('data-uicolor');
  if (uiColor) {
    ['title', 'details', 'unzoom', 'search', 'ignorecase', 'matched'].forEach(function (id) {
      var el = doc.getElementById(id);
      if (el) {
        el.style.color = uiColor;
      }
    });
  }

  function nameOf(i) {
    return data.names[data.name[i]];
  }

  function attrsOf(i) {
    return data.attrs[data.name[i]] || null;
  }

  var g = {
    count: count,
    start: data.start,
    size: data.size,
    depth: data.depth,
    parent: data.parent,
    end: data.end,
    total: total,
    factor: factor,
    inverted: inverted,
    nameType: nameType,
    countName: countName,
    nameOf: nameOf,
    nameKeys: data.name,
    nameCount: data.names.length,
    tipOf: function (i) {
      var a = attrsOf(i);
      if (a && a.title) {
        return a.title; /* --nameattr's title replaces the tooltip, as in the SVG */
      }
      return tooltipText(nameOf(i), data.size[i], data.depth[i] === 0,
        data.delta ? data.delta[i] : NaN, total, factor, countName);
    },
    attr: attr
  };

  var model = null;
  var view = createCanvasView(chartEl, {
    count: count,
    start: data.start,
    size: data.size,
    depth: data.depth,
    parent: data.parent,
    end: data.end,
    color: data.color,
    colors: data.colors,
    nameOf: nameOf,
    nameKey: function (i) {
      return data.name[i];
    },
    depthMax: depthMax
  }, {
    xpad: xpad,
    frameHeight: frameHeight,
    framePad: framePad,
    inverted: inverted,
    fontSize: fontSize,
    fontFamily: fontFamily,
    charWidth: fontSize * num('data-fontwidth', 0.59),
    truncateLeft: attr('data-truncate') === 'left',
    strokeColor: attr('data-strokecolor'),
    onHover: function (i) {
      model.hover(i);
    },
    onClick: function (i, ev) {
      var a = i >= 0 ? attrsOf(i) : null;
      if (a && a.href && (ev.ctrlKey || ev.metaKey)) {
        window.open(a.href, '_blank', 'noopener'); /* as Ctrl-click on the SVG's link */
        return;
      }
      model.click(i);
    }
  });

  /* The search colour as red, green, blue: any CSS colour, through a canvas. */
  var searchRgb = -1;
  function searchColor() {
    if (searchRgb < 0) {
      var c = doc.createElement('canvas');
      c.width = c.height = 1;
      var x = c.getContext('2d');
      x.fillStyle = model.searchColor();
      x.fillRect(0, 0, 1, 1);
      var p = x.getImageData(0, 0, 1, 1).data;
      searchRgb = p[0] << 16 | p[1] << 8 | p[2];
    }
    return searchRgb;
  }

  /* flamegraph.pl-style links (?x=&y=) name a frame by where the SVG of
   * --width pixels has its rectangle. */
  function frameAtXY(x, y) {
    var width = num('data-width', 1200);
    var px = total > 0 ? (width - 2 * xpad) / total : 0;
    var ypad1 = num('data-ypad1', fontSize * 3);
    for (var k = 0; k < count; k++) {
      var d = data.depth[k];
      var ry = inverted ? ypad1 + d * frameHeight : ypad1 + (depthMax - d) * frameHeight + framePad;
      var rx = Math.round((xpad + data.start[k] * px) * 10) / 10;
      if (Math.abs(ry - y) < 0.5 && Math.abs(rx - x) < 0.5) {
        return k;
      }
    }
    return -1;
  }

  /* Copying without the Clipboard API: a selected text field. */
  function copyText(text) {
    var t = doc.createElement('textarea');
    t.value = text;
    t.style.position = 'fixed';
    t.style.opacity = '0';
    doc.body.appendChild(t);
    t.select();
    var ok = false;
    try {
      ok = doc.execCommand('copy');
    } catch (err) {
      ok = false;
    }
    doc.body.removeChild(t);
    return ok;
  }

  model = createModel(g, {
    root: doc.documentElement,
    chartWidth: view.chartWidth,
    showZoom: view.setZoom,
    showSearch: function (list, flags) {
      view.setHighlight(flags, searchColor());
    },
    showHover: view.setHover,
    showSelection: view.setSelection,
    themeChanged: function () { /* the stylesheet does it; frames keep their colours */ },
    frameAtXY: frameAtXY,
    copyText: copyText
  });
  model.onChange(function (what) {
    if (what === 'zoom') {
      model.hover(view.pointerFrame()); /* the frames moved under the pointer */
    }
  });
  model.begin();
  if (perf) {
    perf.mark('cflamegraph-model');
  }
  view.start();
  if (perf) {
    perf.mark('cflamegraph-drawn');
  }

  var resizePending = false;
  window.addEventListener('resize', function () {
    if (!resizePending) {
      resizePending = true;
      window.requestAnimationFrame(function () {
        resizePending = false;
        view.resize();
      });
    }
  });

  /* the script interface (docs/html-format.md) */
  window.cflamegraph = model;
  model.view = view;
  model.data = data;
  model.table = null;
  var listEl = doc.getElementById('functions');
  var makeTable = function () {
    if (listEl && !model.table) {
      model.table = createFunctionTable(listEl, g, data, model, view, {
        xpad: xpad,
        frameHeight: frameHeight,
        framePad: framePad,
        fontSize: fontSize,
        fontFamily: fontFamily,
        charWidth: fontSize * num('data-fontwidth', 0.59)
      });
    }
  };
  model.functionTable = function () {
    makeTable();
    return model.table;
  };
  if (window.requestIdleCallback) {
    window.requestIdleCallback(makeTable, { timeout: 500 });
  } else {
    setTimeout(makeTable, 50);
  }
  if (perf) {
    perf.mark('cflamegraph-ready');
  }
}

startPage();
