'use strict';
/*
 * Browser tests of the HTML view (cflamegraph --format html: lib/render/html.c
 * and lib/render/js/) in Chromium and Firefox, as interactive.test.js tests
 * the SVG, plus what only the page has.
 *
 *   CFLAMEGRAPH=build/cflamegraph node --test tests/browser/html.test.js
 *   sh tests/browser/run.sh build/cflamegraph        (make browser-test)
 *
 * The page's own model (window.cflamegraph, docs/html-format.md) gives the
 * frames it decoded and where it drew them; every such answer is checked
 * against something the page did not compute: the SVG cflamegraph writes
 * for the same input (frames, sample positions, colours, tooltips), the
 * canvas's pixels (the centre pixel of every frame at least 4 px wide has
 * the frame's fill), --format folded (the function table), and shares and
 * trees computed here.  CFLAMEGRAPH must name the binary; BROWSERS
 * (default "chromium,firefox") the browsers.  Nothing is skipped silently.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { launchEngine } = require('./browser');

if (!process.env.CFLAMEGRAPH) {
  throw new Error('html.test.js needs CFLAMEGRAPH=path/to/cflamegraph (the HTML view is written by the C renderer)');
}
const BIN = path.resolve(process.env.CFLAMEGRAPH);
if (!fs.existsSync(BIN)) {
  throw new Error(`CFLAMEGRAPH=${process.env.CFLAMEGRAPH}: no such file`);
}
const INPUTS = process.env.COMPAT_INPUTS || path.join(__dirname, '..', '..', 'fixtures', 'compat', 'inputs');

const SMALL = [
  'main;init;load_config 5',
  'main;init;parse_args 3',
  'main;run;work;compute_a 20',
  'main;run;work;compute_b 10',
  'main;run;work;helper;compute_c 6',
  'main;run;work;tiny_function_with_long_name 1',
  'main;run;idle 4',
  'main;shutdown 2',
  'other;compute_x 8',
  'other;helper 2',
].join('\n') + '\n';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-html-test-'));
const LINK_TARGET = path.join(tmp, 'link-target.html');
fs.writeFileSync(LINK_TARGET, '<!doctype html><title>target</title>linked');
const NAMEATTR = `compute_b\thref=file://${LINK_TARGET}\n` +
  `compute_x\thref=file://${LINK_TARGET}?x\ttarget=_blank\n` +
  'idle\ttitle=waiting for work\n';

let counter = 0;
function render(folded, args = [], ext = 'html') {
  const input = path.join(tmp, `in-${++counter}.folded`);
  fs.writeFileSync(input, folded);
  const file = path.join(tmp, `graph-${counter}.${ext}`);
  execFileSync(BIN, [...args, '-o', file, input], { stdio: ['ignore', 'ignore', 'pipe'] });
  return 'file://' + file;
}

function nameattrArgs() {
  const na = path.join(tmp, 'nameattr.txt');
  fs.writeFileSync(na, NAMEATTR);
  return ['--nameattr', na];
}

/* ---- Browser ------------------------------------------------------------ */

const engines = (process.env.BROWSERS || 'chromium,firefox').split(',').filter(Boolean);
let browser;
let page;
let engine;
let pageErrors = [];

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/* after the next frame: style, layout, paint, and the view's own rAF draw */
function settle() {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() =>
    requestAnimationFrame(() => setTimeout(r, 0)))));
}

/* Opens a page with a window tall enough for the whole graph. */
async function open(url, width = 1280) {
  pageErrors = [];
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  await page.waitForFunction(() => window.cflamegraph && window.cflamegraph.view);
  const h = await page.evaluate(() => document.getElementById('flamegraph').getBoundingClientRect().height);
  await page.setViewportSize({ width, height: Math.min(4000, Math.ceil(h) + 40) });
  await settle();
}

function noPageErrors() {
  assert.deepEqual(pageErrors.map(String), [], 'page errors');
}

const text = (sel) => page.evaluate((s) => document.querySelector(s).textContent, sel);

/* The page's model: the frames it decoded and where it says it drew them. */
function model() {
  return page.evaluate(() => {
    const m = window.cflamegraph;
    const d = m.data;
    const v = m.view;
    const a = (n) => document.getElementById('fl-data').getAttribute(n);
    const frames = [];
    for (let i = 0; i < d.count; i++) {
      const c = d.colors[d.color[i]];
      frames.push({
        i, name: d.names[d.name[i]], s: d.start[i], n: d.size[i], depth: d.depth[i],
        parent: d.parent[i], end: d.end[i], tip: m.graph.tipOf(i),
        fill: `rgb(${c >> 16},${c >> 8 & 255},${c & 255})`, box: v.frameRect(i),
      });
    }
    const chart = document.getElementById('chart').getBoundingClientRect();
    return {
      frames, total: +a('data-total'), xpad: +a('data-xpad'), nametype: a('data-nametype'),
      charWidth: +a('data-fontsize') * +a('data-fontwidth'), inverted: a('data-inverted') === '1',
      state: m.state(), chartWidth: v.chartWidth(), chart: { x: chart.left, y: chart.top, w: chart.width },
      labels: v.labels(),
    };
  });
}

/* The SVG of the same input, read as interactive.test.js reads it. */
async function svgFrames(url) {
  await page.goto(url);
  return page.evaluate(() => {
    const F = document.getElementById('frames');
    const els = Array.from(F.children);
    const table = [];
    const re = /(,|;*)([^,;@]+)(?:@([^,;]+))?/g;
    let m;
    while ((m = re.exec(F.getAttribute('data-frames') || '')) !== null) {
      table.push({ sep: m[1], n: Number(m[2]), s: m[3] === undefined ? null : Number(m[3]) });
    }
    const y0 = parseFloat(els[0].querySelector('rect').getAttribute('y'));
    const fh = parseFloat(F.getAttribute('data-frameheight'));
    return els.map((e, i) => {
      const r = e.querySelector('rect');
      return {
        title: e.querySelector('title').textContent, fill: r.getAttribute('fill'), n: table[i].n,
        s: table[i].s, depth: Math.round(Math.abs(parseFloat(r.getAttribute('y')) - y0) / fh),
      };
    });
  });
}

/* rgba of the frames canvas at client points, in device pixels */
function pixels(points) {
  return page.evaluate((pts) => {
    const c = document.getElementById('graph');
    const r = c.getBoundingClientRect();
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return pts.map(([x, y]) => {
      const px = Math.floor((x - r.left) * c.width / r.width);
      const py = Math.floor((y - r.top) * c.height / r.height);
      if (px < 0 || py < 0 || px >= c.width || py >= c.height) return null;
      const k = 4 * (py * c.width + px);
      return [data[k], data[k + 1], data[k + 2], data[k + 3]];
    });
  }, points);
}

const rgbOf = (fill) => fill.match(/\d+/g).map(Number);

function byName(m, name, nth = 0) {
  const found = m.frames.filter((f) => f.name === name);
  assert.ok(found.length > nth, `frame ${name} exists`);
  return found[nth];
}

const centre = (f) => [f.box.x + f.box.w / 2, f.box.y + f.box.h / 2];

async function clickFrame(f, modifiers = []) {
  const [x, y] = centre(f);
  for (const k of modifiers) await page.keyboard.down(k);
  await page.mouse.click(x, y);
  for (const k of modifiers) await page.keyboard.up(k);
  await settle();
}

async function search(regex, how = 'click') {
  page.once('dialog', (d) => d.accept(regex));
  if (how === 'click') {
    await page.click('#search');
  } else {
    await page.keyboard.press(how);
  }
  await settle();
}

async function press(key) {
  await page.keyboard.press(key);
  await settle();
}

/* "self S samples, P%": a frame's samples its children do not account for */
function selfText(m, f) {
  const self = f.n - m.frames.filter((c) => c.parent === f.i).reduce((a, c) => a + c.n, 0);
  return `self ${self.toLocaleString('en-US')} samples, ${(100 * self / m.total).toFixed(2)}%`;
}

function expectedMatched(m, re) {
  const iv = m.frames.filter((f) => re.test(f.name)).map((f) => [f.s, f.s + f.n])
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = -Infinity;
  for (const [a, b] of iv) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  const pct = 100 * covered / m.total;
  return 'Matched: ' + (pct === 100 ? '100' : pct.toFixed(1)) + '%';
}

function isAncestor(m, a, i) {
  for (let p = m.frames[i].parent; p >= 0; p = m.frames[p].parent) {
    if (p === a) return true;
  }
  return false;
}

/*
 * The view of frame z (-1: everything), from the model and from the pixels:
 * the subtree spread over the chart in proportion to its samples, the
 * ancestors across the chart and faded, the rest not drawn; each frame at
 * least 4 px wide has its fill (or the search colour) at its centre pixel,
 * the faded ones at half opacity; the side padding is empty; every label
 * lies inside its frame and is the longest that fits (measured in the page).
 */
async function assertView(z, { matched = null } = {}) {
  const m = await model();
  assert.equal(m.state.zoomed, z, 'zoomed frame');
  const zf = z > 0 ? m.frames[z] : m.frames[0];
  const scale = m.chartWidth / zf.n;
  const left = m.chart.x + m.xpad;
  const checks = [];
  for (const f of m.frames) {
    const where = `frame ${f.i} ${f.name}`;
    if (f.i >= zf.i && f.i < zf.end) {
      assert.ok(Math.abs(f.box.x - (left + (f.s - zf.s) * scale)) < 0.01, `${where}: x ${f.box.x}`);
      assert.ok(Math.abs(f.box.w - f.n * scale) < 0.01, `${where}: width`);
      assert.ok(f.box.visible && !f.box.faded, `${where}: in view, not faded`);
      if (f.box.w >= 4) checks.push({ f, faded: false });
    } else if (z > 0 && isAncestor(m, f.i, z)) {
      assert.ok(Math.abs(f.box.x - left) < 0.01 && Math.abs(f.box.w - m.chartWidth) < 0.01,
        `${where}: ancestor across the chart`);
      assert.ok(f.box.visible && f.box.faded, `${where}: ancestor faded`);
      checks.push({ f, faded: true });
    } else {
      assert.ok(!f.box.visible, `${where}: out of view`);
    }
  }
  const got = await pixels(checks.map((c) => centre(c.f)));
  checks.forEach((c, k) => {
    const want = matched && matched.test(c.f.name) ? [230, 0, 230] : rgbOf(c.f.fill);
    const p = got[k];
    const where = `frame ${c.f.i} ${c.f.name}: centre pixel ${p}`;
    assert.ok(p, `${where}: on the canvas`);
    if (c.faded) {
      assert.ok(Math.abs(p[3] - 128) <= 1, `${where}: half opaque`);
      for (let j = 0; j < 3; j++) assert.ok(Math.abs(p[j] - want[j]) <= 2, `${where}: want ${want}`);
    } else {
      assert.deepEqual(p, [...want, 255], where);
    }
  });
  /* the padding at the sides is empty, on every row */
  const side = m.frames.filter((f) => f.box.visible).slice(0, 40)
    .flatMap((f) => [[m.chart.x + m.xpad / 2, f.box.y + f.box.h / 2], [m.chart.x + m.chart.w - m.xpad / 2, f.box.y + f.box.h / 2]]);
  for (const p of await pixels(side)) assert.equal(p[3], 0, 'padding is empty');
  await assertLabels(m);
  return m;
}

async function assertLabels(m) {
  const cands = [];
  for (const l of m.labels) {
    const f = m.frames[l.frame];
    const where = `label "${l.text}" of frame ${f.i} ${f.name}`;
    assert.ok(f.box.visible, `${where}: frame in view`);
    assert.ok(Math.abs(l.x - (f.box.x + 3)) < 0.01, `${where}: x`);
    assert.ok(l.width <= f.box.w - 3 + 0.01, `${where}: fits (${l.width} in ${f.box.w - 3})`);
    const keep = l.text === f.name ? f.name.length : l.text.length - 2;
    if (l.text !== f.name) {
      assert.equal(l.text, f.name.slice(0, keep) + '..', `${where}: a cut of the name`);
      cands.push({ where, room: f.box.w - 3, s: keep + 1 < f.name.length ? f.name.slice(0, keep + 1) + '..' : f.name });
    }
  }
  /* a frame at least three estimated characters wide and in view has a label */
  const labelled = new Set(m.labels.map((l) => l.frame));
  const missing = m.frames.filter((f) => f.box.visible && f.box.w >= 3 * m.charWidth + 0.01 &&
    !labelled.has(f.i) && f.box.y + f.box.h > 0);
  const widths = await page.evaluate((list) => {
    const ctx = document.getElementById('graph-labels').getContext('2d');
    return list.map((s) => ctx.measureText(s).width);
  }, cands.map((c) => c.s).concat(missing.map((f) => f.name.slice(0, 1) + '..')));
  cands.forEach((c, k) => assert.ok(widths[k] > c.room, `${c.where}: "${c.s}" would not fit`));
  missing.forEach((f, k) => assert.ok(widths[cands.length + k] > f.box.w - 3,
    `frame ${f.i} ${f.name}: no label, though ${f.box.w} px wide`));
}

/* ---- The checks --------------------------------------------------------- */

for (const eng of engines) {
describe(`HTML view in ${eng}`, () => {
  let smallUrl;

  before(async () => {
    engine = eng;
    browser = await launchEngine(eng);
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e));
    smallUrl = render(SMALL);
  });

  after(async () => {
    if (browser) {
      await browser.close();
      browser = null;
    }
  });

  for (const [label, folded, args] of [
    ['a small graph', () => SMALL, []],
    ['an icicle graph with links', () => SMALL, ['--inverted', ...nameattrArgs()]],
    ['example-perf', () => fs.readFileSync(path.join(INPUTS, 'example-perf.folded'), 'utf8'), []],
    ['a differential graph', () => fs.readFileSync(path.join(INPUTS, 'differential.folded'), 'utf8'), ['--negate']],
    ['a flame chart', () => fs.readFileSync(path.join(INPUTS, 'timeline.folded'), 'utf8'), ['--flamechart', '--hash']],
  ]) {
    it(`draws the SVG's frames, colours and tooltips: ${label}`, async () => {
      const input = folded();
      const svg = await svgFrames(render(input, args, 'svg'));
      await open(render(input, args));
      const m = await model();
      assert.equal(m.frames.length, svg.length, 'frame count');
      let prev = null;
      const next = [];
      for (const f of m.frames) {
        const s = svg[f.i];
        const where = `frame ${f.i} ${f.name}`;
        assert.equal(f.tip, s.title, `${where}: tooltip`);
        assert.equal(f.fill, s.fill, `${where}: colour`);
        assert.equal(f.n, s.n, `${where}: width in samples`);
        assert.equal(f.depth, s.depth, `${where}: depth`);
        const derived = f.depth > 0 ? (next[f.depth - 1] === undefined ? 0 : next[f.depth - 1]) : 0;
        assert.equal(f.s, s.s === null ? derived : s.s, `${where}: start`);
        if (f.depth > 0) next[f.depth - 1] = f.s + f.n;
        next[f.depth] = f.s;
        prev = f;
      }
      assert.ok(prev, 'frames drawn');
      await assertView(-1);
      noPageErrors();
    });
  }

  it('shows the hovered frame with its self time, and the zoomed share', async () => {
    await open(smallUrl);
    const m = await model();
    for (const f of m.frames.filter((x) => x.box.w >= 2)) {
      const [x, y] = centre(f);
      await page.mouse.move(x, y);
      assert.equal(await text('#details'), `${m.nametype} ${f.tip}, ${selfText(m, f)}`, `frame ${f.name}`);
    }
    await page.mouse.move(5, 5);
    assert.equal(await text('#details'), ' ');
    const work = byName(m, 'work');
    await clickFrame(work);
    const z = await model();
    const a = z.frames[byName(m, 'compute_a').i];
    await page.mouse.move(...centre(a));
    assert.equal(await text('#details'),
      `${m.nametype} ${a.tip}, ${selfText(m, a)} \u2014 ${(100 * a.n / work.n).toFixed(2)}% of zoomed frame`);
    noPageErrors();
  });

  it('zooms on a click, out through an ancestor, and resets with Reset Zoom and Esc', async () => {
    await open(smallUrl);
    const m0 = await model();
    assert.ok(await page.evaluate(() => document.getElementById('unzoom').classList.contains('hide')));
    await clickFrame(byName(m0, 'compute_c'));
    await assertView(byName(m0, 'compute_c').i);
    assert.ok(!(await page.evaluate(() => document.getElementById('unzoom').classList.contains('hide'))),
      'Reset Zoom shown');
    const m1 = await model();
    await clickFrame(m1.frames[byName(m0, 'run').i]); /* a faded ancestor */
    await assertView(byName(m0, 'run').i);
    await page.waitForFunction((i) => new URLSearchParams(location.search).get('f') === String(i),
      byName(m0, 'run').i);
    await page.click('#unzoom');
    await settle();
    await assertView(-1);
    await clickFrame((await model()).frames[byName(m0, 'work').i]);
    await assertView(byName(m0, 'work').i);
    await press('Escape');
    await assertView(-1);
    await page.waitForFunction(() => !location.search.includes('f='));
    noPageErrors();
  });

  it('searches, highlights the matches and reports the exact matched share', async () => {
    await open(smallUrl);
    const m0 = await model();
    await search('compute');
    assert.equal(await text('#search'), 'Reset Search');
    assert.equal(await text('#matched'), expectedMatched(m0, /compute/));
    assert.equal(await text('#matched'), 'Matched: 72.1%');
    await assertView(-1, { matched: /compute/ });
    await search('^(run|compute_.*)$', 'Control+f');
    assert.equal(await text('#matched'), 'Matched: 80.3%');
    await search('^(main|other|compute_a)$', 'F3');
    assert.equal(await text('#matched'), 'Matched: 100%');
    await page.click('#search'); /* Reset Search */
    await settle();
    assert.equal(await text('#search'), 'Search');
    assert.equal(await text('#matched'), ' ');
    await assertView(-1);
    await search('(unclosed');
    assert.match(await text('#details'), /Invalid regular expression/);
    noPageErrors();
  });

  it('toggles case-insensitive search with ic and Ctrl-I', async () => {
    await open(smallUrl);
    const m0 = await model();
    await search('COMPUTE');
    assert.equal(await text('#matched'), 'Matched: 0.0%');
    await page.click('#ignorecase');
    await settle();
    assert.equal(await text('#matched'), expectedMatched(m0, /compute/i));
    assert.ok(await page.evaluate(() => document.getElementById('ignorecase').classList.contains('show')));
    await page.waitForFunction(() => new URLSearchParams(location.search).get('i') === '1');
    await press('Control+i');
    assert.equal(await text('#matched'), 'Matched: 0.0%');
    noPageErrors();
  });

  it('keeps the view in the URL, and the same link works for the SVG', async () => {
    const svgUrl = render(SMALL, [], 'svg');
    await open(smallUrl);
    const m0 = await model();
    const work = byName(m0, 'work');
    await clickFrame(work);
    await press('Control+i');
    await search('COMPUTE_[ab]');
    await page.waitForFunction(() => /[?&]f=.*s=.*i=1/.test(location.search));
    const query = new URL(page.url()).search;
    const matched = await text('#matched');
    await open(smallUrl + query);
    await assertView(work.i, { matched: /compute_[ab]/i });
    assert.equal(await text('#matched'), matched);
    assert.equal(new URL(page.url()).search, query, 'the URL stays as loaded');
    /* the SVG reads the same query: the same frame zoomed, the same share */
    await page.goto(svgUrl + query);
    await settle();
    const svgState = await page.evaluate(() => [window.cflamegraph.zoomed(),
      document.getElementById('matched').textContent]);
    assert.deepEqual(svgState, [work.i, matched]);
    /* and the SVG's flamegraph.pl-style ?x=&y= link works here too */
    const run = byName(m0, 'run');
    await page.goto(svgUrl); /* unzoomed: the rectangles where the writer put them */
    const xy = await page.evaluate((i) => {
      const r = document.getElementById('frames').children[i].querySelector('rect');
      return [r.getAttribute('x'), r.getAttribute('y')];
    }, run.i);
    await open(`${smallUrl}?x=${xy[0]}&y=${xy[1]}`);
    await assertView(run.i);
    noPageErrors();
  });

  it('works for icicle graphs and flame charts', async () => {
    await open(render(SMALL, ['--inverted']));
    const m = await model();
    assert.ok(m.inverted);
    const work = byName(m, 'work');
    assert.ok(m.frames[0].box.y < work.box.y, 'root above');
    await clickFrame(work);
    await assertView(work.i);
    await press('ArrowUp'); /* starts at the hovered frame */
    await press('ArrowUp'); /* towards the root: up in an icicle graph */
    assert.equal((await model()).state.selected, byName(m, 'run').i);
    await open(render('main;a;b 3\nmain;c 2\nmain;a;b 4\nmain;a;b;b 1\nmain;c 5\n', ['--flamechart']));
    const c = await model();
    assert.equal(c.frames.filter((f) => f.name === 'a').length, 2, 'a appears twice');
    await clickFrame(byName(c, 'a', 1));
    await assertView(byName(c, 'a', 1).i);
    await search('^b$');
    assert.equal(await text('#matched'), 'Matched: 53.3%');
    noPageErrors();
  });

  it('follows --nameattr links on Ctrl-click only, and shows their titles', async () => {
    const url = render(SMALL, nameattrArgs());
    await open(url);
    const m = await model();
    assert.equal(byName(m, 'idle').tip, 'waiting for work');
    const pagesBefore = browser.context.pages().length;
    await clickFrame(byName(m, 'compute_b'));
    await assertView(byName(m, 'compute_b').i);
    assert.equal(browser.context.pages().length, pagesBefore, 'a plain click opens nothing');
    await press('Escape');
    const x = byName(await model(), 'compute_x');
    const opened = browser.context.waitForEvent('page', { timeout: 10000 });
    await clickFrame(x, ['Control']);
    const newPage = await opened;
    await newPage.waitForLoadState();
    assert.match(newPage.url(), /link-target\.html\?x$/);
    await newPage.close();
    assert.equal((await model()).state.zoomed, -1, 'Ctrl-click does not zoom');
    noPageErrors();
  });

  it('moves a selection with the arrow keys, zooms with Enter, searches with /', async () => {
    await open(smallUrl);
    const m = await model();
    const sel = async () => (await model()).state.selected;
    const work = byName(m, 'work');
    await page.mouse.move(...centre(work));
    await press('ArrowDown'); /* the first key selects the hovered frame */
    assert.equal(await sel(), work.i);
    await page.mouse.move(5, 5);
    await press('ArrowDown');
    assert.equal(await sel(), byName(m, 'run').i, 'down: the parent');
    await press('ArrowUp');
    assert.equal(await sel(), work.i, 'up: back to the child it came from');
    await press('ArrowUp');
    assert.equal(await sel(), byName(m, 'compute_a').i, 'up: the widest child');
    await press('ArrowRight');
    assert.equal(await sel(), byName(m, 'compute_b').i, 'right: the next in the row');
    await press('ArrowLeft');
    assert.equal(await sel(), byName(m, 'compute_a').i, 'left');
    const a = byName(m, 'compute_a');
    assert.equal(await text('#details'), `${m.nametype} ${a.tip}, ${selfText(m, a)}`);
    const mark = await page.evaluate(() => {
      const r = document.getElementById('selection').getBoundingClientRect();
      return { x: r.left, w: r.width, shown: getComputedStyle(document.getElementById('selection')).display };
    });
    assert.equal(mark.shown, 'block');
    assert.ok(Math.abs(mark.x - a.box.x) < 0.5 && Math.abs(mark.w - a.box.w) < 0.5, 'outlined');
    await press('ArrowDown');
    await press('Enter');
    await assertView(work.i);
    page.once('dialog', (d) => d.accept('idle'));
    await press('/');
    assert.equal(await text('#matched'), expectedMatched(m, /idle/));
    noPageErrors();
  });

  it('goes to the next and previous match with n and N, zooming to show it', async () => {
    const lines = ['main;big 100000', 'main;tiny;leaf_x 1', 'main;mid;leaf_x 30', 'main;mid;other 20'];
    await open(render(lines.join('\n') + '\n', ['--minwidth', '0']));
    const m = await model();
    await search('^leaf_x$');
    const matches = m.frames.filter((f) => f.name === 'leaf_x').map((f) => f.i);
    assert.equal(matches.length, 2);
    await press('n');
    let s = (await model()).state;
    assert.equal(s.selected, matches[0]);
    let v = await model();
    assert.ok(v.frames[matches[0]].box.visible && v.frames[matches[0]].box.w >= 12,
      `the tiny match is zoomed into view (${v.frames[matches[0]].box.w} px)`);
    await press('n');
    s = (await model()).state;
    assert.equal(s.selected, matches[1]);
    v = await model();
    assert.ok(v.frames[matches[1]].box.visible && v.frames[matches[1]].box.w >= 12);
    await press('n');
    assert.equal((await model()).state.selected, matches[0], 'n goes round');
    await press('N');
    assert.equal((await model()).state.selected, matches[1], 'N goes back');
    noPageErrors();
  });

  it('copies the selected or hovered frame\'s name with c', async () => {
    await page.addInitScript(() => {
      window.__copied = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } },
      });
    });
    await open(smallUrl);
    const m = await model();
    await page.mouse.move(...centre(byName(m, 'parse_args')));
    await press('c');
    assert.deepEqual(await page.evaluate(() => window.__copied), ['parse_args']);
    assert.equal(await text('#details'), 'Copied: parse_args');
    noPageErrors();
  });

  it('lists every function with the totals of --format folded, sorted and filtered', async () => {
    const input = fs.readFileSync(path.join(INPUTS, 'example-perf.folded'), 'utf8');
    const inputPath = path.join(tmp, 'perf-folded-input.folded');
    fs.writeFileSync(inputPath, input);
    const folded = execFileSync(BIN, ['--format', 'folded', inputPath]).toString();
    const totals = new Map();
    const selfs = new Map();
    for (const line of folded.split('\n')) {
      const mm = /^(.*) (\d+)$/.exec(line);
      if (!mm) continue;
      const stack = mm[1].split(';');
      const n = Number(mm[2]);
      for (const name of new Set(stack)) totals.set(name, (totals.get(name) || 0) + n);
      const leaf = stack[stack.length - 1];
      selfs.set(leaf, (selfs.get(leaf) || 0) + n);
    }
    await open(render(input, ['--minwidth', '0']));
    await page.waitForFunction(() => window.cflamegraph.functionTable());
    const rows = await page.evaluate(() => window.cflamegraph.functionTable().functions());
    assert.equal(rows.length, totals.size, 'one row per function');
    for (const r of rows) {
      assert.equal(r.total, totals.get(r.name), `${r.name}: total`);
      assert.equal(r.self, selfs.get(r.name) || 0, `${r.name}: self`);
    }
    /* the rows as shown: by total, then by self when its heading is clicked */
    const shownRows = () => page.evaluate(() => Array.from(document.querySelectorAll('#fn-table tbody tr'))
      .map((tr) => Array.from(tr.children).map((td) => td.textContent)));
    let shown = await shownRows();
    assert.equal(shown.length, Math.min(500, totals.size));
    const all = [...totals.values()].reduce((a, b) => Math.max(a, b), 0);
    assert.equal(Number(shown[0][1].replace(/,/g, '')), all, 'the largest total first');
    const grand = (await model()).total;
    for (const row of shown.slice(0, 50)) {
      assert.equal(row[1], totals.get(row[0]).toLocaleString('en-US'), `${row[0]} total shown`);
      assert.equal(row[2], (100 * totals.get(row[0]) / grand).toFixed(2) + '%');
      assert.equal(row[3], (selfs.get(row[0]) || 0).toLocaleString('en-US'));
    }
    await page.click('#fn-table th:nth-child(4)'); /* Self */
    await settle();
    shown = await shownRows();
    const bySelf = shown.map((r) => Number(r[3].replace(/,/g, '')));
    assert.deepEqual(bySelf, bySelf.slice().sort((a, b) => b - a), 'by self, largest first');
    await page.click('#fn-table th:nth-child(4)');
    await settle();
    const up = (await shownRows()).map((r) => Number(r[3].replace(/,/g, '')));
    assert.deepEqual(up, up.slice().sort((a, b) => a - b), 'again: smallest first');
    await search('^tcp_');
    await page.waitForFunction(() => document.querySelectorAll('#fn-table tbody tr').length > 0 &&
      Array.from(document.querySelectorAll('#fn-table tbody tr td.name')).every((td) => /^tcp_/.test(td.textContent)));
    const want = [...totals.keys()].filter((k) => /^tcp_/.test(k)).length;
    assert.equal((await shownRows()).length, want, 'filtered by the search');
    noPageErrors();
  });

  it('shows a chosen function\'s frames, callers and callees', async () => {
    const input = fs.readFileSync(path.join(INPUTS, 'example-perf.folded'), 'utf8');
    await open(render(input, ['--minwidth', '0']));
    await page.waitForFunction(() => window.cflamegraph.functionTable());
    /* callers and callees merged over every place each function is called
     * from, computed here from the input lines (first occurrence in each) */
    const stacks = input.split('\n').map((l) => /^(.*) (\d+)$/.exec(l)).filter(Boolean)
      .map((mm) => ({ stack: mm[1].split(';'), n: Number(mm[2]) }));
    const paths = (name, dir) => {
      const out = new Map();
      for (const { stack, n } of stacks) {
        const k = stack.indexOf(name);
        if (k < 0) continue;
        const seq = dir < 0 ? stack.slice(0, k).reverse() : stack.slice(k + 1);
        for (let j = 0; j <= seq.length; j++) {
          const key = [name, ...seq.slice(0, j)].join(';');
          out.set(key, (out.get(key) || 0) + n);
        }
      }
      return out;
    };
    const treePaths = (rows) => {
      const out = new Map();
      const names = [];
      for (const r of rows) {
        names[r.depth] = r.name;
        out.set(names.slice(0, r.depth + 1).join(';'), r.value);
      }
      return out;
    };
    for (const name of ['tcp_sendmsg', 'vfs_write', 'Interpreter']) {
      await page.evaluate((n) => window.cflamegraph.functionTable().choose(n), name);
      await settle();
      const sw = await page.evaluate(() => {
        const t = window.cflamegraph.functionTable();
        return { chosen: t.chosen(), callers: t.callers(), callees: t.callees() };
      });
      assert.equal(sw.chosen, name);
      assert.deepEqual(treePaths(sw.callers), paths(name, -1), `${name}: callers`);
      assert.deepEqual(treePaths(sw.callees), paths(name, 1), `${name}: callees`);
    }
    /* a click on a row: its frames keep their colour, the others are dimmed */
    const m = await model();
    await page.evaluate(() => {
      const t = window.cflamegraph.functionTable();
      t.choose(null);
    });
    const row = await page.evaluate(() => {
      const tr = Array.from(document.querySelectorAll('#fn-table tbody tr'))
        .find((r) => r.children[0].textContent === 'sys_write');
      tr.scrollIntoView({ block: 'center' }); /* not under the sticky heading */
      const b = tr.getBoundingClientRect();
      return [b.left + 20, b.top + b.height / 2];
    });
    await page.mouse.click(row[0], row[1]);
    await settle();
    assert.equal(await page.evaluate(() => window.cflamegraph.functionTable().chosen()), 'sys_write');
    await page.evaluate(() => window.scrollTo(0, 0));
    await settle();
    const wide = m.frames.filter((f) => f.box.w >= 4 && f.box.y + f.box.h < 4000);
    const px = await pixels(wide.map(centre));
    wide.forEach((f, k) => {
      assert.equal(px[k][3], f.name === 'sys_write' ? 255 : 64, `frame ${f.i} ${f.name}: alpha ${px[k]}`);
    });
    assert.ok(await page.evaluate(() => document.querySelectorAll('#sandwich canvas.frames').length === 2),
      'the callers and callees graphs');
    noPageErrors();
  });

  it('follows prefers-color-scheme and toggles the dark theme', async () => {
    const dark = async () => page.evaluate(() => [document.documentElement.classList.contains('dark'),
      getComputedStyle(document.body).backgroundColor, document.getElementById('theme').textContent]);
    await open(smallUrl);
    assert.deepEqual(await dark(), [false, 'rgb(255, 255, 255)', 'Dark']);
    await page.click('#theme');
    await settle();
    assert.deepEqual(await dark(), [true, 'rgb(28, 28, 33)', 'Light']);
    await press('d');
    assert.deepEqual((await dark())[0], false);
    /* a system in dark mode: Chromium emulates it, Firefox is started so */
    let darkBrowser = null;
    const lightPage = page;
    if (engine === 'firefox') {
      darkBrowser = await launchEngine('firefox', { prefs: { 'layout.css.prefers-color-scheme.content-override': 0 } });
      page = await darkBrowser.context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e));
    } else {
      await page.emulateMedia({ colorScheme: 'dark' });
    }
    try {
      await open(smallUrl);
      assert.deepEqual((await dark())[0], true, 'dark by prefers-color-scheme');
      await assertView(-1); /* the frames keep their colours */
      const bg = await page.evaluate(() => getComputedStyle(document.getElementById('flamegraph')).backgroundImage);
      assert.equal(bg, 'none', 'no light gradient behind the graph');
      /* the SVG follows it too */
      await page.goto(render(SMALL, [], 'svg'));
      const svg = await page.evaluate(() => [document.documentElement.classList.contains('dark'),
        getComputedStyle(document.getElementById('bg')).fill,
        getComputedStyle(document.getElementById('title')).fill]);
      assert.deepEqual(svg, [true, 'rgb(28, 28, 33)', 'rgb(228, 228, 228)']);
    } finally {
      if (darkBrowser) {
        await darkBrowser.close();
        page = lightPage;
      } else {
        await page.emulateMedia({ colorScheme: 'light' });
      }
    }
    noPageErrors();
  });

  it('draws --truncate left, --search-color, --uicolor and --stroke-color as the SVG does', async () => {
    const url = render(SMALL, ['--truncate', 'left', '--search-color', '#00ff00', '--uicolor', '#ff0000',
      '--stroke-color', '#0000ff']);
    await open(url, 500);
    const m = await model();
    const cut = m.labels.filter((l) => l.text !== m.frames[l.frame].name);
    assert.ok(cut.length > 0, 'some labels are cut');
    for (const l of cut) {
      const f = m.frames[l.frame];
      assert.ok(l.text.startsWith('..') && l.text.length > 2 && f.name.endsWith(l.text.slice(2)),
        `label "${l.text}" of ${f.name}: ".." and the end of the name`);
      assert.ok(l.width <= f.box.w - 3 + 0.01, `label "${l.text}" fits`);
    }
    assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('title')).color),
      'rgb(255, 0, 0)', '--uicolor');
    /* the outline: the labels canvas, just inside a frame's left edge */
    const f = byName(m, 'compute_a');
    const edge = await page.evaluate(([x, y]) => {
      const c = document.getElementById('graph-labels');
      const r = c.getBoundingClientRect();
      const px = Math.floor((x - r.left) * c.width / r.width);
      const py = Math.floor((y - r.top) * c.height / r.height);
      return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data);
    }, [f.box.x + 0.2, f.box.y + f.box.h / 2]);
    assert.deepEqual(edge, [0, 0, 255, 255], '--stroke-color');
    await search('compute_a');
    const [p] = await pixels([centre(f)]);
    assert.deepEqual(p, [0, 255, 0, 255], '--search-color');
    noPageErrors();
  });

  it('fills the window\'s width, redraws on resize, and is sharp at devicePixelRatio 2', async () => {
    await open(smallUrl, 1000);
    let m = await model();
    assert.equal(m.chartWidth, 1000 - 2 * m.xpad - (await page.evaluate(() => window.innerWidth - document.documentElement.clientWidth)));
    await page.setViewportSize({ width: 700, height: 600 });
    await settle();
    m = await model();
    assert.equal(m.chartWidth, 700 - 2 * m.xpad, 'follows the window');
    await assertView(-1);
    await page.setDeviceScale(1280, 900, 2);
    await page.goto(smallUrl);
    await settle();
    const size = await page.evaluate(() => {
      const c = document.getElementById('graph');
      return [devicePixelRatio, c.width, c.getBoundingClientRect().width];
    });
    assert.equal(size[0], 2);
    assert.equal(size[1], Math.round(size[2] * 2), 'a device pixel per canvas pixel');
    await assertView(-1);
    await clickFrame(byName(await model(), 'work'));
    await assertView(byName(await model(), 'work').i);
    await page.setDeviceScale(1280, 900, 1);
    noPageErrors();
  });
});
}
