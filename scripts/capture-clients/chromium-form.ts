// Captures what Chromium sends when a page's upload form (multipart/form-data, a file input, as
// S3's browser-based POST uploads use) is submitted, through local HTTP and HTTPS servers that record
// every header in the order and case it came. Writes the fixture that
// lib/engine/client-profiles.test.ts compares the harness's POST Object requests with:
//
//   npx tsx scripts/capture-clients/chromium-form.ts > lib/engine/client-fixtures/chromium-form-post.json
//
// Needs Debian's chromium (/usr/bin/chromium). Four submissions: the form opened from a file
// (Origin: null) and from a page of another site, each to an HTTPS endpoint on 127.0.0.1 (a
// potentially trustworthy URL: client hints and Sec-Fetch-* are sent) and to a plain-HTTP endpoint
// under a name (s3.example.test, mapped to 127.0.0.1: not trustworthy, neither is sent).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { generateCertificate } from '../../lib/reference-endpoint/certificate';

interface Seen {
  case: string;
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
}

const form = (action: string) =>
  `<!doctype html><html><body><form id="f" method="post" enctype="multipart/form-data" action="${action}">` +
  '<input type="hidden" name="key" value="folder/object"><input type="hidden" name="policy" value="eyJleHBpcmF0aW9uIjoiIn0=">' +
  '<input type="file" name="file" id="file"><input type="submit" id="go" value="Upload"></form></body></html>';

async function main(): Promise<void> {
  const seen: Seen[] = [];
  let label = '';
  const endpoint = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      // The form fields and the file part's head: the file's bytes are 1,500 zeros.
      const body = Buffer.concat(chunks).toString('latin1').replace(/\0+/, '<1500 zero bytes>');
      seen.push({ case: label, method: req.method ?? '', target: req.url ?? '', headers, body });
      res.writeHead(204).end();
    });
  };
  const pages = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(form(decodeURIComponent((req.url ?? '/?').slice(2)))));
  const tls = await generateCertificate();
  const plain = http.createServer(endpoint);
  const secure = https.createServer({ cert: tls.cert, key: tls.key }, endpoint);
  for (const s of [plain, secure, pages]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s: http.Server) => (s.address() as AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-form-'));
  const file = path.join(dir, 'payload.bin');
  fs.writeFileSync(file, Buffer.alloc(1500));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--ignore-certificate-errors', '--host-resolver-rules=MAP s3.example.test 127.0.0.1, MAP www.customer.test 127.0.0.1'],
  });
  try {
    const endpoints = { 'https 127.0.0.1': `https://127.0.0.1:${port(secure)}`, 'http s3.example.test': `http://s3.example.test:${port(plain)}` };
    for (const [where, base] of Object.entries(endpoints)) {
      for (const from of ['file', 'cross-site page'] as const) {
        label = `${where}, form from ${from}`;
        const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
        const page = await ctx.newPage();
        if (from === 'file') {
          const html = path.join(dir, 'form.html');
          fs.writeFileSync(html, form(`${base}/bucket`));
          await page.goto(`file://${html}`);
        } else await page.goto(`http://www.customer.test:${port(pages)}/?${encodeURIComponent(`${base}/bucket`)}`);
        const before = seen.length;
        await page.setInputFiles('#file', file);
        await page.click('#go');
        for (let i = 0; i < 100 && seen.length === before; i++) await new Promise((r) => setTimeout(r, 50));
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    for (const s of [plain, secure, pages]) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ browser: browser.version(), requests: seen }, null, 1)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
