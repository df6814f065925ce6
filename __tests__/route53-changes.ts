import { evaluate, type Decision } from '../testbed/iam/evaluate';
import { authorizationsOf } from '../testbed/iam/requests';
import { documentToPolicy } from '../testbed/iam/synthesized-roles';

/**
 * Whether a role's synthesized policy lets it make a Route 53 change batch in a zone, asked the way
 * the deploy tier asks of every recorded request: the change batch turned into IAM's request
 * (testbed/iam/requests.ts, which sets Route 53's condition keys from it), evaluated by the
 * project's IAM evaluator (iam-simulate).
 */

/** One change of a change batch. */
export interface RecordChange {
  readonly action: 'CREATE' | 'UPSERT' | 'DELETE';
  /** The name as a client sends it (any case, trailing dot or not, `*` for a wildcard). */
  readonly name: string;
  readonly type: string;
}

export const ZONE_ID = 'Z0TESTZONE';
export const ZONE_ARN = `arn:aws:route53:::hostedzone/${ZONE_ID}`;
const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/delivery/dns-test`;

/** Resolves what a synthesized policy references: the partition, and any zone's ARN as `ZONE_ARN`. */
const resolve = (value: string) =>
  value
    .replace(/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, 'aws')
    .replace(/^\$\{aws_route53_zone\.[^.}]+\.arn\}$/, ZONE_ARN);

/** A synthesized `aws_iam_policy_document` (its statement blocks). */
export interface SynthesizedDocument {
  readonly statement?: unknown;
}

export async function changeDecision(
  document: SynthesizedDocument,
  changes: readonly RecordChange[],
): Promise<Decision> {
  const resolution = authorizationsOf({
    account: ACCOUNT,
    role: ROLE,
    region: 'us-east-1',
    service: 'route53',
    operation: 'ChangeResourceRecordSets',
    params: {
      HostedZoneId: ZONE_ID,
      ChangeBatch: {
        Changes: changes.map((c) => ({
          Action: c.action,
          ResourceRecordSet: { Name: c.name, Type: c.type },
        })),
      },
    },
    status: 200,
  });
  if (!('requests' in resolution)) throw new Error(resolution.unresolved);
  const policy = documentToPolicy(document, resolve);
  const decisions = await Promise.all(
    resolution.requests.map(
      async (request) => (await evaluate({ roleArn: ROLE, policies: [policy] }, request)).decision,
    ),
  );
  return decisions.find((d) => d !== 'allowed') ?? 'allowed';
}

/** The decision on a ChangeResourceRecordSets request with exactly these condition keys. */
export async function decisionWithContext(
  document: SynthesizedDocument,
  context: Readonly<Record<string, readonly string[]>>,
): Promise<Decision> {
  const policy = documentToPolicy(document, resolve);
  return (
    await evaluate(
      { roleArn: ROLE, policies: [policy] },
      { action: 'route53:ChangeResourceRecordSets', resource: ZONE_ARN, context },
    )
  ).decision;
}
