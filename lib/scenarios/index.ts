import type { Operation } from '../matrix/types';
import { completeMultipartUpload } from './complete-multipart-upload';
import { copyObject } from './copy-object';
import { initiateMultipartUpload } from './initiate-multipart-upload';
import { postObject } from './post-object';
import { putObject } from './put-object';
import { getObject, headObject } from './read-object';
import type { Scenario } from './types';
import { uploadPart } from './upload-part';
import { uploadPartCopy } from './upload-part-copy';

export const SCENARIOS: Record<Operation, Scenario> = {
  'put-object': putObject,
  'post-object': postObject,
  'initiate-multipart-upload': initiateMultipartUpload,
  'head-object': headObject,
  'get-object': getObject,
  'upload-part': uploadPart,
  'complete-multipart-upload': completeMultipartUpload,
  'copy-object': copyObject,
  'upload-part-copy': uploadPartCopy,
};
