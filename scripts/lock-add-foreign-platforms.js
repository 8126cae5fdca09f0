#!/usr/bin/env node
// The npm registry reachable here serves only the linux builds of packages that ship one binary
// package per platform (@swc/core-*, @unrs/resolver-binding-*), so `npm install` leaves the other
// platforms out of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds
// the missing optional entries (never installed on linux: os/cpu say so). Run after `npm install`.
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const pkgs = lock.packages;

function platformOf(name) {
  const os = ['darwin', 'win32', 'freebsd', 'android', 'openharmony', 'linux'].find((o) => name.includes(o)) ?? 'linux';
  const cpu = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'].find((c) => name.includes(`-${c}`)) ?? 'x64';
  const libc = /-musl/.test(name) ? ['musl'] : /-gnu/.test(name) ? ['glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc && os === 'linux' ? { libc } : {}) };
}

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (pkgs[key] || pkgs[`${where}/${key}`]) continue;
    pkgs[key] = { version: range.replace(/^[\^~=]/, ''), optional: true, ...platformOf(dep) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`added ${added} optional platform entries to package-lock.json\n`);
