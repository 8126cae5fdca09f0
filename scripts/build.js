#!/usr/bin/env node
// npm run build (and `prepare`, so `npm ci` runs it): the CLI precompiled for a fast start.
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
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { OUT_REL, MANIFEST, BUNDLE, WORKER, PROFILE_VALIDATOR, fileState } = require('./build-state');

const ROOT = path.resolve(__dirname, '..');
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

/**
 * Builds into root's node_modules/.cache/sse-conformance. Returns the manifest, or null when
 * esbuild is not installed. A source edited while this runs leaves a manifest that does not match it.
 */
async function build(root = ROOT) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    return null;
  }
  const out = path.join(root, OUT_REL);
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

  // The bundle lives three folders below the root: a source's __dirname/__filename must stay where the source is.
  const up = OUT_REL.split('/').map(() => '..').join('/');
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
            .replace(/\b__filename\b/g, `__sseSource(${JSON.stringify(rel)})`),
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
      js: `// Built by scripts/build.js from lib/; do not edit.\nconst __sseSource = (rel) => require("node:path").join(__dirname, ${JSON.stringify(up)}, rel);\nconst __sseEndpointWorker = require("node:path").join(__dirname, ${JSON.stringify(WORKER)});`,
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

  const profileSchema = path.join(root, 'lib/profile/profile.schema.json');
  writeAtomically(path.join(out, PROFILE_VALIDATOR), profileValidatorSource(JSON.parse(fs.readFileSync(profileSchema, 'utf8'))));
  const output = (name) => result.outputFiles.find((f) => path.basename(f.path) === name).contents;
  // The worker first: a fresh main.js with no worker beside it would start a worker that is not there.
  writeAtomically(path.join(out, WORKER), output(WORKER));
  writeAtomically(path.join(out, BUNDLE), output(BUNDLE));
  const manifest = { builtAt: new Date().toISOString(), esbuild: esbuild.version, bundle: fileState(path.join(out, BUNDLE)), worker: fileState(path.join(out, WORKER)), inputs };
  writeAtomically(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/**
 * A copy of the project (what the CLI needs: bin, config, lib, scripts, package.json, tsconfig.json)
 * in a new temporary folder, node_modules linked package by package so its build stays its own.
 * For the bench and the tests: sources edited meanwhile in the tree do not reach the copy.
 */
function copyProject(root = ROOT) {
  const copy = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sse-build-'));
  for (const entry of ['bin', 'config', 'lib', 'scripts', 'package.json', 'tsconfig.json']) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  fs.mkdirSync(path.join(copy, 'node_modules'));
  for (const pkg of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (pkg !== '.cache') fs.symlinkSync(path.join(root, 'node_modules', pkg), path.join(copy, 'node_modules', pkg));
  }
  return copy;
}

module.exports = { build, copyProject, profileValidatorSource, profileValidatorKey, PROFILE_AJV_OPTIONS };

if (require.main === module) {
  build().then(
    (m) => process.stdout.write(m ? `built ${OUT_REL}/${BUNDLE} from ${Object.keys(m.inputs).length} files\n` : 'esbuild is not installed: the CLI runs from the TypeScript sources\n'),
    (e) => {
      // `npm ci` must not fail for an optional speed-up: bin runs the sources when there is no manifest.
      process.stderr.write(`build failed, the CLI will run from the TypeScript sources: ${e.message}\n`);
    },
  );
}
