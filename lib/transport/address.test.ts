import { address, encodeKey } from './address';

const t = { http: 'http://127.0.0.1:9000', https: 'https://s3.example.com', bucket: 'b1', forcePathStyle: true };

test('keys are encoded per segment, slashes kept', () => {
  expect(encodeKey("run 1/a+b(c)'.txt")).toBe('run%201/a%2Bb%28c%29%27.txt');
});

test('path style puts the bucket in the path', () => {
  const a = address(t, 'http', 'p/k', 'uploads');
  expect(a.url.toString()).toBe('http://127.0.0.1:9000/b1/p/k?uploads');
  expect(a.resourcePath).toBe('/b1/p/k?uploads');
});

test('virtual-hosted style puts the bucket in the host; the V2 resource still names it', () => {
  const a = address({ ...t, forcePathStyle: false }, 'https', 'k', 'partNumber=1&uploadId=x');
  expect(a.url.toString()).toBe('https://b1.s3.example.com/k?partNumber=1&uploadId=x');
  expect(a.resourcePath).toBe('/b1/k?partNumber=1&uploadId=x');
});
