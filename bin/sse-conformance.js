#!/usr/bin/env -S node --max-semi-space-size=8 --
// `--` ends node's own options: Node 20 otherwise takes the CLI's `--env-file FILE`, anywhere on the
// line, as its own flag and exits 9 ("node: FILE: not found") before this file runs.
// --max-semi-space-size=8 (as in package.json's scripts): V8's young generation at half its default
// size takes ~15 MiB off a full run's peak RSS for no measurable CPU (V8 reads it only at start).
// The AWS SDK warns on every start that its 2027 releases will need Node 22; this release runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The CLI precompiled by `npm ci` (scripts/build.js) when it was built from exactly the sources there
// now; otherwise, or with SSE_CONFORMANCE_SOURCES=1, the TypeScript sources through tsx's CommonJS
// hook (~0.6 s more per start): an edited source is never run from a stale build.
const bundle = process.env.SSE_CONFORMANCE_SOURCES === '1' ? null : require('../scripts/build-state').freshBundle(require('node:path').resolve(__dirname, '..'));
if (!bundle) require('tsx/cjs');
require(bundle ?? '../lib/cli/main')
  .main(process.argv)
  .then(() => {
    // npm run bench asks for the process's peak RSS (KiB) and CPU time (µs), measured here because only the process knows them.
    if (process.env.SSE_RUSAGE_FILE) {
      const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
      require('node:fs').writeFileSync(process.env.SSE_RUSAGE_FILE, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
    }
    // Keep-alive sockets must not hold the process open once the verdict is known.
    process.exit(process.exitCode ?? 0);
  });
