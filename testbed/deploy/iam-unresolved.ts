/**
 * The reviewed list of requests by CI roles whose IAM authorization cannot be derived from what the
 * request says (testbed/iam/requests.ts answers `unresolved`), so that the deploy tier cannot
 * evaluate them. Each entry says why, and what AWS does instead. The tier fails on an unresolved
 * request no entry names, and on an entry that matched nothing in its run: the list cannot grow
 * into a blanket exemption, and an entry goes as soon as the request can be evaluated.
 */
export interface UnresolvedRequest {
  /** The service's signing name (`ec2`, `s3`, ...). */
  readonly service: string;
  /** The operation; for S3 the resolver's description of the REST request. */
  readonly operation: string;
  /** Why the authorization cannot be derived from the request. */
  readonly why: string;
}

export const UNRESOLVED_REQUESTS: readonly UnresolvedRequest[] = [];
