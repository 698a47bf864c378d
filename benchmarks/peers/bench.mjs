// Times Phala's dcap-qvl npm builds on the same quote + collateral + verification instant as
// teepol's JMH benchmarks, so docs/performance.md can state a ratio on one machine.
//
//   npm ci && node bench.mjs [--corpus DIR] [--sim DIR ...] [--seconds N]
//
// Cases:
//   corpus: ../../../shared/corpus/tdx/{dcapqvl-tdx-v4-uptodate,gotdx-tdx-v5-uptodate}, read in
//           place and skipped if absent; each case's collateral/dcap-qvl-collateral.json is already
//           in dcap-qvl's QuoteCollateralV3 shape, and expected.json gives the verification instant.
//   sim:    a directory written by `java -cp benchmarks/target/benchmarks.jar dev.teepol.bench.SimCaseWriter DIR`
//           (quote.bin, root_ca.der, verify_at_unix.txt, collateral/ in teepol's PCS v4 layout).
//           Only the pure-JS build accepts a custom root CA, so the WASM build is skipped there.
//
// Method: like JMH's average-time mode. Warm up for a while, then run timed iterations of a fixed
// number of ops each and report mean +- 99.9% half-width (Student t) over iterations, plus the
// median and minimum of the individually timed ops.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const js = require('@phala/dcap-qvl');
const wasm = await import('@phala/dcap-qvl-web');
wasm.initSync({ module: fs.readFileSync(require.resolve('@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm')) });

const args = parseArgs(process.argv.slice(2));
const corpusRoot = path.resolve(here, '../../../shared/corpus/tdx');
const corpusDirs = [].concat(args.corpus ?? ['dcapqvl-tdx-v4-uptodate', 'gotdx-tdx-v5-uptodate'].map((c) => path.join(corpusRoot, c)));
const seconds = Number(args.seconds ?? 1);
const iterations = Number(args.iterations ?? 5);

const cases = [];
for (const dir of corpusDirs) {
  if (!fs.existsSync(path.join(dir, 'quote.bin'))) {
    console.log(`# corpus case not found at ${dir}: skipped`);
    continue;
  }
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  cases.push({
    name: 'corpus/' + path.basename(dir),
    quote: fs.readFileSync(path.join(dir, 'quote.bin')),
    collateral: JSON.parse(fs.readFileSync(path.join(dir, 'collateral/dcap-qvl-collateral.json'), 'utf8')),
    rootCa: fs.readFileSync(path.join(dir, 'intel_sgx_root_ca.der')),
    nowSecs: Math.floor(Date.parse(expected.verify_at) / 1000),
    intelRoot: true,
  });
}
for (const dir of [].concat(args.sim ?? [])) {
  cases.push(simCase(dir));
}
if (cases.length === 0) {
  console.error('no cases');
  process.exit(2);
}

console.log(`# node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cpus`);
console.log(`# @phala/dcap-qvl ${pkgVersion('@phala/dcap-qvl')} (pure JS), @phala/dcap-qvl-web ${pkgVersion('@phala/dcap-qvl-web')} (Rust->WASM)`);
console.log(`# ${iterations} iterations of ~${seconds}s after ${seconds * 2}s warm-up; mean +- 99.9% CI`);
console.log('case\timpl\top\tmean_us/op\terror\tp50_us\tmin_us\tresult');
for (const c of cases) {
  const verifier = js.QuoteVerifier.newWithRootCa(c.rootCa);
  report(c, 'js', 'parse', () => js.Quote.parse(c.quote), (q) => `v${q.header.version}`);
  report(c, 'js', 'verify', () => verifier.verify(c.quote, c.collateral, c.nowSecs), (r) => r.status);
  if (c.intelRoot) {
    // The WASM build has no parse-only export and verifies against Intel's root only.
    report(c, 'wasm', 'verify', () => wasm.js_verify(c.quote, c.collateral, BigInt(c.nowSecs)), (r) => r.status);
  }
}

function report(c, impl, op, fn, describe) {
  let result;
  try {
    result = describe(fn());
  } catch (e) {
    console.log(`${c.name}\t${impl}\t${op}\t-\t-\t-\t-\tREJECTED: ${e?.message ?? String(e)}${e?.cause ? ' (' + e.cause.message + ')' : ''}`);
    return;
  }
  const { mean, err, p50, min } = time(fn);
  console.log(`${c.name}\t${impl}\t${op}\t${mean.toFixed(3)}\t${err.toFixed(3)}\t${p50.toFixed(3)}\t${min.toFixed(3)}\t${result}`);
}

/** Mean microseconds per op over timed iterations, after a warm-up that also sizes the batch. */
function time(fn) {
  let batch = 1;
  // Size a batch to ~seconds of work, warming up as we go.
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round(seconds * 2e9));
  let perOpNs = 0;
  while (process.hrtime.bigint() < warmEnd) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    perOpNs = Number(process.hrtime.bigint() - t0) / batch;
    if (perOpNs * batch < 1e8) batch *= 2;
  }
  const ops = Math.max(1, Math.round((seconds * 1e9) / Math.max(perOpNs, 1)));
  const iterationMeans = [];
  // Every op is also timed on its own, as JMH's sample mode does: on a shared machine the median
  // and the minimum say more about the code than the mean does.
  const perOp = new Float64Array(ops * iterations);
  let n = 0;
  for (let it = 0; it < iterations; it++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) {
      const s0 = process.hrtime.bigint();
      fn();
      perOp[n++] = Number(process.hrtime.bigint() - s0) / 1000;
    }
    iterationMeans.push(Number(process.hrtime.bigint() - t0) / ops / 1000);
  }
  const mean = iterationMeans.reduce((a, b) => a + b, 0) / iterationMeans.length;
  const sd = Math.sqrt(iterationMeans.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, iterationMeans.length - 1));
  const sorted = perOp.slice(0, n).sort();
  return {
    mean,
    err: tQuantile999(iterationMeans.length - 1) * sd / Math.sqrt(iterationMeans.length),
    p50: sorted[Math.floor(n / 2)],
    min: sorted[0],
  };
}

/** Two-sided 99.9% Student t quantiles, as JMH prints its error. */
function tQuantile999(df) {
  const table = { 1: 636.62, 2: 31.6, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78, 10: 4.59, 14: 4.14, 19: 3.88, 29: 3.66 };
  const keys = Object.keys(table).map(Number).filter((k) => k <= Math.max(df, 1));
  return table[Math.max(...keys)];
}

/** A teepol PCS-layout directory turned into dcap-qvl's QuoteCollateralV3. */
function simCase(dir) {
  // SimulatedDcap.writeTo puts quote.bin and root_ca.der at the top, the collateral under collateral/.
  const sub = fs.existsSync(path.join(dir, 'collateral')) ? path.join(dir, 'collateral') : dir;
  const read = (f) => fs.readFileSync(fs.existsSync(path.join(dir, f)) ? path.join(dir, f) : path.join(sub, f));
  const text = (f) => read(f).toString('utf8');
  const tcb = signedObject(text('tcb_info.json'), 'tcbInfo');
  const qe = signedObject(text('qe_identity.json'), 'enclaveIdentity');
  return {
    name: 'sim/' + path.basename(dir),
    quote: read('quote.bin'),
    collateral: {
      pck_crl_issuer_chain: text('pck_crl_issuer_chain.pem'),
      root_ca_crl: read('root_ca_crl.der').toString('hex'),
      pck_crl: read('pck_crl.der').toString('hex'),
      tcb_info_issuer_chain: text('tcb_info_issuer_chain.pem'),
      tcb_info: tcb.raw,
      tcb_info_signature: tcb.signature,
      qe_identity_issuer_chain: text('qe_identity_issuer_chain.pem'),
      qe_identity: qe.raw,
      qe_identity_signature: qe.signature,
    },
    rootCa: read('root_ca.der'),
    nowSecs: Number(text('verify_at_unix.txt').trim()),
    intelRoot: false,
  };
}

/**
 * The signed bytes of {"<key>": {...}, "signature": "..."}: the object text exactly as served,
 * because the signature covers those bytes, not a re-serialisation.
 */
function signedObject(doc, key) {
  const start = doc.indexOf('{', doc.indexOf(`"${key}"`) + key.length + 2);
  let depth = 0;
  let inString = false;
  for (let i = start; i < doc.length; i++) {
    const ch = doc[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      return { raw: doc.slice(start, i + 1), signature: JSON.parse(doc).signature };
    }
  }
  throw new Error(`unterminated ${key} object`);
}

function pkgVersion(name) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    out[k] = out[k] === undefined ? argv[i + 1] : [].concat(out[k], argv[i + 1]);
  }
  return out;
}
