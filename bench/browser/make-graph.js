'use strict';
/*
 * make-graph.js - a synthetic profile big enough to benchmark the interactive
 * script: deterministic (seeded), shaped like a real one (a few hot paths,
 * long tails of rarely sampled call chains, 20-60 frames deep).
 *
 *   node bench/browser/make-graph.js [--frames N] [--unbounded] > big.folded
 *
 * makeFolded({targetFrames}) returns folded text whose graph, at the default
 * 1200 px width, draws at least targetFrames frames.  With maxTotal the
 * sum of the counts may grow past 11,000 (then one sample is narrower than
 * --minwidth's 0.1 px, and all frames are drawn only with --minwidth 0).
 */

function rng(seed) {
  let s = seed >>> 0;
  return function () {
    /* mulberry32 */
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['read', 'write', 'parse', 'encode', 'decode', 'hash', 'lookup', 'insert',
  'flush', 'alloc', 'free', 'lock', 'unlock', 'send', 'recv', 'compress', 'render', 'sort'];
const NOUNS = ['buffer', 'page', 'node', 'table', 'record', 'packet', 'frame', 'block',
  'entry', 'index', 'cache', 'socket', 'file', 'string', 'vector', 'tree', 'queue', 'map'];
const MODULES = ['core', 'net', 'io', 'db', 'ui', 'util', 'mm', 'fs', 'sched', 'crypto'];

function makeFolded({ targetFrames = 32000, seed = 1, maxTotal = 11000 } = {}) {
  const rand = rng(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const fname = () => `${pick(MODULES)}::${pick(VERBS)}_${pick(NOUNS)}`;
  /* Each stack branches off a previous one at a random depth, so prefixes are
   * shared the way call trees share them.  Every stack has count >= 1 and the
   * total stays below 11,800 so that one sample is >= 0.1 px wide. */
  const lines = [];
  const stacks = [];
  let frames = 1;
  let total = 0;
  const base = ['[unknown]', 'start_thread', 'main_loop'];
  while (frames < targetFrames * 1.02 && total < maxTotal) {
    let stack;
    if (stacks.length && rand() < 0.97) {
      const prev = pick(stacks);
      const keep = Math.floor(rand() * prev.length);
      stack = prev.slice(0, keep);
    } else {
      stack = base.slice(0, 1 + Math.floor(rand() * 3));
    }
    const depth = 20 + Math.floor(rand() * 40);
    const added = Math.max(1, depth - stack.length);
    for (let i = 0; i < added; i++) {
      stack.push(fname());
    }
    frames += added;
    const count = rand() < 0.9 ? 1 : 1 + Math.floor(rand() * 8);
    total += count;
    stacks.push(stack);
    lines.push(`${stack.join(';')} ${count}`);
  }
  return lines.join('\n') + '\n';
}

module.exports = { makeFolded };

if (require.main === module) {
  const i = process.argv.indexOf('--frames');
  const target = i > 0 ? Number(process.argv[i + 1]) : 32000;
  const opts = { targetFrames: target };
  if (process.argv.includes('--unbounded')) opts.maxTotal = Infinity;
  process.stdout.write(makeFolded(opts));
}
