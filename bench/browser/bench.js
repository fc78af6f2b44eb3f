'use strict';
/*
 * bench.js - how fast the interactive script is on a big graph, in Chromium.
 *
 *   npm ci --prefix tests/browser
 *   node bench/browser/bench.js [--frames N] [--runs N] [--decimals N] [--rounded] [--boxed]
 *        [--ours-only] [--strict] [--firefox]
 *
 * Renders a synthetic profile of >= 30,000 drawn frames (with the C renderer
 * when CFLAMEGRAPH names it, else with tests/browser/fixture-svg.js), and
 * the same frames laid out as flamegraph.pl lays them out
 * (bench/browser/fg-layout.js) with a script that does the same work the
 * way flamegraph.pl's does (bench/browser/fg-script.js); then reports for
 * both the median of --runs (5) measurements of:
 *   load   navigation start -> first animation frame after the load event
 *          (the script has run and the graph is painted and clickable)
 *   init   the script's own initialisation (part of load)
 *   zoom   click on a frame -> requestAnimationFrame + setTimeout(0), i.e.
 *          after style, layout and paint; a different frame each run (the
 *          largest subtrees), half a second after the load
 *   reset  click on "Reset Zoom" -> same
 * --decimals N: x and width written with N decimals (fixture only, default 1);
 * --rounded: rounded corners added back (flamegraph.pl's rx=2), to show
 * what they cost; --boxed: the frames' <g> not unboxed (display: contents
 * off), to show what unboxing saves.
 * A third column, the browser floor, measures the browser alone on our
 * frames: load of the same SVG with its scripts removed, and zoom/reset as
 * one transform set on #frames (and removed) from outside, no script work.
 * --ours-only: skip the flamegraph.pl layout.
 * --firefox: in Firefox (tests/browser/firefox.js) instead of Chromium.
 * Exits 1 when a median of cflamegraph's misses its target (load 1000 ms,
 * zoom/reset 100 ms) and --strict is given.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { makeFolded } = require('./make-graph');
const { svgFromFolded } = require('../../tests/browser/fixture-svg');
const { launchEngine } = require('../../tests/browser/browser');
const { convert } = require('./fg-layout');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const targetFrames = arg('--frames', 32000);
  const runs = arg('--runs', 5);
  const strict = process.argv.includes('--strict');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-bench-'));
  const folded = makeFolded({ targetFrames });
  const foldedPath = path.join(tmp, 'big.folded');
  fs.writeFileSync(foldedPath, folded);
  let svg;
  let renderer;
  if (process.env.CFLAMEGRAPH) {
    svg = execFileSync(process.env.CFLAMEGRAPH, [foldedPath], { maxBuffer: 1 << 30 }).toString();
    renderer = process.env.CFLAMEGRAPH;
  } else {
    const decimals = arg('--decimals', 1);
    svg = svgFromFolded(folded, { decimals });
    renderer = `tests/browser/fixture-svg.js (x and width with ${decimals} decimal${decimals === 1 ? '' : 's'})`;
  }
  if (process.argv.includes('--rounded')) {
    /* what rounded corners (flamegraph.pl's rx=2) would cost */
    svg = svg.replace('.hide{display:none}', '#frames rect{rx:2px;ry:2px}\n.hide{display:none}');
    renderer += ', with rounded corners';
  }
  if (process.argv.includes('--boxed')) {
    /* the frames' <g> as ordinary groups (no display: contents) */
    svg = svg.replace(/\.unboxed #frames(&gt;|>)g\{display:contents\}/, '');
    renderer += ', frames boxed';
  }
  const svgPath = path.join(tmp, 'big.svg');
  fs.writeFileSync(svgPath, svg);

  /* the same frames in flamegraph.pl's layout, with a script doing the
   * same work the flamegraph.pl way (bench/browser/fg-layout.js, fg-script.js) */
  const fgPath = path.join(tmp, 'big-fg.svg');
  const withFg = !process.argv.includes('--ours-only');
  if (withFg) {
    const script = fs.readFileSync(path.join(__dirname, 'fg-script.js'), 'latin1');
    fs.writeFileSync(fgPath, convert(fs.readFileSync(svgPath, 'latin1'), { script }).doc, 'latin1');
  }
  /* the browser's own floor: the same document without its scripts (load),
   * and one transform set on #frames from outside (zoom, reset) */
  const floorPath = path.join(tmp, 'big-static.svg');
  fs.writeFileSync(floorPath, svg.replace(/<script[^>]*>[\s\S]*?<\/script>/g, ''));
  const layouts = [{ name: 'cflamegraph', file: svgPath }];
  if (withFg) layouts.push({ name: 'flamegraph.pl layout', file: fgPath });
  const floor = { name: 'browser floor', file: floorPath, load: [], init: [], zoom: [], reset: [] };

  const engine = process.argv.includes('--firefox') ? 'firefox' : 'chromium';
  const { context, close } = await launchEngine(engine);
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 1100 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.addInitScript(() => {
      window.addEventListener('load', () => {
        requestAnimationFrame(() => setTimeout(() => {
          window.__interactiveAt = performance.now();
        }, 0));
      });
    });

    const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const open = async (file) => {
      await page.goto('file://' + file);
      await page.waitForFunction(() => window.__interactiveAt !== undefined);
      return page.evaluate(() => {
        const a = performance.getEntriesByName('cflamegraph-start')[0];
        const b = performance.getEntriesByName('cflamegraph-ready')[0];
        return { load: window.__interactiveAt, init: a && b ? b.startTime - a.startTime : NaN };
      });
    };

    /* loads, the layouts alternating; the first round warms the disk cache
     * and the browser */
    for (const l of layouts) {
      l.load = [];
      l.init = [];
      l.zoom = [];
      l.reset = [];
    }
    for (let r = 0; r < runs + 1; r++) {
      for (const l of layouts.concat(floor)) {
        const t = await open(l.file);
        if (r > 0) {
          l.load.push(t.load);
          l.init.push(t.init);
        }
      }
    }

    await open(svgPath);
    const info = await page.evaluate(() => {
      const frames = Array.from(document.getElementById('frames').children);
      const y0 = parseFloat(frames[0].querySelector('rect').getAttribute('y'));
      const fh = parseFloat(document.getElementById('frames').getAttribute('data-frameheight'));
      const depth = frames.map((g) => Math.round(Math.abs(parseFloat(g.querySelector('rect').getAttribute('y')) - y0) / fh));
      /* subtree sizes, to pick zoom targets from large to small */
      const endOf = new Array(frames.length).fill(frames.length);
      const stack = [];
      depth.forEach((d, i) => {
        while (stack.length && depth[stack[stack.length - 1]] >= d) endOf[stack.pop()] = i;
        stack.push(i);
      });
      return { count: frames.length, sub: endOf.map((e, i) => e - i) };
    });
    /* the largest subtrees below the root: the most work for a zoom */
    const candidates = info.sub.map((n, i) => [n, i]).filter(([, i]) => i > 0)
      .sort((a, b) => b[0] - a[0]);
    const targets = [];
    for (const [, i] of candidates) {
      if (targets.length >= runs) break;
      targets.push(i);
    }

    const timeClick = (selectorOrIndex) => page.evaluate((sel) => new Promise((resolve) => {
      const el = typeof sel === 'number'
        ? document.getElementById('frames').children[sel].querySelector('rect')
        : document.querySelector(sel);
      const t0 = performance.now();
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    }), selectorOrIndex);

    /* zooms: a fresh load per layout, half a second for the browser to go
     * idle (no one clicks sooner), then each target zoomed and reset */
    const subtree = targets.map((i) => info.sub[i]);
    for (const l of layouts) {
      await open(l.file);
      await page.waitForTimeout(500);
      await settle();
      for (const i of targets) {
        l.zoom.push(await timeClick(i));
        l.reset.push(await timeClick('#unzoom'));
      }
    }
    /* the floor of a zoom: the browser redrawing the frames under one new
     * transform on #frames that stretches the target's x range to the full
     * width (read from its rectangle), with no script work at all */
    const timeTransform = (i) => page.evaluate((i) => new Promise((resolve) => {
      const frames = document.getElementById('frames');
      const t0 = performance.now();
      if (i < 0) {
        frames.removeAttribute('transform');
      } else {
        const r = frames.children[i].querySelector('rect');
        const x = parseFloat(r.getAttribute('x'));
        const w = parseFloat(r.getAttribute('width'));
        const all = parseFloat(frames.children[0].querySelector('rect').getAttribute('width'));
        const xpad = parseFloat(frames.getAttribute('data-xpad'));
        const k = all / w;
        frames.setAttribute('transform', `matrix(${k},0,0,1,${xpad - k * x},0)`);
      }
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    }), i);
    await open(floorPath);
    await page.waitForTimeout(500);
    await settle();
    for (const i of targets) {
      floor.zoom.push(await timeTransform(i));
      floor.reset.push(await timeTransform(-1));
    }
    layouts.push(floor);
    if (errors.length) {
      throw errors[0];
    }

    console.log(`renderer: ${renderer}`);
    console.log(`graph: ${info.count} frames; cflamegraph SVG ${(fs.statSync(svgPath).size / 1e6).toFixed(2)} MB` +
      (withFg ? `, flamegraph.pl layout ${(fs.statSync(fgPath).size / 1e6).toFixed(2)} MB` : ''));
    console.log(`zoom targets with ${subtree.join(', ')} frames in their subtrees`);
    console.log(`median of ${runs} runs, ${engine === 'firefox' ? 'Firefox' : 'Chromium'} headless (${os.cpus().length} CPUs); ` +
      'flamegraph.pl layout: bench/browser/fg-layout.js + fg-script.js;\n' +
      'browser floor: load = our SVG without its scripts, zoom/reset = one transform set on #frames and removed, no script\n');
    const measures = [
      ['load (to interactive)', 'load', 1000],
      ['  of which script init', 'init', null],
      ['zoom', 'zoom', 100],
      ['reset', 'reset', 100],
    ];
    let head = 'measure                   target ms';
    for (const l of layouts) head += `   ${(l.name + ' median').padStart(27)}  all runs`.padEnd(60);
    console.log(head.trimEnd());
    let failed = 0;
    for (const [label, key, target] of measures) {
      let line = `${label.padEnd(25)} ${(target === null ? '' : String(target)).padStart(9)}`;
      layouts.forEach((l, k) => {
        const med = median(l[key]);
        const ok = target === null || med <= target;
        if (!ok && k === 0) failed++;
        if (Number.isNaN(med)) {
          line += `   ${'-'.padStart(26)}`.padEnd(60);
          return;
        }
        line += `   ${med.toFixed(1).padStart(26)}${ok ? ' ' : '!'}  ${l[key].map((v) => v.toFixed(0)).join(' ')}`.padEnd(60);
      });
      console.log(line.trimEnd());
    }
    if (info.count < 30000) {
      console.log(`warning: only ${info.count} frames drawn`);
    }
    if (strict && failed) {
      process.exitCode = 1;
    }
  } finally {
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('bench-browser: ' + (e && e.stack || e));
  process.exit(1);
});
