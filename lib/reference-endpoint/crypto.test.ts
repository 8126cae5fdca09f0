import { open, safeEqual, seal } from './crypto';
import { DEFAULT_KMS_KEY_ID, Keyring, SECOND_KMS_KEY_ID } from './keyring';

test('seal/open round-trips; a wrong key or a flipped bit fails', () => {
  const key = Buffer.alloc(32, 1);
  const sealed = seal(key, Buffer.from('plaintext'));
  expect(open(key, sealed).toString()).toBe('plaintext');
  expect(() => open(Buffer.alloc(32, 2), sealed)).toThrow();
  sealed[13]! ^= 1;
  expect(() => open(key, sealed)).toThrow();
});

test('keyring: default key, ARNs, unknown ids, wrapped keys bound to their key id', () => {
  const k = new Keyring();
  expect(k.resolve(undefined)).toBe(DEFAULT_KMS_KEY_ID);
  expect(k.resolve(`arn:aws:kms:us-east-1:000000000000:key/${SECOND_KMS_KEY_ID}`)).toBe(SECOND_KMS_KEY_ID);
  expect(() => k.resolve('nope')).toThrow(expect.objectContaining({ code: 'KMS.NotFoundException' }));
  const dk = k.generateDataKey(DEFAULT_KMS_KEY_ID);
  expect(k.unwrap(DEFAULT_KMS_KEY_ID, dk.wrapped).equals(dk.plaintext)).toBe(true);
  expect(dk.wrapped.includes(dk.plaintext)).toBe(false);
  expect(() => k.unwrap(SECOND_KMS_KEY_ID, dk.wrapped)).toThrow();
});

test('safeEqual', () => {
  expect(safeEqual('abc', 'abc')).toBe(true);
  expect(safeEqual('abc', 'abd')).toBe(false);
  expect(safeEqual('abc', 'abcd')).toBe(false);
});
