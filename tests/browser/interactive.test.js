'use strict';
/*
 * Browser tests of the interactive SVG (lib/render/interactive.js) in Chromium
 * and Firefox.
 *
 *   npm ci --prefix tests/browser
 *   node --test tests/browser/interactive.test.js
 *   CFLAMEGRAPH=build/cflamegraph node --test tests/browser/interactive.test.js
 *   sh tests/browser/run.sh build/cflamegraph        (make browser-test)
 *
 * Every check runs on SVGs written by tests/browser/fixture-svg.js (which
 * embeds the current lib/render/interactive.js); with CFLAMEGRAPH set, the same
 * checks run again on SVGs rendered by that binary, plus checks on
 * fixtures/compat/inputs/example-{perf,dtrace}.folded (COMPAT_INPUTS
 * overrides the directory).  A missing Chromium (CHROMIUM, default
 * /usr/bin/chromium) or a missing CFLAMEGRAPH binary fails the run; nothing
 * is skipped silently.  BROWSERS (default "chromium,firefox") chooses the
 * browsers: Chromium through playwright-core (browser.js), Firefox through
 * puppeteer-core over WebDriver BiDi (firefox.js), the same checks in both.
 *
 * Expected values (positions, labels, "Matched:" shares) are computed here
 * from the s/n attributes and titles, independently of the script.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { svgFromFolded, parseNameattr } = require('./fixture-svg');
const { launchEngine } = require('./browser');

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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-browser-test-'));
const LINK_TARGET = path.join(tmp, 'link-target.html');
fs.writeFileSync(LINK_TARGET, '<!doctype html><title>target</title>linked');
const NAMEATTR = `compute_b\thref=file://${LINK_TARGET}\n` +
  `compute_x\thref=file://${LINK_TARGET}?x\ttarget=_blank\n`;

/* ---- Sources of SVGs ------------------------------------------------------ */

/* '#00c000' -> 'rgb(0,192,0)', as the writer puts --search-color in the SVG */
function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return `rgb(${v >> 16},${(v >> 8) & 255},${v & 255})`;
}

const renderers = [{
  name: 'fixture-svg.js',
  render(folded, { inverted = false, nameattr = false, flamechart = false, looks = {} } = {}) {
    return svgFromFolded(folded, {
      inverted,
      flamechart,
      nameattr: nameattr ? parseNameattr(NAMEATTR) : undefined,
      sort: looks.sort,
      truncate: looks.truncate,
      searchcolor: looks.searchColor ? hexToRgb(looks.searchColor) : undefined,
    });
  },
}];

if (process.env.CFLAMEGRAPH) {
  const bin = path.resolve(process.env.CFLAMEGRAPH);
  renderers.push({
    name: 'cflamegraph',
    bin,
    render(folded, { inverted = false, nameattr = false, flamechart = false, looks = {} } = {}) {
      if (!fs.existsSync(bin)) {
        throw new Error(`CFLAMEGRAPH=${process.env.CFLAMEGRAPH}: no such file`);
      }
      const input = path.join(tmp, 'in.folded');
      fs.writeFileSync(input, folded);
      const args = [];
      if (inverted) args.push('--inverted');
      if (flamechart) args.push('--flamechart');
      if (looks.sort) args.push('--sort', looks.sort);
      if (looks.truncate) args.push('--truncate', looks.truncate);
      if (looks.searchColor) args.push('--search-color', looks.searchColor);
      if (nameattr) {
        const na = path.join(tmp, 'nameattr.txt');
        fs.writeFileSync(na, NAMEATTR);
        args.push('--nameattr', na);
      }
      args.push(input);
      return execFileSync(bin, args, { maxBuffer: 1 << 28 }).toString();
    },
  });
}

let counter = 0;
function writeSvg(svg) {
  const file = path.join(tmp, `graph-${++counter}.svg`);
  fs.writeFileSync(file, svg);
  return 'file://' + file;
}

/* ---- Browser ------------------------------------------------------------ */

const engines = (process.env.BROWSERS || 'chromium,firefox').split(',').filter(Boolean);
let browser;
let page;
let pageErrors = [];

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(url) {
  pageErrors = [];
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  const h = await page.evaluate(() => document.documentElement.height.baseVal.value);
  await page.setViewportSize({ width: 1280, height: Math.ceil(h) + 20 });
  await settle();
}

/* after style, layout and paint */
function settle() {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

function noPageErrors() {
  assert.deepEqual(pageErrors.map(String), [], 'page errors');
}

/*
 * The frames as the document describes them, parsed here: index, s, n,
 * depth (from y), parent, subtree end, name, title and the screen box of
 * the rectangle.  Plus the graph's data attributes.
 */
function graph() {
  return page.evaluate(() => {
    /* the rectangle's geometry on screen, without the hover outline (which
     * Firefox counts in getBoundingClientRect); empty when not drawn */
    const box = (r) => {
      const c = r.getBoundingClientRect();
      const m = r.getScreenCTM();
      if ((c.width === 0 && c.height === 0) || !m) return { x: 0, y: 0, width: 0, height: 0 };
      const bb = r.getBBox();
      return { x: m.a * bb.x + m.e, y: m.d * bb.y + m.f, width: m.a * bb.width, height: m.d * bb.height };
    };
    const F = document.getElementById('frames');
    const num = (a) => parseFloat(F.getAttribute(a));
    const g = {
      total: num('data-total'), xpad: num('data-xpad'), width: num('data-width'),
      charWidth: num('data-fontsize') * num('data-fontwidth'),
      frameheight: num('data-frameheight'), inverted: F.getAttribute('data-inverted'),
      nametype: F.getAttribute('data-nametype'),
    };
    const els = Array.from(F.children).filter((e) => e.querySelector('rect'));
    const y0 = parseFloat(els[0].querySelector('rect').getAttribute('y'));
    /* data-frames: per frame "[,|;*]N[@S]" (docs/svg-format.md), parsed
     * here with a regular expression, independently of the script */
    const table = [];
    const re = /(,|;*)([^,;@]+)(?:@([^,;]+))?/g;
    let m;
    while ((m = re.exec(F.getAttribute('data-frames') || '')) !== null) {
      table.push({ sep: m[1], n: Number(m[2]), s: m[3] === undefined ? null : Number(m[3]) });
    }
    g.tableLength = table.length;
    g.frames = els.map((e, i) => {
      const r = e.querySelector('rect');
      const b = box(r);
      const title = e.querySelector('title').textContent;
      const cut = title.lastIndexOf(' (');
      return {
        i, tag: e.localName,
        s: table[i] ? table[i].s : NaN, n: table[i] ? table[i].n : NaN,
        sep: table[i] ? table[i].sep : '',
        depth: Math.round(Math.abs(parseFloat(r.getAttribute('y')) - y0) / g.frameheight),
        title, name: cut >= 0 ? title.slice(0, cut) : title,
        x: parseFloat(r.getAttribute('x')), w: parseFloat(r.getAttribute('width')),
        box: { x: b.x, y: b.y, w: b.width, h: b.height },
        fill: r.getAttribute('fill'),
        /* as drawn: the rectangle's opacity times its frame element's */
        opacity: parseFloat(getComputedStyle(r).opacity) * parseFloat(getComputedStyle(e).opacity),
      };
    });
    const stack = [];
    let prev = null;
    for (const f of g.frames) {
      /* the climb the table gives must be the one the rows give */
      f.tableDepth = prev === null ? 0 : prev.tableDepth + 1 - (f.sep === ',' ? 0 : f.sep.length);
      f.end = g.frames.length;
      while (stack.length && stack[stack.length - 1].depth >= f.depth) stack.pop().end = f.i;
      const p = stack.length ? stack[stack.length - 1] : null;
      f.parent = p ? p.i : -1;
      /* s: written, else where the previous sibling ended, else where the parent starts */
      if (f.s === null) f.s = p ? (p.nextChild === undefined ? p.s : p.nextChild) : 0;
      if (p) p.nextChild = f.s + f.n;
      stack.push(f);
      prev = f;
    }
    return g;
  });
}

/*
 * Start and width in samples, as written or derived (docs/svg-format.md),
 * agree with the rectangle the writer drew: x and width are rounded to
 * 0.1 px (the width as the difference of rounded ends).
 */
function assertSamplesMatchRects(g) {
  const px = (g.width - 2 * g.xpad) / g.total;
  assert.equal(g.tableLength, g.frames.length, 'data-frames has one entry per frame');
  for (const f of g.frames) {
    assert.equal(f.tableDepth, f.depth, `frame ${f.i} ${f.name}: depth in data-frames`);
    const count = /\(([0-9,]+) [^(]*$/.exec(f.title);
    if (count && f.tag === 'g') {
      assert.equal(Number(count[1].split(',').join('')), Math.round(f.n), `frame ${f.i} ${f.name}: n and tooltip`);
    }
    const x1 = g.xpad + f.s * px;
    const x2 = x1 + f.n * px;
    assert.ok(Math.abs(f.x - x1) <= 0.051, `frame ${f.i} ${f.name}: x ${f.x}, s ${f.s} gives ${x1}`);
    assert.ok(Math.abs(f.x + f.w - x2) <= 0.101, `frame ${f.i} ${f.name}: right ${f.x + f.w}, s+n give ${x2}`);
  }
}

/* The rendered labels: every visible <text> with its box. */
function visibleTexts() {
  return page.evaluate(() => Array.from(document.querySelectorAll('text'))
    .filter((t) => {
      const cs = getComputedStyle(t);
      return !t.id && cs.display !== 'none' && cs.visibility !== 'hidden' && t.textContent.trim() !== '';
    })
    .map((t) => {
      const b = t.getBoundingClientRect();
      return { s: t.textContent, x: b.x, y: b.y + b.height / 2, w: b.width };
    }));
}

/* Which frame (index) is drawn at the screen point, or -1. */
function frameAtPoint(x, y) {
  return page.evaluate(([x, y]) => {
    const F = document.getElementById('frames');
    let e = document.elementFromPoint(x, y);
    while (e && e.parentNode !== F) e = e.parentNode;
    if (!e) return -1;
    return Array.from(F.children).filter((c) => c.querySelector('rect')).indexOf(e);
  }, [x, y]);
}

/* "self S samples, P%": the frame's samples that its children do not
 * account for (all frames of these graphs are drawn), computed here */
function selfText(g, f) {
  const self = f.n - g.frames.filter((c) => c.parent === f.i).reduce((a, c) => a + c.n, 0);
  return `self ${self.toLocaleString('en-US')} samples, ${(100 * self / g.total).toFixed(2)}%`;
}

/* what the details line says of frame f while it is hovered */
function detailsFor(g, f) {
  return `${g.nametype} ${f.title}, ${selfText(g, f)}`;
}

function byName(g, name, nth = 0) {
  const found = g.frames.filter((f) => f.name === name);
  assert.ok(found.length > nth, `frame ${name} exists`);
  return found[nth];
}

function isAncestor(g, a, i) {
  for (let p = g.frames[i].parent; p >= 0; p = g.frames[p].parent) {
    if (p === a) return true;
  }
  return false;
}

function expectedLabel(name, width, charWidth) {
  const chars = Math.floor(width / charWidth);
  if (chars < 3) return '';
  return name.length <= chars ? name : name.slice(0, chars - 2) + '..';
}

async function clickFrame(f, modifiers = []) {
  const x = Math.max(f.box.x, 0) + Math.min(f.box.w, 1200) / 2;
  const y = f.box.y + f.box.h / 2;
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(x, y);
  for (const m of modifiers) await page.keyboard.up(m);
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

const text = (sel) => page.evaluate((s) => document.querySelector(s).textContent, sel);

/* Share of the total covered by the matching frames, nested matches once:
 * the union of their [s, s+n) intervals. */
function expectedMatched(g, re) {
  const iv = g.frames.filter((f) => re.test(f.name)).map((f) => [f.s, f.s + f.n])
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = -Infinity;
  for (const [a, b] of iv) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  const pct = 100 * covered / g.total;
  return 'Matched: ' + (pct === 100 ? '100' : pct.toFixed(1)) + '%';
}

/* Widths of strings drawn as labels are drawn (the document's text style). */
function textWidths(strings) {
  return page.evaluate((list) => {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    document.documentElement.appendChild(t);
    const out = list.map((s) => {
      t.textContent = s;
      return t.getComputedTextLength();
    });
    t.remove();
    return out;
  }, strings);
}

/*
 * Each frame in view (exactWidth(f) not null) has the label the documented
 * rule gives for its exact width: floor(w / char width) characters, none
 * under 3, cut names end in "..".  With measured (the zoomed views' labels)
 * a label the rule makes too wide for the font in use may be cut further:
 * then it must be the longest "prefix.." that fits, or none when not even
 * one character does.  Every label must end inside its frame.
 */
async function assertLabels(g, exactWidth, measured = false) {
  const texts = await visibleTexts();
  const checks = [];
  for (const f of g.frames) {
    const w = exactWidth(f);
    if (w === null || f.box.w < 6) continue;
    const want = expectedLabel(f.name, w, g.charWidth);
    const got = texts.filter((t) => t.y > f.box.y && t.y < f.box.y + f.box.h &&
      t.x >= f.box.x && t.x <= f.box.x + 6);
    const where = `frame ${f.i} ${f.name}`;
    if (want === '') {
      assert.equal(got.length, 0, `${where}: no label at width ${w}`);
      continue;
    }
    assert.ok(got.length <= 1, `${where}: one label`);
    if (got.length === 1) {
      assert.ok(got[0].x + got[0].w <= f.box.x + f.box.w + 1,
        `${where}: label "${got[0].s}" fits (ends at ${got[0].x + got[0].w}, the frame at ${f.box.x + f.box.w})`);
    }
    if (got.length === 1 && got[0].s === want) continue;
    assert.ok(measured, `${where}: label ${JSON.stringify(got.map((t) => t.s))}, want ${want}`);
    /* cut further: the rule's label overflows, the next longer cut too */
    const keep = got.length ? got[0].s.length - 2 : 0;
    const wantKeep = want.endsWith('..') && want !== f.name ? want.length - 2 : want.length;
    assert.ok(keep < wantKeep, `${where}: "${got.length ? got[0].s : ''}" is shorter than "${want}"`);
    if (got.length) assert.equal(got[0].s, f.name.slice(0, keep) + '..', `${where}: a cut of the name`);
    checks.push({ where, room: w - 3, strings: [want, f.name.slice(0, keep + 1) + '..'] });
  }
  const widths = await textWidths(checks.flatMap((c) => c.strings));
  checks.forEach((c, k) => {
    assert.ok(widths[2 * k] > c.room + 0.5, `${c.where}: "${c.strings[0]}" would overflow (${widths[2 * k]} > ${c.room})`);
    assert.ok(widths[2 * k + 1] > c.room + 0.5, `${c.where}: "${c.strings[1]}" would overflow too`);
  });
}

/*
 * The whole zoomed view, frame by frame: the subtree of z spread over
 * xpad .. width-xpad in proportion to s and n, ancestors full width and
 * faded, everything else out of sight (not hit at any on-screen point),
 * rows where they were, labels re-fitted.
 */
async function assertZoomed(g0, z) {
  const g = await graph();
  const zf = g0.frames[z];
  const chart = g0.width - 2 * g0.xpad;
  const scale = chart / zf.n;
  for (const f of g.frames) {
    const orig = g0.frames[f.i];
    const where = `frame ${f.i} ${f.name}`;
    if (f.i >= z && f.i < zf.end) {
      assert.ok(Math.abs(f.box.x - (g0.xpad + (f.s - zf.s) * scale)) <= 0.5, `${where}: x ${f.box.x}`);
      assert.ok(Math.abs(f.box.w - f.n * scale) <= 0.5, `${where}: width ${f.box.w}, want ${f.n * scale}`);
      assert.ok(Math.abs(f.box.y - orig.box.y) < 0.01, `${where}: y`);
      assert.equal(f.opacity, 1, `${where}: not faded`);
    } else if (isAncestor(g0, f.i, z)) {
      assert.ok(Math.abs(f.box.x - g0.xpad) <= 0.5 && Math.abs(f.box.w - chart) <= 0.5,
        `${where}: ancestor spans the width (${f.box.x}, ${f.box.w})`);
      assert.ok(f.opacity < 1, `${where}: ancestor faded`);
      assert.ok(Math.abs(f.box.y - orig.box.y) < 0.01, `${where}: y`);
    } else {
      /* hidden: either not rendered, or every on-screen part belongs to others */
      const left = Math.max(f.box.x, 0);
      const right = Math.min(f.box.x + f.box.w, g0.width);
      if (f.box.w > 0 && right - left > 0.5) {
        const hit = await frameAtPoint((left + right) / 2, f.box.y + f.box.h / 2);
        assert.notEqual(hit, f.i, `${where}: must be hidden (${left}..${right})`);
      }
    }
  }
  /* labels of the frames in view */
  await assertLabels(g, (f) => {
    if (f.i >= z && f.i < zf.end) return f.n * scale;
    return isAncestor(g0, f.i, z) ? chart : null;
  }, true);
  /* Reset Zoom is offered */
  const unzoomShown = await page.evaluate(() => {
    const u = document.getElementById('unzoom');
    return !u.classList.contains('hide') && getComputedStyle(u).display !== 'none';
  });
  assert.ok(unzoomShown, 'Reset Zoom shown');
  return g;
}

/* Back to the picture as loaded: same boxes, same labels, nothing faded. */
async function assertUnzoomed(g0, texts0) {
  const g = await graph();
  for (const f of g.frames) {
    const o = g0.frames[f.i];
    for (const k of ['x', 'y', 'w', 'h']) {
      assert.ok(Math.abs(f.box[k] - o.box[k]) < 0.01, `frame ${f.i} ${f.name}: ${k} restored`);
    }
    assert.equal(f.opacity, o.opacity, `frame ${f.i}: opacity restored`);
  }
  assert.deepEqual((await visibleTexts()).map((t) => t.s).sort(), texts0.map((t) => t.s).sort(),
    'labels restored');
  const unzoomHidden = await page.evaluate(() =>
    getComputedStyle(document.getElementById('unzoom')).display === 'none');
  assert.ok(unzoomHidden, 'Reset Zoom hidden');
}

/* ---- The checks, once per renderer ------------------------------------------ */

for (const engine of engines) {
describe(`in ${engine}`, () => {
  before(async () => {
    browser = await launchEngine(engine);
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e));
  });

  after(async () => {
    if (browser) {
      await browser.close();
      browser = null;
    }
  });

for (const renderer of renderers) {
  describe(`interactive SVG from ${renderer.name}`, () => {
    let smallUrl;
    let icicleUrl;
    let linkUrl;

    before(() => {
      smallUrl = writeSvg(renderer.render(SMALL));
      icicleUrl = writeSvg(renderer.render(SMALL, { inverted: true }));
      linkUrl = writeSvg(renderer.render(SMALL, { nameattr: true }));
    });

    it('shows the hovered frame in the details line and clears it on leaving', async () => {
      await open(smallUrl);
      const g = await graph();
      assertSamplesMatchRects(g);
      const f = byName(g, 'compute_a');
      await page.mouse.move(f.box.x + f.box.w / 2, f.box.y + f.box.h / 2);
      assert.equal(await text('#details'), detailsFor(g, f));
      await page.mouse.move(f.box.x + f.box.w / 2, 5);
      assert.equal(await text('#details'), ' ');
      noPageErrors();
    });

    it('zooms into a clicked frame, re-fits labels and resets', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const texts0 = await visibleTexts();
      const work = byName(g0, 'work');
      const tiny = byName(g0, 'tiny_function_with_long_name');
      assert.equal(expectedLabel(tiny.name, tiny.box.w, g0.charWidth), '', 'tiny starts unlabelled');

      await clickFrame(work);
      const g = await assertZoomed(g0, work.i);

      /* the named checks of the issue, on top of the frame-by-frame ones */
      const zw = g.frames[work.i];
      assert.ok(Math.abs(zw.box.x - 10) <= 0.5 && Math.abs(zw.box.x + zw.box.w - 1190) <= 0.5);
      const child = byName(g0, 'compute_a');
      const ratio = g.frames[child.i].box.w / (child.n * 1180 / g0.total);
      assert.ok(Math.abs(ratio - g0.total / work.n) < 1e-3, `child grew by total/n (${ratio})`);
      const outside = byName(g0, 'init');
      assert.notEqual(await frameAtPoint(g.frames[outside.i].box.x + 1, outside.box.y + 5), outside.i);
      assert.ok(g.frames[byName(g0, 'run').i].opacity < 1, 'ancestor faded');
      const tinyLabel = expectedLabel(tiny.name, tiny.n * 1180 / work.n, g0.charWidth);
      assert.notEqual(tinyLabel, '', 'tiny gets a label');
      assert.ok((await visibleTexts()).some((t) => t.s === tinyLabel), `label ${tinyLabel} drawn`);
      await page.waitForFunction((i) => new URLSearchParams(location.search).get('f') === String(i), work.i);

      await page.click('#unzoom');
      await settle();
      await assertUnzoomed(g0, texts0);
      await page.waitForFunction(() => !location.search.includes('f='));
      noPageErrors();
    });

    it('shows the share of the zoomed frame while zoomed', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const work = byName(g0, 'work');
      await clickFrame(work);
      const g = await graph();
      const a = g.frames[byName(g0, 'compute_a').i];
      await page.mouse.move(a.box.x + a.box.w / 2, a.box.y + a.box.h / 2);
      const share = (100 * a.n / work.n).toFixed(2);
      assert.equal(await text('#details'), `${detailsFor(g0, g0.frames[a.i])} \u2014 ${share}% of zoomed frame`);
      noPageErrors();
    });

    it('zooms out through a faded ancestor, and Esc restores everything', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const texts0 = await visibleTexts();
      await clickFrame(byName(g0, 'compute_c'));
      await assertZoomed(g0, byName(g0, 'compute_c').i);
      const g = await graph();
      await clickFrame(g.frames[byName(g0, 'run').i]);
      await assertZoomed(g0, byName(g0, 'run').i);
      await clickFrame((await graph()).frames[byName(g0, 'work').i]);
      await assertZoomed(g0, byName(g0, 'work').i);
      await page.keyboard.press('Escape');
      await settle();
      await assertUnzoomed(g0, texts0);
      noPageErrors();
    });

    it('highlights search matches and reports the matched share', async () => {
      await open(smallUrl);
      const g0 = await graph();
      await search('compute');
      const g = await graph();
      for (const f of g.frames) {
        const want = /compute/.test(f.name) ? 'rgb(230,0,230)' : g0.frames[f.i].fill;
        assert.equal(f.fill, want, `frame ${f.i} ${f.name} fill`);
      }
      assert.equal(await text('#search'), 'Reset Search');
      assert.equal(await text('#matched'), expectedMatched(g0, /compute/));
      assert.equal(await text('#matched'), 'Matched: 72.1%');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('s') === 'compute');

      await page.click('#search'); /* Reset Search */
      await settle();
      const g2 = await graph();
      assert.deepEqual(g2.frames.map((f) => f.fill), g0.frames.map((f) => f.fill), 'fills restored');
      assert.equal(await text('#search'), 'Search');
      assert.equal(await text('#matched'), ' ');
      noPageErrors();
    });

    it('counts a match nested in another match once; 100% without decimals', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const re = /^(run|compute_.*)$/;
      await search(re.source);
      const naive = g0.frames.filter((f) => re.test(f.name)).reduce((a, f) => a + f.n, 0);
      assert.ok(naive > 41 + 8, 'the fixture has nested matches');
      assert.equal(await text('#matched'), expectedMatched(g0, re));
      assert.equal(await text('#matched'), 'Matched: 80.3%');
      await search('^(main|other|compute_a)$', 'Control+f'); /* new search replaces the old */
      assert.equal(await text('#matched'), 'Matched: 100%');
      await search('^all$', 'F3');
      assert.equal(await text('#matched'), 'Matched: 100%');
      noPageErrors();
    });

    it('toggles case-insensitive search with ic and Ctrl-I', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const icOpacity = () => page.evaluate(() =>
        parseFloat(getComputedStyle(document.getElementById('ignorecase')).opacity));
      const offOpacity = await icOpacity();
      await search('COMPUTE');
      assert.equal(await text('#matched'), 'Matched: 0.0%');
      await page.click('#ignorecase');
      await settle();
      await page.mouse.move(600, 5); /* away from the button's :hover */
      assert.equal(await text('#matched'), expectedMatched(g0, /compute/i));
      assert.equal(await icOpacity(), 1, 'ic shows as on');
      assert.ok(offOpacity < 1, 'ic shows as off before');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('i') === '1');
      await page.keyboard.press('Control+i');
      await settle();
      assert.equal(await text('#matched'), 'Matched: 0.0%');
      assert.equal(await icOpacity(), offOpacity, 'ic shows as off');
      noPageErrors();
    });

    it('reports an invalid regular expression without a script error', async () => {
      await open(smallUrl);
      await search('(unclosed');
      assert.match(await text('#details'), /Invalid regular expression/);
      assert.equal(await text('#search'), 'Search');
      assert.equal(await text('#matched'), ' ');
      noPageErrors();
    });

    it('keeps zoom and search in the URL and restores them on load', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const work = byName(g0, 'work');
      await clickFrame(work);
      await page.keyboard.press('Control+i');
      await search('COMPUTE_[ab]');
      await page.waitForFunction(() => /[?&]f=.*s=.*i=1/.test(location.search));
      const url = page.url();
      assert.ok(url.startsWith(smallUrl + '?'), url);
      const matched = await text('#matched');

      await open(url); /* a fresh load of the link */
      await assertZoomed(g0, work.i);
      assert.equal(await text('#matched'), matched);
      assert.equal(await text('#search'), 'Reset Search');
      const a = (await graph()).frames[byName(g0, 'compute_a').i];
      assert.equal(a.fill, 'rgb(230,0,230)');
      assert.equal(page.url(), url, 'the URL stays as loaded');

      /* flamegraph.pl-style ?x=&y= links name a frame by its position */
      const run = byName(g0, 'run');
      await open(smallUrl);
      const xy = await page.evaluate((i) => {
        const rect = document.getElementById('frames').children[i].querySelector('rect');
        return [rect.getAttribute('x'), rect.getAttribute('y')];
      }, run.i);
      assert.ok(Math.abs(parseFloat(xy[0]) - 10) > 1, 'run is not at the left edge');
      await open(`${smallUrl}?x=${xy[0]}&y=${xy[1]}`);
      await assertZoomed(g0, run.i);
      noPageErrors();
    });

    it('works for icicle graphs (root on top)', async () => {
      await open(icicleUrl);
      const g0 = await graph();
      assert.equal(g0.inverted, '1');
      const texts0 = await visibleTexts();
      const work = byName(g0, 'work');
      assert.ok(g0.frames[0].box.y < work.box.y, 'root above its descendants');
      assert.ok(Math.abs(work.box.y - g0.frames[0].box.y - work.depth * g0.frameheight) < 0.01);
      await page.mouse.move(work.box.x + 20, work.box.y + 5);
      assert.equal(await text('#details'), detailsFor(g0, work));
      await clickFrame(work);
      await assertZoomed(g0, work.i);
      await clickFrame((await graph()).frames[byName(g0, 'main').i]);
      await assertZoomed(g0, byName(g0, 'main').i);
      await page.click('#unzoom');
      await settle();
      await assertUnzoomed(g0, texts0);
      await search('compute');
      assert.equal(await text('#matched'), expectedMatched(g0, /compute/));
      noPageErrors();
    });

    it('follows <a> links on Ctrl-click only; a plain click zooms', async () => {
      await open(linkUrl);
      const g0 = await graph();
      const b = byName(g0, 'compute_b');
      assert.equal(b.tag, 'a', 'compute_b is a link');
      const pagesBefore = browser.context.pages().length;

      await clickFrame(b);
      await assertZoomed(g0, b.i);
      assert.ok(page.url().startsWith(linkUrl), 'plain click stays on the graph');
      assert.equal(browser.context.pages().length, pagesBefore, 'no page opened');

      await page.keyboard.press('Escape');
      await settle();
      const x = byName(await graph(), 'compute_x');
      assert.equal(x.tag, 'a');
      const opened = browser.context.waitForEvent('page', { timeout: 10000 });
      await clickFrame(x, ['Control']);
      const newPage = await opened;
      await newPage.waitForLoadState();
      assert.match(newPage.url(), /link-target\.html\?x$/);
      await newPage.close();
      assert.ok(page.url().startsWith(linkUrl), 'the graph stays');
      const zoomedAfter = await page.evaluate(() => document.getElementById('frames').hasAttribute('transform') ||
        !document.getElementById('unzoom').classList.contains('hide'));
      assert.equal(zoomedAfter, false, 'Ctrl-click does not zoom');
      noPageErrors();
    });

    it('cuts a zoomed label further when the font is wider than the estimate', async () => {
      /* 43 characters, 40 of them W: the rule's estimate (fontwidth 0.59)
       * lets the whole name into the 393 px the zoom gives it, but W is
       * nearly a full em wide, so the name would overrun the frame */
      const wide = 'W'.repeat(40) + 'end';
      await open(writeSvg(renderer.render(`main;a;${wide} 1\nmain;a;y 2\nmain;b 3\n`)));
      const g0 = await graph();
      const a = byName(g0, 'a');
      await clickFrame(a);
      await assertZoomed(g0, a.i);
      const w = byName(g0, wide);
      const zoomedWidth = w.n * (g0.width - 2 * g0.xpad) / a.n;
      assert.equal(expectedLabel(wide, zoomedWidth, g0.charWidth), wide, 'the rule gives the whole name');
      const label = (await visibleTexts()).find((t) => t.s.startsWith('WWW'));
      assert.ok(label && label.s.endsWith('..') && label.s.length < wide.length,
        `the drawn label is cut further: ${label && label.s}`);
      noPageErrors();
    });

    it('works for flame charts (repeated frames in time order)', async () => {
      const chart = 'main;a;b 3\nmain;c 2\nmain;a;b 4\nmain;a;b;b 1\nmain;c 5\n';
      await open(writeSvg(renderer.render(chart, { flamechart: true })));
      const g0 = await graph();
      const texts0 = await visibleTexts();
      assert.equal(g0.frames.filter((f) => f.name === 'a').length, 2, 'a appears twice');
      const a2 = byName(g0, 'a', 1);
      await clickFrame(a2);
      await assertZoomed(g0, a2.i);
      await page.keyboard.press('Escape');
      await settle();
      await assertUnzoomed(g0, texts0);
      await search('^b$');
      assert.equal(await text('#matched'), expectedMatched(g0, /^b$/));
      assert.equal(await text('#matched'), 'Matched: 53.3%');
      noPageErrors();
    });

    it('moves a selection with the arrow keys, zooms with Enter, and goes through matches with n and N', async () => {
      await open(smallUrl);
      const g0 = await graph();
      const selected = () => page.evaluate(() => {
        const r = document.querySelectorAll('#frames rect.selected');
        return [r.length, window.cflamegraph.selected()];
      });
      const work = byName(g0, 'work');
      await page.mouse.move(work.box.x + work.box.w / 2, work.box.y + work.box.h / 2);
      await page.keyboard.press('ArrowDown'); /* the first key selects the hovered frame */
      assert.deepEqual(await selected(), [1, work.i]);
      await page.mouse.move(600, 5);
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await selected(), [1, byName(g0, 'run').i], 'down: the parent');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.deepEqual(await selected(), [1, byName(g0, 'compute_a').i], 'up, up: work, its widest child');
      await page.keyboard.press('ArrowRight');
      const b = byName(g0, 'compute_b');
      assert.deepEqual(await selected(), [1, b.i], 'right: the next in the row');
      assert.equal(await text('#details'), detailsFor(g0, b), 'the details line follows the selection');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await settle();
      await assertZoomed(g0, work.i);
      await page.keyboard.press('Escape');
      await settle();
      await search('^compute_[ax]$');
      await page.keyboard.press('n');
      await settle();
      assert.deepEqual(await selected(), [1, byName(g0, 'compute_a').i], 'n: the first match after the selection');
      await page.keyboard.press('n');
      await settle();
      assert.deepEqual(await selected(), [1, byName(g0, 'compute_x').i]);
      await page.keyboard.press('N');
      await settle();
      assert.deepEqual(await selected(), [1, byName(g0, 'compute_a').i], 'N: back');
      noPageErrors();
    });

    it('copies the hovered frame\'s name with c, and toggles the dark theme with d', async () => {
      await page.addInitScript(() => {
        window.__copied = [];
        Object.defineProperty(navigator, 'clipboard', {
          configurable: true,
          value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } },
        });
      });
      await open(smallUrl);
      const g0 = await graph();
      const f = byName(g0, 'parse_args');
      await page.mouse.move(f.box.x + f.box.w / 2, f.box.y + f.box.h / 2);
      await page.keyboard.press('c');
      await settle();
      assert.deepEqual(await page.evaluate(() => window.__copied), ['parse_args']);
      assert.equal(await text('#details'), 'Copied: parse_args');
      const theme = () => page.evaluate(() => [document.documentElement.classList.contains('dark'),
        getComputedStyle(document.getElementById('bg')).fill]);
      assert.deepEqual(await theme(), [false, 'url("#background")']);
      await page.keyboard.press('d');
      await settle();
      assert.deepEqual(await theme(), [true, 'rgb(28, 28, 33)']);
      await page.keyboard.press('d');
      assert.deepEqual((await theme())[0], false);
      noPageErrors();
    });

    for (const tag of ['object', 'iframe']) {
      it(`works inside an HTML page through <${tag}>`, async () => {
        const svgUrl = writeSvg(renderer.render(SMALL));
        const html = path.join(tmp, `embed-${tag}-${++counter}.html`);
        const attr = tag === 'object' ? 'data' : 'src';
        fs.writeFileSync(html, '<!doctype html><html><body style="margin:0">' +
          `<${tag} ${attr}="${svgUrl}" type="image/svg+xml" width="1200" height="200" ` +
          'style="border:0;display:block"></' + tag + '></body></html>');
        pageErrors = [];
        await page.setViewportSize({ width: 1280, height: 400 });
        await page.goto('file://' + html);
        let frame;
        for (let k = 0; k < 50 && !frame; k++) {
          frame = page.frames().find((f) => f.url().startsWith(svgUrl));
          if (!frame) await page.waitForTimeout(100);
        }
        assert.ok(frame, 'the SVG document loaded');
        await frame.waitForLoadState();
        const box = (name) => frame.evaluate((n) => {
          const e = Array.from(document.getElementById('frames').children)
            .find((g) => g.querySelector('title').textContent.startsWith(n + ' ('));
          /* geometry, without the hover outline (see graph()) */
          const r = e.querySelector('rect');
          const m = r.getScreenCTM();
          const b = r.getBBox();
          return { x: m.a * b.x + m.e, y: m.d * b.y + m.f, w: m.a * b.width, h: m.d * b.height };
        }, name);
        const work = await box('work');
        await page.mouse.move(work.x + work.w / 2, work.y + work.h / 2);
        assert.match(await frame.evaluate(() => document.getElementById('details').textContent),
          /^Function: work \(/);
        await page.mouse.click(work.x + work.w / 2, work.y + work.h / 2);
        await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
        const zoomed = await box('work');
        assert.ok(Math.abs(zoomed.x - 10) <= 0.5 && Math.abs(zoomed.w - 1180) <= 0.5, 'zoomed');
        await page.keyboard.press('Escape');
        await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
        const back = await box('work');
        assert.ok(Math.abs(back.x - work.x) < 0.01 && Math.abs(back.w - work.w) < 0.01, 'reset');
        page.once('dialog', (d) => d.accept('compute'));
        await page.keyboard.press('Control+f');
        assert.equal(await frame.evaluate(() => document.getElementById('matched').textContent),
          'Matched: 72.1%');
        noPageErrors();
      });
    }

    it('colours search matches with --search-color', async () => {
      const color = '#00c000';
      await open(writeSvg(renderer.render(SMALL, { looks: { searchColor: color } })));
      const g0 = await graph();
      await search('compute');
      const g = await graph();
      for (const f of g.frames) {
        const want = /compute/.test(f.name) ? hexToRgb(color) : g0.frames[f.i].fill;
        assert.equal(f.fill, want, `frame ${f.i} ${f.name} fill`);
      }
      assert.equal(await text('#matched'), 'Matched: 72.1%');
      await page.click('#search'); /* Reset Search */
      await settle();
      assert.deepEqual((await graph()).frames.map((f) => f.fill), g0.frames.map((f) => f.fill),
        'fills restored');
      noPageErrors();
    });

    it('zooms and searches a graph in weight order (--sort weight)', async () => {
      /* foo and foo2 are the split-sibling case: flamegraph.pl's order has
       * two foo frames under main, weight order one */
      const folded = SMALL + 'main;foo;x 1\nmain;foo2;y 1\nmain;foo 3\n';
      await open(writeSvg(renderer.render(folded, { looks: { sort: 'weight' } })));
      const g0 = await graph();
      assertSamplesMatchRects(g0);
      const texts0 = await visibleTexts();
      for (const p of g0.frames) {
        const kids = g0.frames.filter((f) => f.parent === p.i);
        const names = new Set(kids.map((f) => f.name));
        assert.equal(names.size, kids.length, `children of ${p.name}: one frame per name`);
        for (let k = 1; k < kids.length; k++) {
          const a = kids[k - 1];
          const b = kids[k];
          assert.ok(a.n > b.n || (a.n === b.n && a.name < b.name),
            `children of ${p.name}: ${a.name} (${a.n}) before ${b.name} (${b.n})`);
          assert.equal(b.s, a.s + a.n, `${b.name} starts where ${a.name} ends`);
        }
      }
      const foo = byName(g0, 'foo');
      assert.equal(foo.n, 4, 'the two parts of foo are one frame');
      assert.equal(g0.frames[foo.i + 1].name, 'x', 'foo holds x');
      for (const name of ['work', 'foo', 'compute_c', 'main']) {
        await page.keyboard.press('Escape');
        await clickFrame((await graph()).frames[byName(g0, name).i]);
        await assertZoomed(g0, byName(g0, name).i);
      }
      await page.keyboard.press('Escape');
      await settle();
      await assertUnzoomed(g0, texts0);
      await search('^foo');
      assert.equal(await text('#matched'), expectedMatched(g0, /^foo/));
      noPageErrors();
    });

    it('cuts long labels at the start with --truncate left, zoomed too', async () => {
      const long = 'com/example/very/long/package/name/for/a/test/SomeClass::someMethod';
      const folded = `main;${long} 20\nmain;other 40\nrest 100\n`;
      await open(writeSvg(renderer.render(folded, { looks: { truncate: 'left' } })));
      const g0 = await graph();
      const f0 = byName(g0, long);
      const check = async (w, when) => {
        const chars = Math.floor(w / g0.charWidth);
        const got = (await visibleTexts()).filter((t) => t.s.endsWith('someMethod') || t.s.startsWith('..'))
          .map((t) => t.s);
        assert.ok(chars >= 3 && chars < long.length, `${when}: the name is cut (${chars} characters)`);
        assert.ok(got.length === 1, `${when}: one label, ${JSON.stringify(got)}`);
        assert.ok(got[0].startsWith('..') && long.endsWith(got[0].slice(2)),
          `${when}: "${got[0]}" is ".." and the end of the name`);
        assert.ok(got[0].length <= chars, `${when}: "${got[0]}" within ${chars} characters`);
      };
      await check(f0.n * (g0.width - 2 * g0.xpad) / g0.total, 'as loaded');
      /* zoomed into main, the name still does not fit: the zoomed label is cut the same way */
      await clickFrame(byName(g0, 'main'));
      await check(f0.n * (g0.width - 2 * g0.xpad) / byName(g0, 'main').n, 'zoomed');
      noPageErrors();
    });

    if (renderer.bin) {
      const inputs = process.env.COMPAT_INPUTS || path.join(__dirname, '..', '..', 'fixtures', 'compat', 'inputs');
      for (const [file, opts] of [['example-perf.folded', {}], ['example-perf.folded', { inverted: true }],
        ['example-dtrace.folded', {}]]) {
        it(`zooms, resets and searches ${file}${opts.inverted ? ' (icicle)' : ''}`, async () => {
          const folded = fs.readFileSync(path.join(inputs, file), 'utf8');
          await open(writeSvg(renderer.render(folded, opts)));
          const g0 = await graph();
          assertSamplesMatchRects(g0);
          const texts0 = await visibleTexts();
          /* the writer fits labels by the same rule as the script */
          await assertLabels(g0, (f) => f.n * (g0.width - 2 * g0.xpad) / g0.total);
          /* a deep narrow frame, a wide one, and one in between */
          const candidates = g0.frames.filter((f) => f.depth > 0 && f.box.w > 4)
            .sort((a, b) => a.n - b.n);
          const picks = [candidates[0], candidates[Math.floor(candidates.length / 2)],
            candidates[candidates.length - 1]];
          for (const f of picks) {
            await page.keyboard.press('Escape'); /* the next pick may be out of view */
            await clickFrame((await graph()).frames[f.i]);
            await assertZoomed(g0, f.i);
          }
          await page.click('#unzoom');
          await settle();
          await assertUnzoomed(g0, texts0);
          for (const re of [/read/, /^java/, /a/i]) {
            if (re.flags.includes('i')) await page.keyboard.press('Control+i');
            await search(re.source, 'Control+f');
            assert.equal(await text('#matched'), expectedMatched(g0, re), `search ${re}`);
          }
          noPageErrors();
        });
      }
    }
  });
}
});
}
