// Holds src/config/envfile.c to the real dotenv package (tests/node, pinned):
// every file of the corpus and a few thousand generated ones are read by
// both, and every key and value must agree. Usage:
//   node dotenv_oracle.js NODE_MODULES DUMP_PROGRAM CORPUS_DIR [GENERATED]
'use strict'
const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFileSync } = require('child_process')

const [nodeModules, dump, corpus, generatedArg] = process.argv.slice(2)
const dotenv = require(path.join(nodeModules, 'dotenv'))
const generated = Number(generatedArg || 0)
let passed = 0
let failed = 0

function ours (files) {
  const out = execFileSync(dump, files, { maxBuffer: 1 << 28 }).toString()
  return out.split('\n').filter(l => l !== '').map(l => JSON.parse(l))
}

function compare (name, buf, got) {
  const want = dotenv.parse(buf)
  const problems = []
  for (const k of Object.keys(want)) {
    if (!Object.prototype.hasOwnProperty.call(got.values, k)) {
      problems.push(`key ${JSON.stringify(k)} missing (dotenv: ${JSON.stringify(want[k])})`)
    } else if (got.values[k] !== want[k]) {
      problems.push(`key ${JSON.stringify(k)}: dotenv ${JSON.stringify(want[k])}, ours ${JSON.stringify(got.values[k])}`)
    }
  }
  for (const k of Object.keys(got.values)) {
    if (!Object.prototype.hasOwnProperty.call(want, k)) {
      problems.push(`key ${JSON.stringify(k)} is ours only (${JSON.stringify(got.values[k])})`)
    }
  }
  if (problems.length === 0) {
    passed++
    return true
  }
  failed++
  console.log(`FAIL ${name}: ${problems.join('; ')}`)
  return false
}

// The corpus: every file, named in the log.
const files = fs.readdirSync(corpus).filter(f => f.endsWith('.env')).sort()
  .map(f => path.join(corpus, f))
if (files.length < 40) {
  console.log(`FAIL corpus ${corpus} has ${files.length} files, expected 40 or more`)
  failed++
}
const results = ours(files)
files.forEach((f, i) => {
  if (compare(path.basename(f), fs.readFileSync(f), results[i])) {
    console.log(`ok   ${path.basename(f)} (${Object.keys(results[i].values).length} keys)`)
  }
})

// Generated files: pieces that are known to be tricky, shuffled by a seeded
// generator so that a failure can be replayed (ORACLE_SEED).
const seed = Number(process.env.ORACLE_SEED || 20260220)
let state = seed >>> 0
function rnd (n) {
  state = (state + 0x6D2B79F5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0
}
const pieces = ['A', 'B', 'KEY', 'x.y', 'a-b', '1', 'export', 'export ', '=', ' = ',
  ':', ': ', '#', ' #', '# c', "'", '"', '`', '\\', '\\n', '\\"', "\\'", '\\r', ' ', '\t', '\n',
  '\r\n', '\r', 'value', 'v#w', '\u00a0', '\ufeff', '\u2028', '\u2029', '\u200b', '\u3000',
  'é', '$X', '${A}', '\u000b', '\f', 'a b', '__proto__', '\xff']
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dotenv-oracle-'))
const inputs = []
for (let i = 0; i < generated; i++) {
  let s = ''
  const lines = 1 + rnd(5)
  for (let l = 0; l < lines; l++) {
    if (rnd(3) > 0) s += ['A', 'B', 'KEY', 'export A', ' C'][rnd(5)] + ['=', ' = ', ': ', ':', '\n='][rnd(5)]
    const n = rnd(8)
    for (let j = 0; j < n; j++) s += pieces[rnd(pieces.length)]
    s += ['\n', '\r\n', '', '\n\n'][rnd(4)]
  }
  const buf = Buffer.from(s, 'utf8')
  // Some files get raw invalid UTF-8 bytes as well.
  const bytes = rnd(4) === 0 ? Buffer.concat([buf, Buffer.from([0xe2, 0x82, 0x41, 0xff])]) : buf
  const f = path.join(tmp, `g${i}.env`)
  fs.writeFileSync(f, bytes)
  inputs.push(f)
}
let genFailed = 0
for (let i = 0; i < inputs.length; i += 500) {
  const chunk = inputs.slice(i, i + 500)
  ours(chunk).forEach((r, j) => {
    const buf = fs.readFileSync(chunk[j])
    if (!compare(`generated #${i + j} (seed ${seed}) ${JSON.stringify(buf.toString('latin1'))}`, buf, r)) genFailed++
  })
}
if (generated > 0) console.log(`${genFailed === 0 ? 'ok  ' : 'FAIL'} ${generated} generated files (seed ${seed}), ${genFailed} differ`)
fs.rmSync(tmp, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
