import {
  evaluateWebIdentity,
  GITHUB_ISSUER_HOST,
  githubClaims,
  unsignedToken,
  type GithubJob,
  type PolicyDocument,
} from '../../oidc/trust';

/**
 * How the tests and the deploy tier decide whether a GitHub job's token gets a role: trust.ts's
 * wrapper around the project's one IAM evaluator, @cloud-copilot/iam-simulate
 * (testbed/iam/evaluate.ts). iam-simulate evaluates the policy language; what these tests pin is
 * the request the wrapper hands it: the token's `<host>:sub` and `<host>:aud` claims as context
 * keys, the account's identity provider as the principal, the role (its account included) as the
 * resource. A wrapper that dropped a claim, named another principal or another account would let
 * a loose trust pass, or refuse a right one, in __tests__/stacks/delivery.test.ts.
 */

const ACCOUNT = '123456789012';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_ISSUER_HOST}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/delivery/webapp-prod-deploy-platform`;
const SUB = `${GITHUB_ISSUER_HOST}:sub`;
const AUD_KEY = `${GITHUB_ISSUER_HOST}:aud`;

const trust = (
  conditions: Record<string, Record<string, string | string[]>>,
  principal = PROVIDER,
): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { Federated: principal },
      Condition: conditions,
    },
  ],
});
const decide = (policy: PolicyDocument, job: GithubJob, roleArn = ROLE) =>
  evaluateWebIdentity(policy, githubClaims(job), PROVIDER, roleArn).decision;

const AUD = { [AUD_KEY]: 'sts.amazonaws.com' };
const exact = trust({ StringEquals: { ...AUD, [SUB]: 'repo:acme/app:environment:prod' } });

describe('GitHub claims and tokens', () => {
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

  test('the token carries the claims, base64url-encoded, unsigned', () => {
    const claims = githubClaims({ repository: 'acme/app', branch: 'main' });
    const [, payload] = unsignedToken(claims).split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject(claims);
  });
});

describe('web identity trust evaluation (iam-simulate, through trust.ts)', () => {
  test('an exact trust accepts its job and refuses another environment, repository or audience', () => {
    expect(decide(exact, { repository: 'acme/app', environment: 'prod' })).toBe('allowed');
    expect(decide(exact, { repository: 'acme/app', environment: 'dev' })).toBe('denied');
    expect(decide(exact, { repository: 'acme/app2', environment: 'prod' })).toBe('denied');
    expect(decide(exact, { repository: 'acme/app', environment: 'prod', audience: 'other' })).toBe('denied');
  });

  test('a role trusting two subjects accepts each of them and nothing else', () => {
    // GIVEN a plan role's trust: the repository's pull requests and its pushes to main
    const plan = trust({
      StringEquals: { ...AUD, [SUB]: ['repo:acme/app:pull_request', 'repo:acme/app:ref:refs/heads/main'] },
    });
    // THEN
    expect(decide(plan, { repository: 'acme/app', event: 'pull_request' })).toBe('allowed');
    expect(decide(plan, { repository: 'acme/app', branch: 'main' })).toBe('allowed');
    expect(decide(plan, { repository: 'acme/app', branch: 'main-other' })).toBe('denied');
    expect(decide(plan, { repository: 'acme/app', environment: 'prod' })).toBe('denied');
    expect(decide(plan, { repository: 'acme-fork/app', event: 'pull_request' })).toBe('denied');
  });

  // The loose trusts below are what the security rules refuse; the evaluator must see through them
  // (the tests of the synthesized roles then fail), and must still refuse what they do not admit,
  // which it can only do when the wrapper hands it the token's claims.
  test('a wildcard sub (StringLike) admits any repository of the owner, and refuses other owners and audiences', () => {
    // GIVEN
    const owner = trust({ StringEquals: AUD, StringLike: { [SUB]: 'repo:acme/*' } });
    // THEN what the wildcard admits is admitted: the tests would see the loose trust
    expect(decide(owner, { repository: 'acme/anything', branch: 'feature' })).toBe('allowed');
    expect(decide(owner, { repository: 'acme/app', event: 'pull_request' })).toBe('allowed');
    // AND the sub and aud claims reach iam-simulate: what the trust does not admit is refused
    expect(decide(owner, { repository: 'evil/app', branch: 'main' })).toBe('denied');
    expect(decide(owner, { repository: 'acme/app', branch: 'main', audience: 'https://evil.example' })).toBe(
      'denied',
    );
    const branches = trust({ StringEquals: AUD, StringLike: { [SUB]: 'repo:acme/app:ref:refs/heads/*' } });
    expect(decide(branches, { repository: 'acme/app', branch: 'feature/x' })).toBe('allowed');
    expect(decide(branches, { repository: 'acme/app', event: 'pull_request' })).toBe('denied');
  });

  test('a trust without an aud condition admits any audience, and still refuses another subject', () => {
    // GIVEN
    const noAud = trust({ StringEquals: { [SUB]: 'repo:acme/app:pull_request' } });
    // THEN
    expect(decide(noAud, { repository: 'acme/app', event: 'pull_request', audience: 'anything' })).toBe(
      'allowed',
    );
    expect(decide(noAud, { repository: 'acme/app', branch: 'main', audience: 'anything' })).toBe('denied');
    // AND one without a sub condition admits every repository
    expect(decide(trust({ StringEquals: AUD }), { repository: 'evil/fork', branch: 'main' })).toBe('allowed');
  });

  test('a Deny statement wins over the Allow, and is reported as a denial', () => {
    // GIVEN the exact trust and a Deny of every STS action to the same provider
    const denied: PolicyDocument = {
      Statement: [
        ...[exact.Statement].flat(),
        { Effect: 'Deny', Action: 'sts:*', Principal: { Federated: PROVIDER } },
      ],
    };
    // WHEN
    const result = evaluateWebIdentity(
      denied,
      githubClaims({ repository: 'acme/app', environment: 'prod' }),
      PROVIDER,
      ROLE,
    );
    // THEN
    expect(result).toEqual({ decision: 'denied', reason: 'the trust policy denies it' });
    // AND a Deny conditioned on the sub claim applies only where the claim matches
    const denyForks: PolicyDocument = {
      Statement: [
        ...[trust({ StringEquals: AUD }).Statement].flat(),
        {
          Effect: 'Deny',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: PROVIDER },
          Condition: { StringNotLike: { [SUB]: 'repo:acme/*' } },
        },
      ],
    };
    expect(decide(denyForks, { repository: 'acme/app' })).toBe('allowed');
    expect(decide(denyForks, { repository: 'evil/app' })).toBe('denied');
  });

  test('ForAllValues holds when the claim is missing, ForAnyValue does not', () => {
    const vacuous = trust({ 'ForAllValues:StringEquals': { [`${GITHUB_ISSUER_HOST}:missing`]: 'x' } });
    expect(decide(vacuous, { repository: 'any/repo' })).toBe('allowed');
    const any = trust({ 'ForAnyValue:StringEquals': { [`${GITHUB_ISSUER_HOST}:missing`]: 'x' } });
    expect(decide(any, { repository: 'any/repo' })).toBe('denied');
  });

  test('a condition on a key the token does not carry, or an operator IAM does not know, refuses rather than passes', () => {
    expect(
      decide(trust({ StringEquals: { [`${GITHUB_ISSUER_HOST}:job_workflow_ref`]: 'x' } }), {
        repository: 'acme/app',
      }),
    ).toBe('denied');
    expect(
      decide(trust({ StringEqualsSomehow: { [SUB]: 'repo:acme/app:ref:refs/heads/main' } }), {
        repository: 'acme/app',
      }),
    ).toBe('denied');
  });

  test("the principal is the account's provider: a trust naming another account's provider refuses", () => {
    const elsewhere = trust(
      { StringEquals: { ...AUD, [SUB]: 'repo:acme/app:environment:prod' } },
      `arn:aws:iam::999999999999:oidc-provider/${GITHUB_ISSUER_HOST}`,
    );
    expect(decide(elsewhere, { repository: 'acme/app', environment: 'prod' })).toBe('denied');
  });

  test("the resource is the role: the role's path does not matter, a role in another account than the provider is refused", () => {
    const job = { repository: 'acme/app', environment: 'prod' };
    expect(decide(exact, job, `arn:aws:iam::${ACCOUNT}:role/webapp-prod-deploy-platform`)).toBe('allowed');
    expect(decide(exact, job, 'arn:aws:iam::999999999999:role/delivery/webapp-prod-deploy-platform')).toBe(
      'denied',
    );
  });

  test('a token from an issuer with no provider in the account is refused', () => {
    const claims = {
      ...githubClaims({ repository: 'acme/app', environment: 'prod' }),
      iss: 'https://evil.example',
    };
    expect(evaluateWebIdentity(exact, claims, PROVIDER, ROLE)).toEqual({
      decision: 'denied',
      reason: 'no identity provider for evil.example in the account',
    });
  });
});
