// Derived (T28): an accepted write that leaves a second object beside the one asked for (a copy of
// the data, its encryption the endpoint's secret). Accept cells' folders are listed by the run's
// cleanup: the listing accounts for what it shows before anything is deleted.
import { carriesSse, isAccepted } from '../../test-support/dishonest-proxy';
import { expectExposures } from '../../test-support/expect-exposures';
import type { DishonestBehaviour } from '../behaviour';

const folders = new Set<string>();

export const behaviour: DishonestBehaviour = {
  flag: 'accept-extra-object',
  cases: (all) => all.filter((c) => c.expected === 'accept' && c.operation === 'put-object'),
  async behave(req, forward) {
    const a = await forward();
    const path = decodeURIComponent(req.url.split('?')[0]).replace(/^\/[^/]+\//, '');
    if (!req.sdk && req.method === 'PUT' && carriesSse(req) && isAccepted(a)) folders.add(path.slice(0, path.lastIndexOf('/') + 1));
    if (req.sdk && req.method === 'GET' && /[?&]list-type=2/.test(req.url)) {
      const prefix = new URL(req.url, 'http://x').searchParams.get('prefix') ?? '';
      const extra = [...folders].filter((f) => f.startsWith(prefix)).map((f) => `<Contents><Key>${f}plaintext-copy</Key><Size>1</Size></Contents>`);
      if (extra.length) return { ...a, body: Buffer.from(a.body.toString().replace('</ListBucketResult>', `${extra.join('')}</ListBucketResult>`)) };
    }
    return a;
  },
  check: ({ results }) => expectExposures(results.filter((r) => r.expected === 'accept'), /^accepted, but the cell's folder holds an object the harness never wrote \(key "[0-9a-f]+\/plaintext-copy"\)/),
};
