// match.js - run the patterns of cases.txt through JavaScript's RegExp, as
// the SVG's search does (new RegExp(text) or new RegExp(text, 'i')), and
// print one line per pattern: "ERR" when RegExp refuses it, else one 0 or
// 1 per name.  usage: node tests/regex/match.js tests/regex/cases.txt
'use strict';
const fs = require('fs');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
const names = [];
const out = [];
for (const line of lines) {
  if (line === '' || line.startsWith('#')) continue;
  const f = line.split('\t');
  if (f[0] === 'N') {
    names.push(line.slice(2));
    continue;
  }
  // same<TAB>flags<TAB>pattern, or diff<TAB>flags<TAB>pattern<TAB>why
  const pattern = f[0] === 'diff' ? f[2] : f.slice(2).join('\t');
  let re;
  try {
    re = new RegExp(pattern, f[1]);
  } catch (e) {
    out.push('ERR');
    continue;
  }
  out.push(names.map((n) => (re.test(n) ? '1' : '0')).join(''));
}
process.stdout.write(out.join('\n') + '\n');
