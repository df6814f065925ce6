import { readFileSync } from 'node:fs';
import { evaluate, type Caller, type PolicyDocument } from '../iam/evaluate';
import { authorizationsOf, type AuthorizationRequest, type RecordedRequest } from '../iam/requests';
import type { SynthesizedRole } from '../iam/synthesized-roles';
import { UNRESOLVED_REQUESTS, type UnresolvedRequest } from './iam-unresolved';

/**
 * Least privilege, proven the other way: every request a CI role made during the deploy tier (the
 * emulator's request log), evaluated against the policies the synthesized app gives that role, by
 * the project's IAM evaluator. moto itself evaluates no identity policy, so an apply that succeeds
 * in the emulator says nothing about whether the role may do it; this does. A request is denied
 * when any authorization it takes is (the call itself, or one AWS implies, such as passing a role);
 * its resource's own policy (a bucket's, a key's, a role's trust) counts as AWS counts it.
 */

export interface IamCheckResult {
  /** Requests made by the CI roles (with the roles they assumed onward, such as the DNS writer). */
  readonly evaluated: number;
  /** One line per denied authorization: role, action, resource, and the operation that needed it. */
  readonly denied: readonly string[];
  /** Requests whose authorization cannot be derived, and no reviewed entry explains. */
  readonly unexplained: readonly string[];
  /** Reviewed entries (iam-unresolved.ts) that matched no request of the run. */
  readonly stale: readonly UnresolvedRequest[];
}

/** Reads the request log and evaluates each request of a role in `roles` (by ARN). */
export async function checkIamRequests(
  requestLog: string,
  roles: ReadonlyMap<string, SynthesizedRole>,
): Promise<IamCheckResult> {
  const requests = readFileSync(requestLog, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedRequest)
    .filter((request) => roles.has(request.role));
  const denied = new Set<string>();
  const unexplained = new Set<string>();
  const matched = new Set<UnresolvedRequest>();
  const decisions = new Map<string, Promise<string | undefined>>();
  for (const request of requests) {
    const resolution = authorizationsOf(request);
    const operation = `${request.service}:${request.operation ?? s3Operation(request)}`;
    if ('unresolved' in resolution) {
      const entry = UNRESOLVED_REQUESTS.find(
        (e) => e.service === request.service && `${e.service}:${e.operation}` === operation,
      );
      if (entry) matched.add(entry);
      else unexplained.add(`${roleName(request.role)}: ${operation}: ${resolution.unresolved}`);
      continue;
    }
    const role = roles.get(request.role)!;
    // The roles CI assumes carry no boundary (they are the administrator's, not workloads).
    const caller: Caller = { roleArn: role.arn, policies: role.policies };
    for (const authorization of resolution.requests) {
      const resource = resourceOf(request, authorization);
      const key = JSON.stringify([role.arn, authorization, resource]);
      if (!decisions.has(key)) {
        decisions.set(
          key,
          evaluate(caller, authorization, resource).then((evaluation) =>
            evaluation.decision === 'allowed'
              ? undefined
              : `${role.name}: ${authorization.action} on ${authorization.resource} ${evaluation.decision}` +
                `${authorization.implied ? ` (${authorization.implied})` : ''}, for ${operation}` +
                `${evaluation.error ? `: ${evaluation.error}` : ''}`,
          ),
        );
      }
      const denial = await decisions.get(key)!;
      if (denial) denied.add(denial);
    }
  }
  return {
    evaluated: requests.length,
    denied: [...denied].sort(),
    unexplained: [...unexplained].sort(),
    stale: UNRESOLVED_REQUESTS.filter((entry) => !matched.has(entry)),
  };
}

interface Facts {
  readonly bucket?: { readonly account: string; readonly policy: PolicyDocument | null };
  readonly trust?: PolicyDocument;
  readonly keys?: Readonly<Record<string, { readonly arn: string; readonly policy?: PolicyDocument }>>;
}

/**
 * The policy of the resource an authorization is on, and its account, from what the emulator held
 * before the request: a bucket's policy, the trust of a role being assumed, a key's policy.
 */
function resourceOf(
  request: RecordedRequest,
  authorization: AuthorizationRequest,
): { policy?: PolicyDocument; account?: string } {
  const facts = (request.facts ?? {}) as Facts;
  if (authorization.action.startsWith('s3:') && facts.bucket) {
    return { policy: facts.bucket.policy ?? undefined, account: facts.bucket.account };
  }
  if (authorization.action === 'sts:AssumeRole' && facts.trust) return { policy: facts.trust };
  if (authorization.action.startsWith('kms:')) {
    const key = Object.values(facts.keys ?? {}).find((k) => k.arn === authorization.resource);
    if (key?.policy) return { policy: key.policy };
  }
  return {};
}

function s3Operation(request: RecordedRequest): string {
  const params = request.params as { method?: string; key?: string | null; query?: Record<string, string> };
  const query = Object.keys(params?.query ?? {})
    .filter((k) => k !== 'x-id')
    .sort()
    .join('&');
  return `${params?.method ?? '?'} ${params?.key ? 'object' : 'bucket'}${query ? `?${query}` : ''}`;
}

function roleName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}
