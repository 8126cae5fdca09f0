import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

export interface S3ErrorDocument {
  code: string;
  message?: string;
}

/** The <Error><Code> of an S3 error document, or null when the body is not one. */
export function parseS3Error(body: Buffer | string): S3ErrorDocument | null {
  const text = body.toString();
  if (!/<Error[\s>]/.test(text)) return null;
  try {
    const doc = parser.parse(text) as { Error?: { Code?: unknown; Message?: unknown } };
    const code = doc.Error?.Code;
    if (typeof code !== 'string' || !code) return null;
    return { code, message: typeof doc.Error?.Message === 'string' ? doc.Error.Message : undefined };
  } catch {
    return null;
  }
}

export function parseXml(body: Buffer | string): Record<string, unknown> | null {
  try {
    return parser.parse(body.toString()) as Record<string, unknown>;
  } catch {
    return null;
  }
}
