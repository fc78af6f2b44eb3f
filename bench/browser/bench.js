'use strict';
/*
 * bench.js - how fast the interactive script is on a big graph, in Chromium.
 *
 *   npm ci --prefix tests/browser
 *   node bench/browser/bench.js [--frames N] [--runs N] [--decimals N] [--square] [--strict]
 *
 * Renders a synthetic profile of >= 30,000 drawn frames (with the C renderer
 * when CFLAMEGRAPH names it, else with tests/browser/fixture-svg.js), then
 * reports the median of --runs (5) measurements of:
 *   load   navigation start -> first animation frame after the load event
 *          (the script has run and the graph is painted and clickable)
 *   init   the script's own initialisation (part of load)
 *   zoom   click on a frame -> requestAnimationFrame + setTimeout(0), i.e.
 *          after style, layout and paint; a different frame each run
 *   reset  click on "Reset Zoom" -> same
 * --decimals N: x and width written with N decimals (fixture only, default 1);
 * --square: the writer's "#frames rect {rx; ry}" rule removed, to show what
 * rounded corners cost (they are re-rastered on every zoom).
 * Exits 1 when a median misses its target (load 1000 ms, zoom/reset 100 ms)
 * and --strict is given.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { makeFolded } = require('./make-graph');
const { svgFromFolded } = require('../../tests/browser/fixture-svg');
const { launch } = require('../../tests/browser/browser');

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
  if (process.argv.includes('--square')) {
    /* what the writer's rounded corners cost: the same graph without them */
    svg = svg.replace(/#frames rect\s*\{[^}]*\}/, '');
    renderer += ', rounded corners removed';
  }
  const svgPath = path.join(tmp, 'big.svg');
  fs.writeFileSync(svgPath, svg);

  const { context, close } = await launch();
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

    const load = [];
    const init = [];
    for (let r = 0; r < runs + 1; r++) {
      await page.goto('file://' + svgPath);
      await page.waitForFunction(() => window.__interactiveAt !== undefined);
      const t = await page.evaluate(() => {
        const a = performance.getEntriesByName('cflamegraph-start')[0];
        const b = performance.getEntriesByName('cflamegraph-ready')[0];
        return { load: window.__interactiveAt, init: a && b ? b.startTime - a.startTime : NaN };
      });
      if (r > 0) { /* the first run warms the disk cache and the browser */
        load.push(t.load);
        init.push(t.init);
      }
    }

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

    const zoom = [];
    const reset = [];
    const subtree = [];
    for (const i of targets) {
      zoom.push(await timeClick(i));
      subtree.push(info.sub[i]);
      reset.push(await timeClick('#unzoom'));
    }
    if (errors.length) {
      throw errors[0];
    }

    const rows = [
      ['load (to interactive)', median(load), 1000],
      ['  of which script init', median(init), null],
      ['zoom', median(zoom), 100],
      ['reset', median(reset), 100],
    ];
    console.log(`renderer: ${renderer}`);
    console.log(`graph: ${info.count} frames, ${(svg.length / 1e6).toFixed(1)} MB; ` +
      `zoom targets with ${subtree.join(', ')} frames in their subtrees`);
    console.log(`median of ${runs} runs, Chromium headless (${os.cpus().length} CPUs)\n`);
    console.log('measure                   median ms   target ms   all runs');
    let failed = 0;
    for (const [name, med, target] of rows) {
      const ok = target === null || med <= target;
      if (!ok) failed++;
      const all = name === 'zoom' ? zoom : name === 'reset' ? reset : name.startsWith('load') ? load : init;
      console.log(`${name.padEnd(25)} ${med.toFixed(1).padStart(9)}   ${(target === null ? '' : String(target)).padStart(9)}${ok ? ' ' : '!'}  ${all.map((v) => v.toFixed(0)).join(' ')}`);
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
