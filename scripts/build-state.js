// Where the precompiled CLI lives and whether it may run. Shared by scripts/build.js (which writes
// it) and bin/sse-conformance.js (which checks it on every start, so this file loads nothing heavy).
//
// The bundle is used only while every file it was built from is the very file it was built from:
// the manifest records each input's inode, size, mtime and ctime (nanoseconds). Any write to a file,
// a rename over it or its removal changes one of them, and ctime cannot be set back by `touch -d`
// or `cp -p`, so an edited source is never run from a stale bundle (bin falls back to tsx).
const fs = require('node:fs');
const path = require('node:path');

/** Under node_modules: never linted, never committed, rebuilt by `npm ci` (the `postprepare` script). */
const OUT_REL = 'node_modules/.cache/sse-conformance';
const MANIFEST = 'manifest.json';
const BUNDLE = 'main.js';
/** The reference endpoint's worker thread (lib/reference-endpoint/worker.ts), built with the bundle. */
const WORKER = 'endpoint-worker.js';
const PROFILE_VALIDATOR = 'profile-validator.js';

/** What a file is right now, as a string to compare; null when it is gone. */
function fileState(file) {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return null;
  }
}

/** The bundle's path when a manifest says it was built from exactly the files there now; else null. */
function freshBundle(root) {
  const out = path.join(root, OUT_REL);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  if (!manifest || typeof manifest.inputs !== 'object' || !manifest.inputs || Object.keys(manifest.inputs).length === 0) return null;
  for (const [rel, recorded] of Object.entries(manifest.inputs)) {
    if (fileState(path.join(root, rel)) !== recorded) return null;
  }
  if (fileState(path.join(out, WORKER)) !== manifest.worker) return null;
  const bundle = path.join(out, BUNDLE);
  return fileState(bundle) === manifest.bundle ? bundle : null;
}

module.exports = { OUT_REL, MANIFEST, BUNDLE, WORKER, PROFILE_VALIDATOR, fileState, freshBundle };
