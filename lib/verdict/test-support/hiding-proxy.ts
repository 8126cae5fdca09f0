// A dishonest endpoint that refuses a write and keeps it under another name: the reference endpoint
// behind it stores what it must refuse (the cells' decisions inverted); the proxy answers the
// request under test with a refusal, then shows what it stored only under a name the harness never
// used: a HEAD or GET of the real key says 404, and listings show the other name.
import type { Behaviour, ProxiedAnswer } from './dishonest-proxy';
import { carriesSse, errorAnswer, isAccepted } from './dishonest-proxy';

/** The key of a path-style request (`/bucket/key?query`), decoded. */
function keyOf(url: string): string | null {
  const path = url.split('?')[0];
  const slash = path.indexOf('/', 1);
  return slash < 0 ? null : decodeURIComponent(path.slice(slash + 1));
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `rename(key)`: the name the stored object shows under. Only writes of whole objects by PUT
 * (PUT Object, PUT Object - Copy) are hidden: the cells of those rows are the ones it touches.
 */
export function hidingProxy(rename: (key: string) => string): Behaviour {
  const hidden = new Map<string, string>();
  return async (req, forward) => {
    const key = keyOf(req.url);
    if (!req.sdk) {
      const write = req.method === 'PUT' && key !== null && !/[?&](uploadId|partNumber)=/.test(req.url);
      if (!write || !carriesSse(req)) return forward();
      const a = await forward();
      if (!isAccepted(a)) return a;
      hidden.set(key, rename(key));
      return errorAnswer(400, 'InvalidRequest', 'Refused');
    }
    if (key !== null && hidden.has(key) && (req.method === 'HEAD' || req.method === 'GET') && !/[?&]list-type=/.test(req.url)) {
      return errorAnswer(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    const a = await forward();
    if (req.method === 'GET' && /[?&]list-type=2/.test(req.url) && hidden.size) {
      let xml = a.body.toString();
      for (const [real, shown] of hidden) xml = xml.split(`<Key>${xmlEscape(real)}</Key>`).join(`<Key>${xmlEscape(shown)}</Key>`);
      return { ...a, body: Buffer.from(xml) } satisfies ProxiedAnswer;
    }
    return a;
  };
}

/** Whether a case is one whose request under test writes a whole object by PUT. */
export const putWrite = (c: { operation: string; expected: string }): boolean => c.expected === 'reject' && (c.operation === 'put-object' || c.operation === 'copy-object');
