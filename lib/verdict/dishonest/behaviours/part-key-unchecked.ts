// Derived (T30): a part into an SSE-C upload sealed under whatever key it carries, never compared
// with the key the upload was initiated with (S3 refuses it). The reference endpoint's
// part-key-unchecked fault does it for UploadPart and UploadPartCopy. The cell's own part carries
// the right key and the object is completed from it alone, so every read-back passes; only a part
// with another key into the same upload shows it.
import { onlyTheseFail } from '../../test-support/key-checks';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'part-key-unchecked',
  // Every cell with an SSE-C upload: initiate, parts, part copies, complete.
  cases: (all) => all.filter((c) => c.target === 'sse-c' && ['initiate-multipart-upload', 'upload-part', 'upload-part-copy', 'complete-multipart-upload'].includes(c.operation)),
  endpoint: { fault: 'part-key-unchecked' },
  check: ({ results }) =>
    onlyTheseFail(results, (r) => r.expected === 'accept' && (r.table === 'upload-part-copy' || r.row === 'upload-part'), 'the SSE-C upload takes a part under another SSE-C key'),
};
