import { Redactor } from '../../redact/redact';
import { FIXTURE_SECRETS, makeFixtureResults } from '../fixture';
import { renderHtml } from './render';

const results = makeFixtureResults();
const html = renderHtml(results, { redactor: new Redactor([FIXTURE_SECRETS.secretKey, FIXTURE_SECRETS.sseCKey]) });

test('128 cells with verdict classes and case ids, 128 detail dialogs', () => {
  const cells = [...html.matchAll(/<td class="cell verdict-(pass|fail|error|skipped) [^"]*" data-case-id="([^"]+)"/g)];
  expect(cells).toHaveLength(128);
  expect(cells.map((m) => m[2])).toEqual(results.cases.map((c) => c.id));
  const count = (v: string): number => cells.filter((m) => m[1] === v).length;
  expect([count('pass'), count('fail'), count('error'), count('skipped')]).toEqual([120, 4, 2, 2]);
  expect(html.match(/<dialog class="detail"/g)).toHaveLength(128);
});

test('the tables are drawn as the vendor draws them', () => {
  expect(html.match(/<section class="table-block"/g)).toHaveLength(4);
  for (const h of ['Interface', 'Source object', 'Target object', 'Target part', 'Protocol', 'Auth', 'HTTP V2', 'HTTP V4', 'HTTPS V2', 'HTTPS V4']) {
    expect(html).toContain(`<th scope="col"${h.startsWith('HTTP') ? ' class="colhead"' : ''}>${h}</th>`);
  }
  expect(html).toContain('<th scope="row" class="label first">Complete Multipart Upload</th><td class="rule">HTTP or HTTPS</td><td class="rule">V2 or V4</td>');
  expect(html).toContain('<th scope="row" class="label first">Non-encrypted</th><th scope="row" class="label">SSE-KMS part</th><td class="rule">HTTP or HTTPS</td>');
  expect(html).toContain('<th scope="row" class="label first">SSE-C</th><th scope="row" class="label">SSE-KMS</th><td class="rule">HTTPS</td><td class="rule">V4</td>');
});

test('table headings are the titles the results carry, escaped; rule cells come from the rule fields', () => {
  expect(html).toContain('<h2><span class="tno">Table 1</span> SSE-C (customer-provided keys) ');
  expect(html).toContain('<h2><span class="tno">Table 3</span> PUT Object - Copy ');
  const r = makeFixtureResults();
  for (const c of r.cases) if (c.table === 'sse-c') c.title = '<img src=x onerror=alert(1)>';
  for (const c of r.cases) if (c.id.startsWith('sse-c/put-object/')) c.rule = { protocols: ['http', 'https'], auth: ['v4'] };
  const out = renderHtml(r, { redactor: new Redactor() });
  expect(out).toContain('<h2><span class="tno">Table 1</span> &lt;img src=x onerror=alert(1)&gt; ');
  expect(out).not.toContain('<img src=x');
  expect(out).toContain('<th scope="row" class="label first">PUT Object</th><td class="rule">HTTP or HTTPS</td><td class="rule">V4</td>');
});

test('cells say expected vs observed in text and tooltip', () => {
  expect(html).toMatch(/data-case-id="sse-c\/put-object\/http-v2"[^>]*title="sse-c\/put-object\/http-v2\nExpected: rejected\nObserved: 200\nVerdict: FAIL \(exposure\)"/);
  expect(html).toContain('<span class="mark">✗ 200</span><span class="sub">exposure</span>');
  expect(html).toContain('<span class="mark">✓ accept</span><span class="sub">200</span>');
  expect(html).toContain('<span class="mark">✓ reject</span><span class="sub">400 InvalidRequest</span>');
});

test('header: endpoint, profile, run id, date, totals, verdict banner', () => {
  expect(html).toContain('<code>https://127.0.0.1:9443</code>');
  expect(html).toContain('<code>20250115T100000Z-abc123</code>');
  expect(html).toContain('2025-01-15 10:00:00 UTC');
  expect(html).toContain('<div class="banner-verdict">NON-CONFORMANT</div>');
  expect(html).toContain('<span class="chip verdict-fail"><b>4</b> fail</span>');
});

test('everything from the network is HTML-escaped', () => {
  expect(html).not.toContain('<script>alert');
  expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
  expect(html).not.toContain('<b>travelled</b>');
  expect(html).toContain('&lt;b&gt;travelled&lt;/b&gt; in clear text &amp; was accepted');
  expect(html).toContain('put-object?x=1&amp;y=&lt;2&gt;');
  expect(html.match(/<script>/g)).toHaveLength(1); // only the page's own script
});

test('evidence is redacted again, whatever the producer left', () => {
  for (const secret of Object.values(FIXTURE_SECRETS)) expect(html).not.toContain(secret);
  expect(html).toContain('AWS AKIAIOSFODNN7EXAMPLE:[REDACTED]');
  expect(html).toContain('Credential=AKIAIOSFODNN7EXAMPLE/20250115/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=[REDACTED]');
  // even without named secrets, the pattern-borne ones go
  const bare = renderHtml(results);
  expect(bare).not.toContain(FIXTURE_SECRETS.v2Signature);
  expect(bare).not.toContain(FIXTURE_SECRETS.v4Signature);
});

test('self-contained: no external script, stylesheet, image or font', () => {
  expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=/i);
  expect(html).not.toMatch(/<link[^>]+href=/i);
  expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import/);
});

test('a partial run draws not-run cells without breaking the layout', () => {
  const partial = { ...results, cases: results.cases.filter((c) => c.table === 'sse-kms' && c.protocol === 'https') };
  const out = renderHtml(partial);
  expect(out.match(/<section class="table-block"/g)).toHaveLength(1);
  expect(out.match(/<td class="cell-none"/g)).toHaveLength(14);
  expect(out).toContain('<td class="rule">HTTPS</td><td class="rule">V4</td>');
});
