/*
 * data.js - reads the HTML page's frame data: the base64 text of the
 * <script type="application/octet-stream" id="fl-data"> element, which
 * lib/render/html.c writes as packed records (docs/html-format.md).  One
 * pass over the bytes into typed arrays; names are decoded in one call.
 */

/* The bytes of a base64 text (line breaks allowed). */
function base64Bytes(text) {
  if (typeof Uint8Array.fromBase64 === 'function') {
    try {
      return Uint8Array.fromBase64(text);
    } catch (err) {
      /* an older form of the method: atob below */
    }
  }
  var bin = atob(text);
  var n = bin.length;
  var out = new Uint8Array(n);
  for (var k = 0; k < n; k++) {
    out[k] = bin.charCodeAt(k);
  }
  return out;
}

var REC_START = 1;
var REC_COLOR = 2;
var REC_FLOAT = 4;
var REC_DELTA = 8;
var REC_DEPTH = 16;
var REC_FLAG_BITS = 32; /* 2^5: the climb is the head over this */

/*
 * The graph in the data block: count; per frame start, size, depth,
 * parent, end (as model.js wants them), name (index into names), colour
 * (index into colors, 0xRRGGBB), delta (NaN where none, or null for a
 * graph without); per name its colour and its --nameattr link and title.
 * Throws on data that does not read as the format.
 */
function readGraphData(text) {
  var bytes = base64Bytes(text);
  var len = bytes.length;
  var view = new DataView(bytes.buffer, bytes.byteOffset, len);
  var pos = 0;

  function fail(what) {
    throw new Error('the graph data is damaged (' + what + ')');
  }

  function varint() {
    var v = 0;
    var mul = 1;
    var b;
    do {
      if (pos >= len) {
        fail('truncated');
      }
      b = bytes[pos++];
      v += (b & 127) * mul;
      mul *= 128;
    } while (b & 128);
    return v;
  }

  function float64() {
    if (pos + 8 > len) {
      fail('truncated');
    }
    var v = view.getFloat64(pos, true);
    pos += 8;
    return v;
  }

  if (len < 4 || bytes[0] !== 99 || bytes[1] !== 102 || bytes[2] !== 103 || bytes[3] !== 49) {
    fail('not "cfg1"'); /* the format's name and version */
  }
  pos = 4;
  var count = varint();
  var nnames = varint();
  var ncolors = varint();
  var nattrs = varint();
  var differential = (varint() & 1) === 1;
  var textLen = varint();
  if (pos + textLen > len || count > len || nnames > len || ncolors * 3 > len) {
    fail('sizes');
  }
  var strings = new TextDecoder('utf-8').decode(bytes.subarray(pos, pos + textLen)).split('\0');
  pos += textLen;
  if (strings.length < nnames + 3 * nattrs) {
    fail('names');
  }
  var names = strings.slice(0, nnames);

  var colors = new Uint32Array(ncolors);
  for (var k = 0; k < ncolors; k++, pos += 3) {
    colors[k] = bytes[pos] << 16 | bytes[pos + 1] << 8 | bytes[pos + 2];
  }
  var nameColor = new Int32Array(nnames);
  for (k = 0; k < nnames; k++) {
    nameColor[k] = varint();
  }
  var attrs = [];
  for (k = 0; k < nattrs; k++) {
    var s = nnames + 3 * k;
    attrs[varint()] = { href: strings[s], target: strings[s + 1], title: strings[s + 2] };
  }

  var start = new Float64Array(count);
  var size = new Float64Array(count);
  var depth = new Int32Array(count);
  var parent = new Int32Array(count);
  var end = new Int32Array(count);
  var name = new Int32Array(count);
  var color = new Int32Array(count);
  var delta = differential ? new Float64Array(count) : null;
  var next = [0]; /* next[d]: where the next child of the open frame at depth d starts */
  var stack = [];
  var d = 0;
  for (var i = 0; i < count; i++) {
    var head = varint();
    var flags = head % REC_FLAG_BITS;
    if (i > 0) {
      d = flags & REC_DEPTH ? varint() : d + 1 - (head - flags) / REC_FLAG_BITS;
    }
    var nm = varint();
    var fl = flags & REC_FLOAT;
    var w = fl ? float64() : varint();
    var st = d > 0 ? next[d - 1] || 0 : 0; /* the writer's table starts at 0 */
    if (flags & REC_START) {
      st = fl ? float64() : varint();
    }
    var c = flags & REC_COLOR ? varint() : (nm < nnames ? nameColor[nm] : -1);
    if (delta) {
      var dl = NaN;
      if (flags & REC_DELTA) {
        dl = fl ? float64() : varint();
        if (!fl) {
          dl = dl % 2 ? -(dl + 1) / 2 : dl / 2; /* zigzag */
        }
      }
      delta[i] = dl;
    }
    if (d < 0 || (i === 0 && d !== 0) || nm >= nnames || c < 0 || c >= ncolors ||
        !(w >= 0) || !(st >= 0)) {
      fail('frame ' + i);
    }
    while (stack.length && depth[stack[stack.length - 1]] >= d) {
      end[stack.pop()] = i;
    }
    if (i > 0 && !stack.length) {
      fail('a second root at frame ' + i);
    }
    parent[i] = stack.length ? stack[stack.length - 1] : -1;
    stack.push(i);
    start[i] = st;
    size[i] = w;
    depth[i] = d;
    name[i] = nm;
    color[i] = c;
    if (d > 0) {
      next[d - 1] = st + w;
    }
    next[d] = st;
  }
  while (stack.length) {
    end[stack.pop()] = count;
  }
  if (pos !== len) {
    fail('bytes after the frames');
  }
  return {
    count: count, start: start, size: size, depth: depth, parent: parent, end: end,
    name: name, color: color, delta: delta, names: names, colors: colors,
    nameColor: nameColor, attrs: attrs
  };
}
