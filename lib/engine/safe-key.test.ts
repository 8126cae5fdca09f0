import { isSafePrefix, safeOnly, unsafeKeyReason } from './safe-key';

const P = 'sse-conformance-runs/20261124T053850Z-fjx82k/ab12/';

test('plain keys under the prefix are safe', () => {
  for (const k of [`${P}0f3a`, `${P}cell/obj`, `${P}a.b`, `${P}..x`, `${P}x..`]) expect(unsafeKeyReason(k, P)).toBeNull();
});

test.each<[string, string]>([
  [`${P}../../victim`, 'dot segment'],
  [`${P}x/../../../victim`, 'dot segment'],
  [`${P}./x`, 'dot segment'],
  [`${P}x/..`, 'dot segment'],
  [`${P}..\\..\\victim`, 'dot segment'],
  [`${P}\uff0e\uff0e/\uff0e\uff0e/victim`, 'dot segment'], // fullwidth full stops fold to ".." under NFKC
  [`${P}x//y`, 'empty segment'],
  [`${P}x/`, 'empty segment'],
  [`${P}/x`, 'empty segment'],
  [`${P}x\ny`, 'control character'],
  [`${P}x\u0000`, 'control character'],
  [`${P}x\u0085`, 'control character'],
  [`${P}x\u2028`, 'control character'],
  ['sse-conformance-runs/other-run/x', 'outside the prefix'],
  ['victim', 'outside the prefix'],
  [P, 'the prefix itself'],
  ['', 'empty key'],
])('%j is refused: %s', (key, why) => {
  expect(unsafeKeyReason(key, P)).toBe(why);
});

test('safeOnly keeps the safe items and lists the skipped keys', () => {
  const skipped: string[] = [];
  const uploads = [
    { key: `${P}a`, uploadId: '1' },
    { key: `${P}../../victim`, uploadId: '2' },
    { key: `${P}b`, uploadId: '3' },
  ];
  expect(safeOnly(uploads, (u) => u.key, P, skipped).map((u) => u.uploadId)).toEqual(['1', '3']);
  expect(skipped).toEqual([`${P}../../victim`]);
});

test('only a plain prefix ending in / can be cleaned', () => {
  expect(isSafePrefix(P)).toBe(true);
  expect(isSafePrefix('sse-conformance-runs/r1/')).toBe(true);
  for (const p of ['', '/', 'a/', 'sse-conformance-runs/..', 'sse-conformance-runs/../', 'sse-conformance-runs//', 'x/./', 'a\\b/', 'a\nb/']) {
    expect(isSafePrefix(p)).toBe(false);
  }
});
