import {
  GITHUB_OIDC_HOST,
  GITHUB_SUBJECT_ACCEPTED,
  STS_AUDIENCE,
  isExpression,
  parseGithubSubject,
  strings,
  type Attributes,
  type SynthesizedElement,
} from '../../../core';
import { referencedElement, show } from '../../attributes';
import type { StackResources } from '../../policy-rule';
import { describeStatement, policyStatements, type Statement } from '../../policy-statements';

/**
 * Rule IAM-004: a role that web identities (OIDC tokens) may assume names the issuer and pins both
 * the audience and the subject. For GitHub Actions' issuer the audience must be exactly
 * `sts.amazonaws.com` and every accepted subject exactly one repository in one branch, GitHub
 * Environment or pull requests: a wildcard anywhere in `sub` (`repo:acme/*`, `...:ref:refs/heads/*`)
 * would admit other repositories or branches, and a missing `sub` condition admits every GitHub
 * repository in the world. Operators must be StringEquals (StringLike with literal values is
 * accepted); the set operators (`ForAnyValue:`, `ForAllValues:`) are refused, since
 * `ForAllValues` holds vacuously when the claim is missing.
 */
export function webIdentityTrustProblems(role: SynthesizedElement, stack: StackResources): string[] {
  const statements = policyStatements(role.attrs.assume_role_policy, stack);
  if (!statements) return [];
  return statements.flatMap((s, i) => {
    // Web identities are matched against Federated principals (or a wildcard principal); a statement
    // for AWS or Service principals admits none, whatever its actions.
    const anyone = s.principals.some((p) => p.type === '*' || p.identifiers.includes('*'));
    const federated = s.principals.filter((p) => p.type === 'Federated').flatMap((p) => p.identifiers);
    if (s.effect !== 'Allow' || !allowsWebIdentity(s) || (!anyone && federated.length === 0)) return [];
    const where = describeStatement(s, i);
    if (anyone) {
      return [
        `${where} admits web identities from ${show(s.principals)}: name the identity provider (Federated)`,
      ];
    }
    const hosts = [...new Set(federated.map((id) => issuerHost(id, stack)))];
    if (hosts.includes(undefined)) {
      return [`${where} trusts an identity provider this stack does not show (${federated.join(', ')})`];
    }
    return (hosts as string[]).flatMap((host) => issuerProblems(s, where, host));
  });
}

/** Rule IAM-005: GitHub's identity provider accepts only the audience STS asks for. */
export function githubProviderProblem(attrs: Attributes): string | undefined {
  if (hostOf(attrs.url) !== GITHUB_OIDC_HOST) return undefined;
  const audiences = strings(attrs.client_id_list);
  return audiences.length === 1 && audiences[0] === STS_AUDIENCE
    ? undefined
    : `client_id_list is ${show(attrs.client_id_list)}, expected ["${STS_AUDIENCE}"]`;
}

function allowsWebIdentity(s: Statement): boolean {
  return s.actions.some((a) => /^(\*|sts:\*|sts:AssumeRoleWith\*|sts:AssumeRoleWithWebIdentity)$/i.test(a));
}

/** The issuer host of a Federated principal: from its ARN, or from the provider it references. */
function issuerHost(identifier: string, stack: StackResources): string | undefined {
  const provider = referencedElement(identifier, stack);
  if (provider?.type === 'aws_iam_openid_connect_provider') return hostOf(provider.attrs.url);
  const match = /:oidc-provider\/([^/$]+)(?:\/.*)?$/.exec(identifier);
  return match && !isExpression(match[1]) ? match[1] : undefined;
}

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || isExpression(url)) return undefined;
  return url.replace(/^https:\/\//, '').split('/')[0];
}

function issuerProblems(s: Statement, where: string, host: string): string[] {
  const on = (claim: string) => s.conditions.filter((c) => c.variable === `${host}:${claim}`);
  const problems: string[] = [];
  const aud = on('aud');
  const expectedAud = host === GITHUB_OIDC_HOST ? [STS_AUDIENCE] : undefined;
  const audPinned = aud.some(
    (c) =>
      c.test === 'StringEquals' &&
      c.values.length > 0 &&
      c.values.every((v) => !/[*?]/.test(v)) &&
      (expectedAud === undefined || (c.values.length === 1 && c.values[0] === expectedAud[0])),
  );
  if (!audPinned) {
    problems.push(
      `${where} does not pin ${host}:aud with StringEquals to ${expectedAud ? `"${expectedAud[0]}"` : 'literal audiences'}` +
        ` (found ${aud.length ? aud.map((c) => `${c.test} ${show(c.values)}`).join(', ') : 'no condition'})`,
    );
  }
  const sub = on('sub');
  const loose = sub.filter((c) => c.test.includes(':') || !['StringEquals', 'StringLike'].includes(c.test));
  for (const c of loose) problems.push(`${where} tests ${host}:sub with ${c.test}: use StringEquals`);
  const pinning = sub.filter((c) => !loose.includes(c));
  if (pinning.length === 0) {
    problems.push(`${where} accepts any ${host}:sub: pin it with StringEquals to exact subjects`);
  }
  for (const c of pinning) {
    const bad = c.values.filter((v) =>
      host === GITHUB_OIDC_HOST ? parseGithubSubject(v) === undefined : /[*?]/.test(v) || isExpression(v),
    );
    for (const value of bad) {
      problems.push(
        host === GITHUB_OIDC_HOST
          ? `${where} accepts sub "${value}", which admits more than one repository and branch, environment or pull requests (accepted: ${GITHUB_SUBJECT_ACCEPTED})`
          : `${where} accepts sub "${value}", which is not one literal subject`,
      );
    }
  }
  return problems;
}
