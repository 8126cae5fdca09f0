#!/usr/bin/env node
// npm run build (and `postprepare`, so `npm ci` and `npm install` in a clone run it): the CLI
// precompiled for a fast start. Not `prepare`: npm lists a tarball's `prepare` among the install
// scripts it warns about (npm 11), though it never runs it for one; `postprepare` it runs for the
// project only, and never names.
//  - main.js: lib/cli/main.ts and every lib/ file it reaches, bundled by esbuild into one CommonJS
//    file (packages stay in node_modules). bin/sse-conformance.js runs it instead of the TypeScript
//    sources through tsx, which costs ~0.6 s per start, but only while the manifest says it was
//    built from exactly the files there now (scripts/build-state.js); otherwise bin runs the sources.
//  - endpoint-worker.js: lib/reference-endpoint/worker.ts the same way, the embedded endpoint's thread
//    in `run` (lib/reference-endpoint/in-worker.ts); main.js finds it through the banner.
//  - profile-validator.js: ajv's standalone code for lib/profile/profile.schema.json, keyed by the
//    schema, the options and ajv's version; lib/profile/load.ts compiles the schema itself when the
//    key differs (compiling it costs ~0.2 s per start).
// Nothing here is needed: without esbuild, or when this fails, everything runs from the sources.
//
// `node scripts/build.js --dist` (npm pack's `prepack`): the same three files built into dist/ for the
// package, which carries no TypeScript sources (package.json "files"); an installed copy runs them
// (bin/sse-conformance.js: no lib/cli/main.ts beside it). Any failure fails the pack, and so does a
// source written during the build; `--clean-dist` (`postpack`) removes dist/ from the clone again.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { OUT_REL, MANIFEST, BUNDLE, WORKER, PROFILE_VALIDATOR, fileState } = require('./build-state');

const ROOT = path.resolve(__dirname, '..');
/** The packaged CLI (npm pack's prepack), shipped in the tarball; bin/sse-conformance.js names it too. */
const DIST_REL = 'dist';
/** Files that change the bundle without being its inputs: compiler settings and this build. */
const BUILD_FILES = ['tsconfig.json', 'scripts/build.js', 'scripts/build-state.js'];
/** As lib/profile/load.ts compiles the schema: the key covers them. */
const PROFILE_AJV_OPTIONS = { allErrors: true };

/** Every file under dir, relative to root with forward slashes. */
function listFiles(root, dir) {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'));
}

/** The key lib/profile/load.ts computes the same way (validatorKey): schema, options, ajv's version. */
function profileValidatorKey(schema, options, ajvVersion) {
  return crypto.createHash('sha256').update(JSON.stringify({ schema, options, ajv: ajvVersion })).digest('hex');
}

/** ajv's standalone CommonJS module for a schema, with its key. */
function profileValidatorSource(schema, options = PROFILE_AJV_OPTIONS) {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ ...options, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  const key = profileValidatorKey(schema, options, require('ajv/package.json').version);
  return `${code}\nmodule.exports.key = ${JSON.stringify(key)};\n`;
}

function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/** sha256 of a file's bytes, hex. */
function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Builds into root's node_modules/.cache/sse-conformance. Returns the manifest, or null when
 * esbuild is not installed. A source edited while this runs leaves a manifest that does not match it.
 *
 * With `packaged`, into root's dist/ for the package instead (buildDist): dist/ is made anew, and
 * a missing esbuild, a failed build or a source written during the build throws.
 */
async function build(root = ROOT, { packaged = false } = {}) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch (e) {
    if (packaged) throw new Error(`esbuild (a devDependency) is needed to pack: ${e.message}`, { cause: e });
    return null;
  }
  const out = path.join(root, packaged ? DIST_REL : OUT_REL);
  // Nothing from an earlier build may reach the package.
  if (packaged) fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  // While building there is no manifest: bin runs the sources.
  fs.rmSync(path.join(out, MANIFEST), { force: true });

  // Stated before esbuild reads them: a file written during the build then differs from its record.
  const before = new Map([...listFiles(root, 'lib'), 'package.json', ...BUILD_FILES].map((rel) => [rel, fileState(path.join(root, rel))]));
  // The folders the inputs are in, up to lib/: a file added, removed or renamed there changes the
  // folder's mtime and ctime, and such a file can change what an import resolves to (lib/x.ts beside lib/x/index.ts).
  const folders = new Map();
  for (const rel of before.keys()) {
    for (let d = path.posix.dirname(rel); d.startsWith('lib'); d = path.posix.dirname(d)) folders.set(`${d}/`, fileState(path.join(root, d)));
  }

  // The bundle lives below the root (three folders, or dist/): a source's __dirname/__filename must stay where the source is.
  const up = path.relative(out, root).split(path.sep).join('/');
  // What the sources look for in the clone's build folder, the files built beside the bundle
  // (`'../../node_modules/.cache/sse-conformance/profile-validator.js'` in lib/profile/load.ts), is
  // looked for beside the bundle: the same file in the clone, dist/'s in the package, which cannot
  // carry a node_modules folder. Anything else there (the reference certificate, kept between
  // runs) stays where the sources put it.
  const builtFiles = new Set([PROFILE_VALIDATOR]);
  const builtPath = new RegExp(`(['"\`])(?:\\.\\./)+${OUT_REL.replace(/\./g, '\\.')}/([\\w.-]+)\\1`, 'g');
  const rewritten = new Set();
  const sourcePaths = {
    name: 'source-paths',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        const rel = path.relative(root, args.path).split(path.sep).join('/');
        return {
          loader: 'ts',
          contents: text
            .replace(/\b__dirname\b/g, `__sseSource(${JSON.stringify(path.posix.dirname(rel))})`)
            .replace(/\b__filename\b/g, `__sseSource(${JSON.stringify(rel)})`)
            .replace(builtPath, (whole, _quote, name) => {
              if (!builtFiles.has(name)) return whole;
              rewritten.add(name);
              return `__sseBuilt(${JSON.stringify(name)})`;
            }),
        };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { [BUNDLE.replace(/\.js$/, '')]: 'lib/cli/main.ts', [WORKER.replace(/\.js$/, '')]: 'lib/reference-endpoint/worker.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    // Error classes are told apart by instanceof, but their names reach messages and tests.
    keepNames: true,
    write: false,
    metafile: true,
    outdir: out,
    // lib/reference-endpoint/in-worker.ts starts the built worker, which lies beside this bundle.
    define: { __SSE_ENDPOINT_WORKER__: '__sseEndpointWorker' },
    banner: {
      js: [
        '// Built by scripts/build.js from lib/; do not edit.',
        `const __sseSource = (rel) => require("node:path").join(__dirname, ${JSON.stringify(up)}, rel);`,
        'const __sseBuilt = (name) => require("node:path").join(__dirname, name);',
        `const __sseEndpointWorker = __sseBuilt(${JSON.stringify(WORKER)});`,
      ].join('\n'),
    },
    plugins: [sourcePaths],
    logLevel: 'warning',
  });

  const inputs = {};
  for (const rel of [...Object.keys(result.metafile.inputs), ...BUILD_FILES]) {
    if (rel.startsWith('node_modules/')) continue; // external packages are not in the bundle
    const state = before.get(rel);
    if (!state) throw new Error(`build: ${rel} appeared during the build or is outside lib/; not recorded`);
    inputs[rel] = state;
    for (let d = path.posix.dirname(rel); d.startsWith('lib'); d = path.posix.dirname(d)) inputs[`${d}/`] = folders.get(`${d}/`);
  }

  // Else an installed copy would compile the profile schema on every start (~0.2 s).
  if (packaged && !rewritten.has(PROFILE_VALIDATOR)) throw new Error(`no source looks for ${OUT_REL}/${PROFILE_VALIDATOR}: the package would not find its precompiled validator`);

  const profileSchema = path.join(root, 'lib/profile/profile.schema.json');
  writeAtomically(path.join(out, PROFILE_VALIDATOR), profileValidatorSource(JSON.parse(fs.readFileSync(profileSchema, 'utf8'))));
  const output = (name) => result.outputFiles.find((f) => path.basename(f.path) === name).contents;
  // The worker first: a fresh main.js with no worker beside it would start a worker that is not there.
  writeAtomically(path.join(out, WORKER), output(WORKER));
  writeAtomically(path.join(out, BUNDLE), output(BUNDLE));
  const manifest = packaged
    ? // What the package was built from, by content (inode and times mean nothing in a tarball).
      {
        packaged: true,
        version: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
        builtAt: new Date().toISOString(),
        esbuild: esbuild.version,
        files: Object.fromEntries([BUNDLE, WORKER, PROFILE_VALIDATOR].map((f) => [f, sha256(path.join(out, f))])),
        inputs: Object.fromEntries(Object.keys(inputs).filter((rel) => !rel.endsWith('/')).map((rel) => [rel, sha256(path.join(root, rel))])),
      }
    : { builtAt: new Date().toISOString(), esbuild: esbuild.version, bundle: fileState(path.join(out, BUNDLE)), worker: fileState(path.join(out, WORKER)), inputs };
  if (packaged) {
    // The package has no fallback: it carries no manifest unless built from the files as they were first read.
    const changed = Object.keys(inputs).filter((rel) => !rel.endsWith('/') && fileState(path.join(root, rel)) !== inputs[rel]);
    if (changed.length > 0) throw new Error(`written during the build, pack again: ${changed.join(', ')}`);
  }
  writeAtomically(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** The CLI built into root's dist/ for the package (npm pack's prepack); throws on any failure. */
function buildDist(root = ROOT) {
  return build(root, { packaged: true });
}

/**
 * A copy of the project (what the CLI needs: bin, config, lib, scripts, package.json, tsconfig.json,
 * and any `extra` entries, e.g. what `npm pack` packs besides) in a new temporary folder,
 * node_modules linked package by package so its build stays its own.
 * For the bench and the tests: sources edited meanwhile in the tree do not reach the copy.
 */
function copyProject(root = ROOT, extra = []) {
  const copy = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sse-build-'));
  for (const entry of ['bin', 'config', 'lib', 'scripts', 'package.json', 'tsconfig.json', ...extra]) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  fs.mkdirSync(path.join(copy, 'node_modules'));
  for (const pkg of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (pkg !== '.cache') fs.symlinkSync(path.join(root, 'node_modules', pkg), path.join(copy, 'node_modules', pkg));
  }
  return copy;
}

module.exports = { build, buildDist, copyProject, profileValidatorSource, profileValidatorKey, PROFILE_AJV_OPTIONS, DIST_REL };

if (require.main === module && process.argv[2] === '--dist') {
  buildDist().then(
    // On stderr: `npm pack --json` shows the scripts' stdout in its own.
    (m) => process.stderr.write(`built ${DIST_REL}/${BUNDLE} for the package from ${Object.keys(m.inputs).length} files\n`),
    (e) => {
      // No package without its CLI: the pack fails, and leaves no half-built dist/ behind.
      fs.rmSync(path.join(ROOT, DIST_REL), { recursive: true, force: true });
      process.stderr.write(`build of ${DIST_REL}/ failed: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
} else if (require.main === module && process.argv[2] === '--clean-dist') {
  // After the pack: the clone never runs dist/ (it has the sources), and eslint would lint it.
  fs.rmSync(path.join(ROOT, DIST_REL), { recursive: true, force: true });
} else if (require.main === module) {
  build().then(
    (m) => process.stdout.write(m ? `built ${OUT_REL}/${BUNDLE} from ${Object.keys(m.inputs).length} files\n` : 'esbuild is not installed: the CLI runs from the TypeScript sources\n'),
    (e) => {
      // `npm ci` must not fail for an optional speed-up: bin runs the sources when there is no manifest.
      process.stderr.write(`build failed, the CLI will run from the TypeScript sources: ${e.message}\n`);
    },
  );
}
