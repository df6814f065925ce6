import {
  evaluateWebIdentity,
  githubClaims,
  unsignedToken,
  type PolicyDocument,
} from '../../scripts/oidc/trust';

/**
 * The evaluator the trust tests rely on (the emulator evaluates no web identity trust): it must
 * accept what IAM accepts and refuse what IAM refuses, so that a loose policy fails the tests in
 * __tests__/stacks/delivery.test.ts rather than passing them.
 */

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

const trust = (conditions: Record<string, Record<string, string | string[]>>): PolicyDocument => ({
  Statement: [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { Federated: PROVIDER },
      Condition: conditions,
    },
  ],
});
const decide = (policy: PolicyDocument, job: Parameters<typeof githubClaims>[0]) =>
  evaluateWebIdentity(policy, githubClaims(job), PROVIDER).decision;

const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
const exact = trust({
  StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/app:environment:prod' },
});

describe('web identity trust evaluation', () => {
  test('GitHub derives sub from the environment, else the pull request, else the branch', () => {
    expect(githubClaims({ repository: 'acme/app', environment: 'prod', branch: 'x' }).sub).toBe(
      'repo:acme/app:environment:prod',
    );
    expect(githubClaims({ repository: 'acme/app', event: 'pull_request' }).sub).toBe(
      'repo:acme/app:pull_request',
    );
    expect(githubClaims({ repository: 'acme/app', branch: 'main' }).sub).toBe(
      'repo:acme/app:ref:refs/heads/main',
    );
  });

  test('an exact trust accepts its job and refuses others', () => {
    expect(decide(exact, { repository: 'acme/app', environment: 'prod' })).toBe('allowed');
    expect(decide(exact, { repository: 'acme/app', environment: 'dev' })).toBe('denied');
    expect(decide(exact, { repository: 'acme/app2', environment: 'prod' })).toBe('denied');
    expect(decide(exact, { repository: 'acme/app', environment: 'prod', audience: 'other' })).toBe('denied');
  });

  test('a loose trust admits other repositories and branches: the tests would see it', () => {
    const owner = trust({
      StringEquals: AUD,
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
    });
    expect(decide(owner, { repository: 'acme/anything', branch: 'feature' })).toBe('allowed');
    const branches = trust({
      StringEquals: AUD,
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/*' },
    });
    expect(decide(branches, { repository: 'acme/app', branch: 'feature/x' })).toBe('allowed');
    const noSub = trust({ StringEquals: AUD });
    expect(decide(noSub, { repository: 'evil/fork', branch: 'main' })).toBe('allowed');
    const noAud = trust({
      StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:pull_request' },
    });
    expect(decide(noAud, { repository: 'acme/app', event: 'pull_request', audience: 'anything' })).toBe(
      'allowed',
    );
  });

  test('ForAllValues holds when the claim is missing, ForAnyValue does not; a Deny wins', () => {
    const vacuous = trust({
      'ForAllValues:StringEquals': { 'token.actions.githubusercontent.com:missing': 'x' },
    });
    expect(decide(vacuous, { repository: 'any/repo' })).toBe('allowed');
    const any = trust({ 'ForAnyValue:StringEquals': { 'token.actions.githubusercontent.com:missing': 'x' } });
    expect(decide(any, { repository: 'any/repo' })).toBe('denied');
    const denied: PolicyDocument = {
      Statement: [
        ...[exact.Statement].flat(),
        { Effect: 'Deny', Action: 'sts:*', Principal: { Federated: PROVIDER } },
      ],
    };
    expect(decide(denied, { repository: 'acme/app', environment: 'prod' })).toBe('denied');
  });

  test('a token from an issuer with no provider in the account is refused', () => {
    const claims = {
      ...githubClaims({ repository: 'acme/app', environment: 'prod' }),
      iss: 'https://evil.example',
    };
    expect(evaluateWebIdentity(exact, claims, PROVIDER).decision).toBe('denied');
  });

  test('fails when the policy uses an operator it cannot evaluate, rather than passing it', () => {
    const odd = trust({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } });
    expect(() => decide(odd, { repository: 'acme/app' })).toThrow('condition operator DateGreaterThan');
  });

  test('the token carries the claims, base64url-encoded, unsigned', () => {
    const claims = githubClaims({ repository: 'acme/app', branch: 'main' });
    const [, payload] = unsignedToken(claims).split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject(claims);
  });
});
