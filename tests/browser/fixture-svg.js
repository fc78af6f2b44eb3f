'use strict';
/*
 * fixture-svg.js - writes SVGs in the format of docs/svg-format.md, with
 * the SVG's script (lib/render/js/model.js and svg-view.js, SVG_JS in the
 * Makefile) embedded the way the C writer embeds it, so that the
 * browser tests and the benchmark do not depend on the C build.
 *
 * It is a test fixture, not a second renderer: colours are simple, and only
 * the structure the script relies on is reproduced.
 *
 *   node tests/browser/fixture-svg.js [--inverted] [--flamechart]
 *        [--width N] [--nameattr FILE] [--sort weight] [--truncate left]
 *        [--search-color rgb(R,G,B)] [input.folded] > out.svg
 */
const fs = require('fs');
const path = require('path');

const JS_DIR = path.join(__dirname, '..', '..', 'lib', 'render', 'js');
const SCRIPT_FILES = ['model.js', 'svg-view.js']; /* SVG_JS in the Makefile */

/* the files in one strict-mode function, as tools/embed.c --wrap joins them */
function scriptText() {
  let js = "(function () {\n'use strict';\n";
  for (const f of SCRIPT_FILES) {
    js += fs.readFileSync(path.join(JS_DIR, f), 'utf8');
  }
  js += '})();\n';
  if (js.includes(']]>')) {
    throw new Error(`${SCRIPT_FILES.join(', ')} contain the CDATA terminator`);
  }
  return js;
}

/* the probe the C writer puts before the frames (lib/render/svg.c, probe_js) */
const PROBE = "(function(){var d=document,r=d.documentElement,n='http://www.w3.org/2000/svg'," +
  "g=d.createElementNS(n,'g'),t=d.createElementNS(n,'rect');" +
  "g.setAttribute('style','display:contents');t.setAttribute('width','8');t.setAttribute('height','8');" +
  "g.appendChild(t);r.appendChild(g);" +
  "if(t.getBoundingClientRect().width>0)r.classList.add('unboxed');" +
  'r.removeChild(g)})()';

function escapeXml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;')
    .replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/* "a;b;c 12" lines -> [{stack: ['a','b','c'], count: 12}] */
function parseFolded(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^(.*\S)\s+(\d+(?:\.\d+)?)\s*$/.exec(line);
    if (m) {
      out.push({ stack: m[1].split(';'), count: Number(m[2]) });
    }
  }
  return out;
}

/* Merge stacks into a tree: sorted by name (weight: heaviest first, then
 * by name), or in input order for charts. */
function buildTree(stacks, flamechart, weight) {
  const root = { name: 'all', value: 0, children: [] };
  const order = flamechart ? stacks : stacks.slice().sort((a, b) => {
    const x = a.stack.join(';');
    const y = b.stack.join(';');
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const { stack, count } of order) {
    root.value += count;
    let node = root;
    for (const name of stack) {
      const last = node.children[node.children.length - 1];
      let child;
      if (flamechart) {
        child = last && last.name === name ? last : null;
      } else {
        child = node.childMap && node.childMap.get(name);
      }
      if (!child) {
        child = { name, value: 0, children: [] };
        node.children.push(child);
        if (!flamechart) {
          (node.childMap = node.childMap || new Map()).set(name, child);
        }
      }
      child.value += count;
      node = child;
    }
  }
  if (!flamechart) {
    (function sortChildren(n) {
      n.children.sort((a, b) => (weight && a.value !== b.value ? b.value - a.value
        : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      n.children.forEach(sortChildren);
    })(root);
  }
  return root;
}

function colour(name) {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    h = (h * 31 + name.charCodeAt(i)) >>> 0;
  }
  return `rgb(${205 + (h % 50)},${(h >>> 8) % 230},${(h >>> 16) % 55})`;
}

/* x and width as the C writer writes them: rounded to `decimals` (1) */
function fmt(v, decimals = 1) {
  const p = Math.pow(10, decimals);
  return String(Math.round(v * p) / p);
}

function pctOf(v, total) {
  return (100 * v / total).toFixed(2);
}

/*
 * opts: width (1200), inverted, flamechart, minwidth (0.1 px),
 * nameattr: Map name -> {attr: value} (an "href" makes the frame an <a>),
 * title, total, decimals (digits after the point in x and width, 1),
 * sort ('weight'), truncate ('left'), searchcolor ('rgb(r,g,b)').
 */
function svgFromStacks(stacks, opts = {}) {
  const width = opts.width || 1200;
  const xpad = 10;
  const fontsize = 12;
  const fontwidth = 0.59;
  const frameheight = 16;
  const minwidth = opts.minwidth === undefined ? 0.1 : opts.minwidth;
  const root = buildTree(stacks, !!opts.flamechart, opts.sort === 'weight');
  const truncate = opts.truncate === 'left' ? 'left' : 'right';
  const total = opts.total || root.value;
  const perSample = (width - 2 * xpad) / total;
  const decimals = opts.decimals === undefined ? 1 : opts.decimals;

  /* Depth-first pre-order, left to right; too narrow frames are left out. */
  const frames = [];
  (function walk(node, depthNow, s) {
    if (node.value * perSample < minwidth) {
      return;
    }
    frames.push({ name: node.name, depth: depthNow, s, n: node.value });
    let x = s;
    for (const child of node.children) {
      walk(child, depthNow + 1, x);
      x += child.value;
    }
  })(root, 0, 0);

  const maxDepth = frames.reduce((m, f) => Math.max(m, f.depth), 0);
  const ypad1 = fontsize * 3;
  const ypad2 = fontsize * 2 + 10;
  const height = (maxDepth + 1) * frameheight + ypad1 + ypad2;
  const inverted = !!opts.inverted;
  const title = opts.title || (inverted ? 'Icicle Graph' : opts.flamechart ? 'Flame Chart' : 'Flame Graph');
  const detailsY = height - 17;

  const out = [];
  out.push('<?xml version="1.0" standalone="no"?>\n');
  out.push(`<svg version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n');
  out.push('<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0">' +
    '<stop stop-color="#eeeeee" offset="5%"/><stop stop-color="#eeeeb0" offset="95%"/>' +
    '</linearGradient></defs>\n');
  /* the stylesheet the C writer emits (lib/render/svg.c) */
  out.push('<style type="text/css">\n' +
    'text{font-family:Verdana,sans-serif;font-size:12px}\n' +
    '#title{text-anchor:middle;font-size:17px}\n' +
    '#search,#ignorecase{opacity:0.1;cursor:pointer}\n' +
    '#search:hover,#search.show,#ignorecase:hover,#ignorecase.show{opacity:1}\n' +
    '#unzoom,#frames{cursor:pointer}\n' +
    '.unboxed #frames>g{display:contents}\n' +
    '#labels{pointer-events:none}\n' +
    '.hover{stroke:black;stroke-width:0.5px;vector-effect:non-scaling-stroke}\n' +
    '.selected{stroke:black;stroke-width:2px;vector-effect:non-scaling-stroke}\n' +
    '.hide{display:none}\n' +
    '.dark #bg,.dark .strip{fill:#1c1c21}\n' +
    '.dark #title,.dark #details,.dark #unzoom,.dark #search,.dark #ignorecase,.dark #matched{fill:#e4e4e4}\n' +
    '.dark .selected{stroke:white}\n' +
    '</style>\n');
  out.push(`<script type="text/ecmascript">${PROBE}</script>\n`);
  out.push(`<rect id="bg" x="0" y="0" width="${width}" height="${height}" fill="url(#background)"/>\n`);
  out.push(`<text id="title" x="${width / 2}" y="24">${escapeXml(title)}</text>\n`);
  out.push(`<text id="details" x="10" y="${detailsY}"> </text>\n`);
  out.push('<text id="unzoom" x="10" y="24" class="hide">Reset Zoom</text>\n');
  out.push(`<text id="search" x="${width - 110}" y="24">Search</text>\n`);
  out.push(`<text id="ignorecase" x="${width - 26}" y="24">ic</text>\n`);
  out.push(`<text id="matched" x="${width - 110}" y="${detailsY}"> </text>\n`);
  /* data-frames (docs/svg-format.md): per frame its width in samples, its
   * start after '@' when it does not follow from its siblings, and before it
   * ',' or one ';' per level it climbs */
  const next = [];
  const labels = [];
  const table = [];
  const body = [];
  let prevDepth = 0;
  for (const f of frames) {
    const x = xpad + f.s * perSample;
    const w = f.n * perSample;
    const y = inverted
      ? ypad1 + f.depth * frameheight
      : height - ypad2 - (f.depth + 1) * frameheight + 1;
    const h = frameheight - 1;
    const pct = f.depth === 0 && f.n === total ? '100' : pctOf(f.n, total);
    const attrs = opts.nameattr && f.depth > 0 ? opts.nameattr.get(f.name) : null;
    const tag = attrs && attrs.href ? 'a' : 'g';
    let extra = '';
    let tip = `${f.name} (${f.n.toLocaleString('en-US')} samples, ${pct}%)`;
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'title') {
          tip = v;
        } else {
          extra += ` ${k === 'href' ? 'xlink:href' : k}="${escapeXml(v)}"`;
        }
      }
    }
    if (table.length) table.push(f.depth > prevDepth ? ',' : ';'.repeat(prevDepth + 1 - f.depth));
    const derivedS = f.depth > 0 ? next[f.depth - 1] : 0;
    table.push(String(f.n) + (derivedS === f.s ? '' : '@' + f.s));
    if (f.depth > 0) next[f.depth - 1] = f.s + f.n;
    next[f.depth] = f.s;
    prevDepth = f.depth;
    const chars = Math.floor(w / (fontsize * fontwidth));
    if (chars >= 3) {
      const text = f.name.length <= chars ? f.name
        : truncate === 'left' ? '..' + f.name.slice(f.name.length - (chars - 2))
          : f.name.slice(0, chars - 2) + '..';
      labels.push(`<text x="${fmt(x + 3)}" y="${y + h / 2 + 3}">${escapeXml(text)}</text\n>`);
    }
    body.push(`<${tag}${extra}><title>${escapeXml(tip)}</title>` +
      `<rect x="${fmt(x, decimals)}" y="${y}" width="${fmt(w, decimals)}" height="${h}" fill="${colour(f.name)}"/>` +
      `</${tag}\n>`);
  }
  out.push(`<g id="frames" data-total="${total}" data-factor="1" data-xpad="${xpad}" ` +
    `data-width="${width}" data-fontsize="${fontsize}" data-fontwidth="${fontwidth}" ` +
    `data-frameheight="${frameheight}" data-inverted="${inverted ? 1 : 0}" ` +
    `data-countname="samples" data-nametype="Function:" ` +
    `data-searchcolor="${opts.searchcolor || 'rgb(230,0,230)'}" data-truncate="${truncate}" ` +
    `data-frames="${table.join('')}">\n`);
  out.push(...body);
  out.push('</g>\n<g id="labels">\n' + labels.join('') + '</g>\n');
  out.push('<script type="text/ecmascript"><![CDATA[\n' + scriptText() + ']]></script>\n');
  out.push('</svg>\n');
  return { svg: out.join(''), frameCount: frames.length };
}

function svgFromFolded(text, opts) {
  return svgFromStacks(parseFolded(text), opts).svg;
}

/* flamegraph.pl's --nameattr file: NAME<TAB>attr=value<TAB>... */
function parseNameattr(text) {
  const map = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const [name, ...pairs] = line.split('\t');
    const attrs = {};
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) {
        attrs[p.slice(0, eq)] = p.slice(eq + 1);
      }
    }
    map.set(name, attrs);
  }
  return map;
}

module.exports = { svgFromFolded, svgFromStacks, parseFolded, parseNameattr, scriptText };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opts = {};
  let input = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--inverted') opts.inverted = true;
    else if (a === '--flamechart') opts.flamechart = true;
    else if (a === '--width') opts.width = Number(args[++i]);
    else if (a === '--decimals') opts.decimals = Number(args[++i]);
    else if (a === '--nameattr') opts.nameattr = parseNameattr(fs.readFileSync(args[++i], 'utf8'));
    else if (a === '--sort') opts.sort = args[++i];
    else if (a === '--truncate') opts.truncate = args[++i];
    else if (a === '--search-color') opts.searchcolor = args[++i];
    else input = a;
  }
  const text = fs.readFileSync(input === null ? 0 : input, 'utf8');
  process.stdout.write(svgFromFolded(text, opts));
}
