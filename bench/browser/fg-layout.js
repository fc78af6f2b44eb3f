'use strict';
/*
 * fg-layout.js - rewrites an SVG written by cflamegraph so that its frames
 * are laid out the way flamegraph.pl lays them out, to compare sizes and
 * browser timings on exactly the same frames.
 *
 *   node bench/browser/fg-layout.js [--script FILE] [--stats] in.svg [out.svg]
 *
 * Every frame becomes
 *
 *   <g >\n<title>T</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"
 *   fill="rgb(..)" rx="2" ry="2" />\n<text  x="%.2f" y="%.2f" >LABEL</text>\n</g>\n
 *
 * (flamegraph.pl's layout: all frames siblings, a <text> for every frame,
 * empty when no label fits).  Frames with --nameattr attributes keep them
 * on the <g> (an href makes it an <a>), without cflamegraph's s and n.
 * The label of a frame is the one in cflamegraph's #labels layer at that
 * frame's position (the same rule flamegraph.pl applies); the layer itself
 * is dropped, and so is #frames' data-frames attribute (counted with our
 * frames in --stats).  Everything before #frames (header, stylesheet, texts) and
 * after the frames (the script) is kept as it is, so that a size
 * comparison measures the frames only; --script FILE replaces the content
 * of the last <script> element by FILE (bench/browser/fg-script.js does
 * the interactive work the flamegraph.pl way on this layout).
 *
 * --stats prints, instead of the document, the bytes of the input and of
 * the output, whole and for the frames alone, as JSON.
 *
 * The file is processed as bytes (latin1 strings), so any encoding and any
 * bytes in names are copied through unchanged.  Written for this bench, not
 * a general XML tool: it expects cflamegraph's document structure
 * (docs/svg-format.md).
 */
const fs = require('fs');

const ATTR = /\s*([^\s=>/]+)\s*=\s*"([^"]*)"/y;

function parseAttrs(s) {
  const out = [];
  ATTR.lastIndex = 0;
  let m;
  while ((m = ATTR.exec(s)) !== null) {
    out.push([m[1], m[2]]);
  }
  return out;
}

/* The element starting at text[pos] ('<'): {tag, attrs, selfClosing, end} */
const START_TAG = /<([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+\s*=\s*"[^"]*")*)\s*(\/?)>/y;
const END_TAG = /<\/([A-Za-z][\w:.-]*)\s*>/y;

function startTagAt(text, pos) {
  START_TAG.lastIndex = pos;
  const m = START_TAG.exec(text);
  if (!m || m.index !== pos) {
    throw new Error(`fg-layout: expected a start tag at byte ${pos}: ${JSON.stringify(text.slice(pos, pos + 60))}`);
  }
  return { tag: m[1], attrs: parseAttrs(m[2]), selfClosing: m[3] === '/', end: START_TAG.lastIndex };
}

function skipSpace(text, pos) {
  while (pos < text.length && /\s/.test(text[pos])) pos++;
  return pos;
}

/*
 * Reads the children of the element whose start tag ends at pos, up to its
 * end tag.  Calls onChild(child) for each child element with
 * {tag, attrs, children: [{tag, attrs, text}]} (one level below is enough
 * for frames).  Returns the position after the end tag.
 */
function readChildren(text, pos, onChild) {
  for (;;) {
    pos = skipSpace(text, pos);
    if (text.startsWith('</', pos)) {
      END_TAG.lastIndex = pos;
      if (!END_TAG.exec(text)) throw new Error(`fg-layout: bad end tag at byte ${pos}`);
      return END_TAG.lastIndex;
    }
    const st = startTagAt(text, pos);
    const el = { tag: st.tag, attrs: st.attrs, children: [], text: '' };
    pos = st.end;
    if (!st.selfClosing) {
      for (;;) {
        const lt = text.indexOf('<', pos);
        if (lt < 0) throw new Error('fg-layout: unterminated element');
        el.text += text.slice(pos, lt);
        pos = lt;
        if (text.startsWith('</', pos)) {
          END_TAG.lastIndex = pos;
          END_TAG.exec(text);
          pos = END_TAG.lastIndex;
          break;
        }
        const cs = startTagAt(text, pos);
        const child = { tag: cs.tag, attrs: cs.attrs, text: '' };
        pos = cs.end;
        if (!cs.selfClosing) {
          const close = text.indexOf('</', pos);
          child.text = text.slice(pos, close);
          END_TAG.lastIndex = close;
          END_TAG.exec(text);
          pos = END_TAG.lastIndex;
        }
        el.children.push(child);
      }
    }
    onChild(el);
  }
}

function attr(el, name) {
  const a = el.attrs.find(([k]) => k === name);
  return a ? a[1] : null;
}

function convert(text, { script = null } = {}) {
  const framesAt = text.search(/<g\s+id="frames"/);
  if (framesAt < 0) throw new Error('fg-layout: no <g id="frames">');
  const framesStart = startTagAt(text, framesAt);
  /* data-frames (the structure, per frame) is ours: flamegraph.pl has none,
   * and its bytes count as frame bytes */
  const startTag = text.slice(framesAt, framesStart.end);
  const table = /\s+data-frames="[^"]*"/.exec(startTag);
  const tableBytes = table ? table[0].length : 0;
  const head = text.slice(0, framesAt) + (table ? startTag.replace(table[0], '') : startTag) + '\n';

  const frames = [];
  let pos = readChildren(text, framesStart.end, (el) => frames.push(el));
  const framesEnd = pos;

  /* the labels layer, if any: labels by row and x */
  const labels = new Map();
  let tailFrom = framesEnd;
  const labelsAt = text.slice(framesEnd, framesEnd + 200).search(/<g\s+id="labels"/);
  if (labelsAt >= 0) {
    const st = startTagAt(text, framesEnd + labelsAt);
    tailFrom = readChildren(text, st.end, (el) => {
      const key = `${Number(attr(el, 'y'))}`;
      if (!labels.has(key)) labels.set(key, []);
      labels.get(key).push({ x: Number(attr(el, 'x')), text: el.text });
    });
  }
  let tail = text.slice(tailFrom);
  if (script !== null) {
    const open = tail.lastIndexOf('<script');
    const close = tail.lastIndexOf('</script>');
    if (open < 0 || close < open) throw new Error('fg-layout: no <script> to replace');
    const openEnd = tail.indexOf('>', open) + 1;
    tail = tail.slice(0, openEnd) + '<![CDATA[\n' + script + ']]>' + tail.slice(close);
  }

  const out = [];
  let frameBytes = 0;
  for (const el of frames) {
    const rect = el.children.find((c) => c.tag === 'rect');
    if (!rect) continue;
    const title = el.children.find((c) => c.tag === 'title');
    const inner = el.children.find((c) => c.tag === 'text');
    const x = Number(attr(rect, 'x'));
    const y = Number(attr(rect, 'y'));
    const w = Number(attr(rect, 'width'));
    const h = Number(attr(rect, 'height'));
    const ty = y + h / 2 + 3;
    let label = inner ? inner.text : '';
    if (!inner) {
      const row = labels.get(`${ty}`);
      if (row) {
        const k = row.findIndex((l) => Math.abs(l.x - (x + 3)) <= 0.11);
        if (k >= 0) label = row.splice(k, 1)[0].text;
      }
    }
    const extra = el.attrs.filter(([k]) => k !== 's' && k !== 'n')
      .map(([k, v]) => ` ${k}="${v}"`).join('');
    const s = `<${el.tag}${extra} >\n<title>${title ? title.text : ''}</title>` +
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" ` +
      `fill="${attr(rect, 'fill')}" rx="2" ry="2" />\n` +
      `<text  x="${(x + 3).toFixed(2)}" y="${ty.toFixed(2)}" >${label}</text>\n</${el.tag}>\n`;
    frameBytes += s.length;
    out.push(s);
  }
  const doc = head + out.join('') + '</g>\n' + tail.replace(/^\s*\n/, '');
  return {
    doc,
    stats: {
      in_bytes: text.length,
      in_frame_bytes: tailFrom - framesStart.end + tableBytes,
      out_bytes: doc.length,
      out_frame_bytes: frameBytes,
      frames: out.length,
    },
  };
}

module.exports = { convert };

if (require.main === module) {
  const args = process.argv.slice(2);
  let script = null;
  let stats = false;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--script') script = fs.readFileSync(args[++i], 'latin1');
    else if (args[i] === '--stats') stats = true;
    else files.push(args[i]);
  }
  if (files.length < 1 || files.length > 2) {
    process.stderr.write('usage: fg-layout.js [--script FILE] [--stats] in.svg [out.svg]\n');
    process.exit(2);
  }
  const r = convert(fs.readFileSync(files[0], 'latin1'), { script });
  const output = stats ? JSON.stringify(r.stats) + '\n' : r.doc;
  if (files[1]) fs.writeFileSync(files[1], output, 'latin1');
  else process.stdout.write(Buffer.from(output, 'latin1'));
}
