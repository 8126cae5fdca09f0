/** S3 errors: a status, a code, a message, and optional extra elements for the error document. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message?: string,
    /** Extra child elements of <Error>, e.g. StringToSign (never secrets). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[code] ?? code);
  }
}

const DEFAULT_MESSAGES: Record<string, string> = {
  AccessDenied: 'Access Denied',
  AuthorizationHeaderMalformed: 'The authorization header is malformed.',
  AuthorizationQueryParametersError: 'Query-string authentication parameters are malformed.',
  BadDigest: 'The Content-MD5 you specified did not match what we received.',
  BucketNotEmpty: 'The bucket you tried to delete is not empty.',
  EntityTooLarge: 'Your proposed upload exceeds the maximum allowed size.',
  EntityTooSmall: 'Your proposed upload is smaller than the minimum allowed size.',
  IncompleteBody: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
  InternalError: 'We encountered an internal error. Please try again.',
  InvalidAccessKeyId: 'The AWS Access Key Id you provided does not exist in our records.',
  InvalidArgument: 'Invalid Argument',
  InvalidBucketName: 'The specified bucket is not valid.',
  InvalidDigest: 'The Content-MD5 you specified was invalid.',
  InvalidPart: 'One or more of the specified parts could not be found.',
  InvalidPartOrder: 'The list of parts was not in ascending order.',
  InvalidPolicyDocument: 'The content of the form does not meet the conditions specified in the policy document.',
  InvalidRange: 'The requested range is not satisfiable',
  InvalidRequest: 'Invalid Request',
  InvalidURI: "Couldn't parse the specified URI.",
  'KMS.NotFoundException': 'Invalid keyId',
  MalformedPOSTRequest: 'The body of your POST request is not well-formed multipart/form-data.',
  MalformedXML: 'The XML you provided was not well-formed or did not validate against our published schema.',
  MethodNotAllowed: 'The specified method is not allowed against this resource.',
  MissingContentLength: 'You must provide the Content-Length HTTP header.',
  NoSuchBucket: 'The specified bucket does not exist',
  NoSuchKey: 'The specified key does not exist.',
  NoSuchUpload: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  NotImplemented: 'A header or query you provided implies functionality that is not implemented.',
  PreconditionFailed: 'At least one of the pre-conditions you specified did not hold',
  RequestHeaderSectionTooLarge: 'Your request header section exceeds the maximum allowed size.',
  RequestTimeTooSkewed: 'The difference between the request time and the current time is too large.',
  SignatureDoesNotMatch: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  XAmzContentSHA256Mismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
};

export const err = {
  accessDenied: (m?: string) => new S3Error(403, 'AccessDenied', m),
  invalidArgument: (m?: string, extra?: Record<string, string>) => new S3Error(400, 'InvalidArgument', m, extra),
  invalidRequest: (m?: string) => new S3Error(400, 'InvalidRequest', m),
  malformedXml: (m?: string) => new S3Error(400, 'MalformedXML', m),
  noSuchBucket: (bucket: string) => new S3Error(404, 'NoSuchBucket', undefined, { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error(404, 'NoSuchKey', undefined, { Key: key }),
  noSuchUpload: (uploadId: string) => new S3Error(404, 'NoSuchUpload', undefined, { UploadId: uploadId }),
  notImplemented: (m?: string) => new S3Error(501, 'NotImplemented', m),
  internal: (m?: string) => new S3Error(500, 'InternalError', m),
};
