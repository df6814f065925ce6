/**
 * GitHub Actions' OpenID Connect tokens as a job holds them, and how STS answers
 * `sts:AssumeRoleWithWebIdentity` for one: the claims GitHub derives from where the job runs, an
 * unsigned token carrying them (for the emulator), and the decision over a role's trust policy,
 * made by the project's one IAM evaluator (testbed/iam/evaluate.ts, @cloud-copilot/iam-simulate).
 *
 * The unit tests evaluate every synthesized trust policy with right and wrong claims through
 * this. The deploy tier asks the emulator's STS, whose evaluation of the trust is the launcher's
 * (testbed/emulator/moto_launcher.py, Gap 4: moto 5.2.1 alone returns credentials for any token and
 * any trust policy), and requires this decision, over the trust policy IAM holds after the deploy,
 * to agree with it on every token.
 */

import { evaluateWebIdentityTrust, type PolicyDocument } from '../iam/evaluate';

export type { PolicyDocument, PolicyStatement } from '../iam/evaluate';

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

/**
 * An unsigned JWT carrying the claims, valid for `seconds` (GitHub's are valid for minutes; the
 * emulator does not verify signatures, AWS would).
 */
export function unsignedToken(claims: GithubClaims, seconds = 600): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part({ ...claims, iat: now, nbf: now, exp: now + seconds })}.${Buffer.from('not-signed').toString('base64url')}`;
}

export type Decision = 'allowed' | 'denied';

/**
 * Whether STS gives a role to a web identity token with these claims: the token's issuer needs an
 * identity provider in the role's account (`providerArn`), and the role's trust policy, evaluated
 * by the project's IAM evaluator (testbed/iam/evaluate.ts) over the token's `<host>:sub` and
 * `<host>:aud`, must allow `sts:AssumeRoleWithWebIdentity`.
 */
export function evaluateWebIdentity(
  trust: PolicyDocument,
  claims: GithubClaims,
  providerArn: string,
  roleArn: string,
): { decision: Decision; reason: string } {
  const host = claims.iss.replace(/^https:\/\//, '');
  if (!providerArn.endsWith(`:oidc-provider/${host}`)) {
    return { decision: 'denied', reason: `no identity provider for ${host} in the account` };
  }
  const decision = evaluateWebIdentityTrust(trust, roleArn, providerArn, {
    [`${host}:aud`]: claims.aud,
    [`${host}:sub`]: claims.sub,
  });
  return decision === 'allowed'
    ? { decision: 'allowed', reason: 'the trust policy allows it' }
    : {
        decision: 'denied',
        reason: `the trust policy ${decision === 'explicitly denied' ? 'denies' : 'does not allow'} it`,
      };
}
