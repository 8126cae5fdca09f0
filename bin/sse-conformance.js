#!/usr/bin/env -S node --
// `--` ends node's own options: Node 20 otherwise takes the CLI's `--env-file FILE`, anywhere on the
// line, as its own flag and exits 9 ("node: FILE: not found") before this file runs.
// Runs the TypeScript sources directly (tsx's CommonJS hook): nothing to build after `npm ci`.
// The AWS SDK warns on every start that its 2027 releases will need Node 22; this release runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../lib/cli/main')
  .main(process.argv)
  .then(() => {
    // npm run bench asks for the process's peak RSS (KiB), measured here because only the process knows it.
    if (process.env.SSE_RUSAGE_FILE) require('node:fs').writeFileSync(process.env.SSE_RUSAGE_FILE, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS }));
    // Keep-alive sockets must not hold the process open once the verdict is known.
    process.exit(process.exitCode ?? 0);
  });
