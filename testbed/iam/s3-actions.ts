/**
 * The IAM action of an S3 REST request, which the log records as HTTP method, bucket, key and query
 * rather than as an operation: S3's REST API names an operation by method, by whether a key is
 * addressed and by the subresource in the query (`?versioning`, `?policy`, ...). The mapping
 * follows the Amazon S3 User Guide, "Amazon S3 API operations and required permissions"; several
 * operations are authorized as another action (DeleteBucketLifecycle as
 * s3:PutLifecycleConfiguration, HeadBucket as s3:ListBucket, HeadObject as s3:GetObject, ...).
 */

import { bucketArn, objectArn, type Scope } from './resource-arns';

/** An S3 request as the log records it. */
export interface S3Call {
  readonly method: string;
  readonly bucket: string;
  readonly key: string | null;
  readonly query: Readonly<Record<string, string>>;
  /** The request's If-None-Match header (a conditional write), or null. */
  readonly conditional: string | null;
}

/** What one S3 request is authorized as: an action on a bucket or object, with its context keys. */
export interface S3Authorization {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
}

type Methods = Readonly<Partial<Record<string, string>>>;

/** Bucket subresources, by the query key that names them, and the action of each method on them. */
const BUCKET_SUBRESOURCES: Readonly<Record<string, Methods>> = {
  accelerate: { GET: 'GetAccelerateConfiguration', PUT: 'PutAccelerateConfiguration' },
  acl: { GET: 'GetBucketAcl', PUT: 'PutBucketAcl' },
  analytics: {
    GET: 'GetAnalyticsConfiguration',
    PUT: 'PutAnalyticsConfiguration',
    DELETE: 'PutAnalyticsConfiguration',
  },
  cors: { GET: 'GetBucketCORS', PUT: 'PutBucketCORS', DELETE: 'PutBucketCORS' },
  encryption: {
    GET: 'GetEncryptionConfiguration',
    PUT: 'PutEncryptionConfiguration',
    DELETE: 'PutEncryptionConfiguration',
  },
  'intelligent-tiering': {
    GET: 'GetIntelligentTieringConfiguration',
    PUT: 'PutIntelligentTieringConfiguration',
    DELETE: 'PutIntelligentTieringConfiguration',
  },
  inventory: {
    GET: 'GetInventoryConfiguration',
    PUT: 'PutInventoryConfiguration',
    DELETE: 'PutInventoryConfiguration',
  },
  lifecycle: {
    GET: 'GetLifecycleConfiguration',
    PUT: 'PutLifecycleConfiguration',
    DELETE: 'PutLifecycleConfiguration',
  },
  location: { GET: 'GetBucketLocation' },
  logging: { GET: 'GetBucketLogging', PUT: 'PutBucketLogging' },
  metrics: {
    GET: 'GetMetricsConfiguration',
    PUT: 'PutMetricsConfiguration',
    DELETE: 'PutMetricsConfiguration',
  },
  notification: { GET: 'GetBucketNotification', PUT: 'PutBucketNotification' },
  'object-lock': { GET: 'GetBucketObjectLockConfiguration', PUT: 'PutBucketObjectLockConfiguration' },
  ownershipControls: {
    GET: 'GetBucketOwnershipControls',
    PUT: 'PutBucketOwnershipControls',
    DELETE: 'PutBucketOwnershipControls',
  },
  policy: { GET: 'GetBucketPolicy', PUT: 'PutBucketPolicy', DELETE: 'DeleteBucketPolicy' },
  policyStatus: { GET: 'GetBucketPolicyStatus' },
  publicAccessBlock: {
    GET: 'GetBucketPublicAccessBlock',
    PUT: 'PutBucketPublicAccessBlock',
    DELETE: 'PutBucketPublicAccessBlock',
  },
  replication: {
    GET: 'GetReplicationConfiguration',
    PUT: 'PutReplicationConfiguration',
    DELETE: 'PutReplicationConfiguration',
  },
  requestPayment: { GET: 'GetBucketRequestPayment', PUT: 'PutBucketRequestPayment' },
  tagging: { GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'PutBucketTagging' },
  versioning: { GET: 'GetBucketVersioning', PUT: 'PutBucketVersioning' },
  website: { GET: 'GetBucketWebsite', PUT: 'PutBucketWebsite', DELETE: 'DeleteBucketWebsite' },
  versions: { GET: 'ListBucketVersions' },
  uploads: { GET: 'ListBucketMultipartUploads' },
};

/** The bucket itself: HeadBucket is authorized as listing it, ListObjects(V2) is s3:ListBucket. */
const BUCKET_METHODS: Methods = {
  GET: 'ListBucket',
  HEAD: 'ListBucket',
  PUT: 'CreateBucket',
  DELETE: 'DeleteBucket',
};

/** Object subresources; multipart uploads are authorized as s3:PutObject, but for abort and listing parts. */
const OBJECT_SUBRESOURCES: Readonly<Record<string, Methods>> = {
  tagging: { GET: 'GetObjectTagging', PUT: 'PutObjectTagging', DELETE: 'DeleteObjectTagging' },
  acl: { GET: 'GetObjectAcl', PUT: 'PutObjectAcl' },
  retention: { GET: 'GetObjectRetention', PUT: 'PutObjectRetention' },
  'legal-hold': { GET: 'GetObjectLegalHold', PUT: 'PutObjectLegalHold' },
  attributes: { GET: 'GetObjectAttributes' },
  restore: { POST: 'RestoreObject' },
  uploads: { POST: 'PutObject' },
  uploadId: {
    PUT: 'PutObject',
    POST: 'PutObject',
    DELETE: 'AbortMultipartUpload',
    GET: 'ListMultipartUploadParts',
  },
};

/** The object itself: HeadObject is authorized as s3:GetObject. */
const OBJECT_METHODS: Methods = {
  GET: 'GetObject',
  HEAD: 'GetObject',
  PUT: 'PutObject',
  DELETE: 'DeleteObject',
};

/** With `?versionId`, the object actions on one version are separate actions. */
const ON_VERSION: Readonly<Record<string, string>> = {
  GetObject: 'GetObjectVersion',
  DeleteObject: 'DeleteObjectVersion',
  GetObjectTagging: 'GetObjectVersionTagging',
  PutObjectTagging: 'PutObjectVersionTagging',
  DeleteObjectTagging: 'DeleteObjectVersionTagging',
  GetObjectAcl: 'GetObjectVersionAcl',
  PutObjectAcl: 'PutObjectVersionAcl',
  GetObjectAttributes: 'GetObjectVersionAttributes',
};

/**
 * Query parameters that refine an operation without naming another: listing's paging and
 * filters, response header overrides, part numbers, and `x-id`, the SDK's name for the operation.
 */
const PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
  'key-marker',
  'version-id-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'partNumber',
  'versionId',
  'id',
  'x-id',
]);

/** Whether a query key is a response header override (`response-content-type`, ...). */
const isResponseOverride = (key: string) => key.startsWith('response-');

/**
 * The action, resource and context keys of one S3 request, or why they cannot be told. A request
 * naming two subresources, or one not known here, is not guessed at.
 */
export function s3Authorization(s: Scope, call: S3Call): S3Authorization | { readonly unresolved: string } {
  const method = call.method.toUpperCase();
  const onObject = call.key !== null;
  const subresources = Object.keys(call.query).filter((k) => !PARAMETERS.has(k) && !isResponseOverride(k));
  if (subresources.length > 1)
    return { unresolved: `S3 request names several subresources: ${subresources}` };
  const [subresource] = subresources;
  // DeleteObjects: one request deletes many keys, which its body lists; the log does not record it.
  if (!onObject && subresource === 'delete' && method === 'POST') {
    return {
      unresolved:
        'DeleteObjects (POST ?delete) names its keys in the request body, which the log does not hold',
    };
  }
  const table = onObject ? OBJECT_SUBRESOURCES : BUCKET_SUBRESOURCES;
  const methods =
    subresource === undefined ? (onObject ? OBJECT_METHODS : BUCKET_METHODS) : table[subresource];
  const named = methods?.[method];
  if (named === undefined) {
    const target = onObject ? 'object' : 'bucket';
    return {
      unresolved: `no S3 action known for ${method} on a ${target}${subresource ? ` ?${subresource}` : ''}`,
    };
  }
  const action = onObject && 'versionId' in call.query ? (ON_VERSION[named] ?? named) : named;
  return {
    action: `s3:${action}`,
    resource: onObject ? objectArn(s, call.bucket, call.key ?? '') : bucketArn(s, call.bucket),
    context: contextOf(action, call),
  };
}

/** The S3 context keys the log lets us tell: the listed prefix, and a conditional write's header. */
function contextOf(action: string, call: S3Call): Record<string, string> {
  const context: Record<string, string> = {};
  if ((action === 'ListBucket' || action === 'ListBucketVersions') && call.query.prefix !== undefined) {
    context['s3:prefix'] = call.query.prefix;
  }
  if (action === 'PutObject' && call.conditional !== null) context['s3:if-none-match'] = call.conditional;
  return context;
}
