/**
 * How IAM answers `sts:AssumeRoleWithWebIdentity` for a GitHub Actions token, evaluated here so
 * that unit tests need no emulator.
 *
 * The unit tests evaluate every synthesized trust policy with right and wrong claims through
 * this. The deploy tier asks the emulator's STS, whose evaluation of the trust is the launcher's
 * (scripts/emulator/moto_launcher.py, Gap 4: moto 5.2.1 alone returns credentials for any token and
 * any trust policy), and requires this evaluator, applied to the trust policy IAM holds after the
 * deploy, to agree with it on every token.
 * It implements the policy evaluation logic for trust policies (AWS IAM User Guide, "Policy
 * evaluation logic"; "Condition operators"; "IAM and AWS STS condition context keys" for the
 * OIDC keys): an explicit Deny wins, then any Allow; a condition key the request does not carry
 * fails every operator but the negated ones, `...IfExists`, `ForAllValues:` and `Null`. An
 * operator it does not know throws, so a policy it cannot read never passes by accident.
 */

export const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';

/** What GitHub puts in a job's token, as far as AWS reads it. */
export interface GithubClaims {
  readonly iss: string;
  readonly aud: string;
  readonly sub: string;
  /** Informational: the claims the subject is derived from. */
  readonly repository: string;
  readonly ref?: string;
  readonly environment?: string;
  readonly event_name: string;
}

/** Where a job runs: GitHub derives `sub` from it (environment, then pull request, then ref). */
export interface GithubJob {
  readonly repository: string;
  /** The branch the workflow runs on. @default 'main' */
  readonly branch?: string;
  /** The GitHub Environment the job names, if any. */
  readonly environment?: string;
  /** @default 'push' */
  readonly event?: 'push' | 'pull_request' | 'workflow_dispatch';
  /** @default 'sts.amazonaws.com' (what configure-aws-credentials asks for) */
  readonly audience?: string;
}

export function githubClaims(job: GithubJob): GithubClaims {
  const event = job.event ?? 'push';
  const ref = `refs/heads/${job.branch ?? 'main'}`;
  const sub = job.environment
    ? `repo:${job.repository}:environment:${job.environment}`
    : event === 'pull_request'
      ? `repo:${job.repository}:pull_request`
      : `repo:${job.repository}:ref:${ref}`;
  return {
    iss: `https://${GITHUB_ISSUER_HOST}`,
    aud: job.audience ?? 'sts.amazonaws.com',
    sub,
    repository: job.repository,
    ref,
    ...(job.environment ? { environment: job.environment } : {}),
    event_name: event,
  };
}

/** An unsigned JWT carrying the claims (the emulator does not verify signatures; AWS would). */
export function unsignedToken(claims: GithubClaims): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part({ ...claims, iat: now, nbf: now, exp: now + 600 })}.${Buffer.from('not-signed').toString('base64url')}`;
}

/** An IAM policy document (JSON form). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatement[] | PolicyStatement;
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export type Decision = 'allowed' | 'denied';

/**
 * Whether a role with this trust policy, in `accountId`, accepts a web identity token with these
 * claims. The token's issuer must have an identity provider in the account (`providerArn`).
 */
export function evaluateWebIdentity(
  trust: PolicyDocument,
  claims: GithubClaims,
  providerArn: string,
): { decision: Decision; reason: string } {
  const host = claims.iss.replace(/^https:\/\//, '');
  if (!providerArn.endsWith(`:oidc-provider/${host}`)) {
    return { decision: 'denied', reason: `no identity provider for ${host} in the account` };
  }
  const context: Record<string, readonly string[]> = {
    [`${host}:aud`]: [claims.aud],
    [`${host}:sub`]: [claims.sub],
  };
  const statements = Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement as PolicyStatement];
  const matching = statements.filter((s) => matches(s, providerArn, context));
  if (matching.some((s) => s.Effect === 'Deny')) return { decision: 'denied', reason: 'explicit deny' };
  const allow = matching.find((s) => s.Effect === 'Allow');
  return allow
    ? { decision: 'allowed', reason: `allowed by ${allow.Sid ?? 'a statement'}` }
    : { decision: 'denied', reason: 'no statement allows it' };
}

const ACTION = 'sts:AssumeRoleWithWebIdentity';

function list(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** IAM's wildcard matching: `*` any run of characters (line breaks too), `?` one; case-sensitive unless told. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function matches(
  s: PolicyStatement,
  providerArn: string,
  context: Record<string, readonly string[]>,
): boolean {
  if (s.NotPrincipal !== undefined) throw new Error('NotPrincipal is not evaluated here');
  const actionMatches = s.NotAction
    ? !list(s.NotAction).some((a) => globMatches(a, ACTION, true))
    : list(s.Action).some((a) => globMatches(a, ACTION, true));
  if (!actionMatches) return false;
  const principal = s.Principal;
  const principalMatches =
    principal === '*' ||
    (principal !== undefined &&
      (list(principal.Federated).some((p) => p === '*' || p === providerArn) ||
        list(principal.AWS).includes('*') ||
        list(principal['*']).includes('*')));
  if (!principalMatches) return false;
  return Object.entries(s.Condition ?? {}).every(([operator, byKey]) =>
    Object.entries(byKey).every(([key, values]) => conditionHolds(operator, context[key], list(values))),
  );
}

function conditionHolds(
  operator: string,
  actual: readonly string[] | undefined,
  expected: readonly string[],
): boolean {
  let op = operator;
  let set: 'any' | 'all' | undefined;
  if (op.startsWith('ForAnyValue:')) [set, op] = ['any', op.slice('ForAnyValue:'.length)];
  else if (op.startsWith('ForAllValues:')) [set, op] = ['all', op.slice('ForAllValues:'.length)];
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);

  if (op === 'Null') {
    const wantsMissing = expected.map((v) => v.toLowerCase()).includes('true');
    return wantsMissing === (actual === undefined);
  }
  const test = OPERATORS[op];
  if (!test) throw new Error(`condition operator ${operator} is not evaluated here`);
  const negated = op.includes('Not');
  if (actual === undefined || actual.length === 0) {
    if (set === 'all' || ifExists) return true;
    if (set === 'any') return false;
    return negated;
  }
  const one = (value: string) => test(value, expected);
  if (set === 'all') return actual.every(one);
  return actual.some(one);
}

const OPERATORS: Record<string, (value: string, expected: readonly string[]) => boolean> = {
  StringEquals: (v, e) => e.includes(v),
  StringNotEquals: (v, e) => !e.includes(v),
  StringEqualsIgnoreCase: (v, e) => e.some((x) => x.toLowerCase() === v.toLowerCase()),
  StringNotEqualsIgnoreCase: (v, e) => !e.some((x) => x.toLowerCase() === v.toLowerCase()),
  StringLike: (v, e) => e.some((x) => globMatches(x, v)),
  StringNotLike: (v, e) => !e.some((x) => globMatches(x, v)),
  Bool: (v, e) => e.map((x) => x.toLowerCase()).includes(v.toLowerCase()),
};

/**
 * The IAM JSON of a synthesized `aws_iam_policy_document` (its `statement` blocks), with the
 * references in it replaced by `resolve` (for example the partition, or the provider's ARN).
 */
export function documentToPolicy(
  document: { readonly statement?: unknown },
  resolve: (value: string) => string = (v) => v,
): PolicyDocument {
  const blocks = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value)
      ? (value as Record<string, unknown>[])
      : value
        ? [value as Record<string, unknown>]
        : [];
  const strings = (value: unknown): string[] =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => resolve(String(v)));
  return {
    Version: '2012-10-17',
    Statement: blocks(document.statement).map((s) => {
      const conditions: Record<string, Record<string, string[]>> = {};
      for (const c of blocks(s.condition)) {
        const byKey = (conditions[String(c.test)] ??= {});
        byKey[String(c.variable)] = [...(byKey[String(c.variable)] ?? []), ...strings(c.values)];
      }
      const principals: Record<string, string[]> = {};
      for (const p of blocks(s.principals)) principals[String(p.type)] = strings(p.identifiers);
      return {
        ...(s.sid ? { Sid: String(s.sid) } : {}),
        Effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
        ...(s.actions ? { Action: strings(s.actions) } : {}),
        ...(s.not_actions ? { NotAction: strings(s.not_actions) } : {}),
        ...(s.resources ? { Resource: strings(s.resources) } : {}),
        ...(Object.keys(principals).length ? { Principal: principals } : {}),
        ...(Object.keys(conditions).length ? { Condition: conditions } : {}),
      } satisfies PolicyStatement;
    }),
  };
}
