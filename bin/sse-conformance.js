#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx's CommonJS hook): nothing to build after `npm ci`.
require('tsx/cjs');
require('../lib/cli/main')
  .main(process.argv)
  // Keep-alive sockets must not hold the process open once the verdict is known.
  .then(() => process.exit(process.exitCode ?? 0));
