import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error, err } from './errors';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** Drops undefined members so the builder never prints "undefined". */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
    return out;
  }
  return v;
}

/** An S3 response document: `<?xml ...?><Root xmlns="...">...</Root>`. */
export function xmlDocument(root: string, body: Record<string, unknown>, withNamespace = true): string {
  const content = clean(withNamespace ? { '@_xmlns': S3_NS, ...body } : body);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: content })}`;
}

export function errorDocument(e: S3Error, resource: string, requestId: string): string {
  return xmlDocument(
    'Error',
    { Code: e.code, Message: e.message, ...e.extra, Resource: resource, RequestId: requestId },
    false,
  );
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  removeNSPrefix: true,
  // Entities beyond the five XML ones are refused below; no expansion attacks.
  processEntities: true,
  isArray: (name) => name === 'Part' || name === 'Object',
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a request body as XML; anything not well-formed (or with a DTD, or not UTF-8) is MalformedXML. */
export function parseXmlBody(body: Buffer, root: string): Record<string, unknown> {
  let text: string;
  try {
    // Not toString('utf8'): that turns invalid bytes into U+FFFD, i.e. keys nobody sent.
    text = utf8.decode(body);
  } catch {
    throw err.malformedXml('The XML you provided is not valid UTF-8.');
  }
  if (!text.trim()) throw err.malformedXml();
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw err.malformedXml('DTDs are not accepted.');
  if (XMLValidator.validate(text) !== true) throw err.malformedXml();
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch {
    throw err.malformedXml();
  }
  const top = doc[root];
  if (top === undefined) throw err.malformedXml(`Expected a <${root}> document.`);
  if (top === '' || top === null) return {};
  if (typeof top !== 'object') throw err.malformedXml();
  return top as Record<string, unknown>;
}

/** A leaf element's text, or undefined when absent or not text. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export { S3Error };
