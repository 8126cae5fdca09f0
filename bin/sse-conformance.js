#!/usr/bin/env -S node --max-semi-space-size=8 --
// `--` ends node's own options: Node 20 otherwise takes the CLI's `--env-file FILE`, anywhere on the
// line, as its own flag and exits 9 ("node: FILE: not found") before this file runs.
// --max-semi-space-size=8 (as in package.json's scripts): V8's young generation at half its default
// size takes ~15 MiB off a full run's peak RSS for no measurable CPU (V8 reads it only at start).
// The AWS SDK warns on every start that its 2027 releases will need Node 22; this release runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
// Installed from the package (`npm pack`, then `npm install` of the tarball): no TypeScript sources
// beside this file, and the CLI built into dist/ as the package was packed (scripts/build.js --dist,
// npm's prepack) is the program. In a clone (the sources are there, dist/ is never run): the CLI
// precompiled by `npm ci` (scripts/build.js) when it was built from exactly the sources there now;
// otherwise, or with SSE_CONFORMANCE_SOURCES=1, the TypeScript sources through tsx's CommonJS hook
// (~0.6 s more per start): an edited source is never run from a stale build.
const packaged = !fs.existsSync(path.join(root, 'lib/cli/main.ts'));
const bundle = packaged ? path.join(root, 'dist/main.js') : process.env.SSE_CONFORMANCE_SOURCES === '1' ? null : require('../scripts/build-state').freshBundle(root);
if (packaged && !fs.existsSync(bundle)) {
  process.stderr.write(`sse-conformance: ${root} has neither the TypeScript sources (lib/) nor the CLI built for the package (dist/main.js): make the package with \`npm pack\` in a clone, which builds it (not with --ignore-scripts)\n`);
  process.exit(2);
}
if (!bundle) require('tsx/cjs');
require(bundle ?? '../lib/cli/main')
  .main(process.argv)
  .then(() => {
    // npm run bench asks for the process's peak RSS (KiB) and CPU time (µs), measured here because only the process knows them.
    if (process.env.SSE_RUSAGE_FILE) {
      const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
      fs.writeFileSync(process.env.SSE_RUSAGE_FILE, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
    }
    // Keep-alive sockets must not hold the process open once the verdict is known; but process.exit
    // drops what a pipe has not taken yet (stdout and stderr to a pipe are asynchronous: `list --json
    // | jq` got 65,536 bytes), so both are flushed first.
    return Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit(process.exitCode ?? 0));
  });

/**
 * Resolves once all that was written to the stream has been handed to the system (a write's callback
 * comes after every write before it), or the stream is gone: a reader that went away (EPIPE, as
 * under `| head`) ends the wait, and its error is not thrown.
 */
function flushed(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.on('error', () => resolve());
    stream.write('', () => resolve());
  });
}
