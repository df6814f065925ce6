import {
  assessProbe,
  githubRoles,
  jobsFor,
  probeTokens,
  type ProbeAnswer,
  type ProbeCase,
} from '../../scripts/deploy/web-identity';
import { evaluateWebIdentity, githubClaims, type PolicyDocument } from '../../scripts/oidc/trust';
import { synthApp } from '../stacks/app-fixture';
import { githubRolesOf } from '../stacks/delivery-roles';

/**
 * The deploy tier's probe of the GitHub roles: which roles it finds, which tokens it sends, and how
 * it judges what the emulator answered.
 */
describe('web identity probe', () => {
  const stacks = synthApp();

  test('finds every GitHub role of a stack with the subjects its trust names, and none elsewhere', () => {
    const shared = githubRoles(stacks.shared);
    expect(shared.map((r) => r.name)).toEqual(
      expect.arrayContaining(['webapp-shared-deploy-platform', 'webapp-shared-plan']),
    );
    for (const role of shared) expect(role.subjects.length).toBe(1);
    expect(githubRoles(stacks.state)).toEqual([]);
  });

  test('sends the right job, and wrong ones whose subjects all differ from the trusted one', () => {
    const subject = 'repo:acme/webapp-platform:environment:dev';
    const { right, wrong } = jobsFor(subject, ['dev', 'dev-platform', 'shared']);
    expect(githubClaims(right).sub).toBe(subject);
    const labels = wrong.map((w) => w.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'other repository (fork)',
        'other environment dev-platform',
        'other environment shared',
        'other branch, no environment',
        'pull request',
        'other audience',
      ]),
    );
    for (const w of wrong.filter((x) => x.label !== 'other audience')) {
      expect(githubClaims(w.job).sub).not.toBe(subject);
    }
    expect(githubClaims(wrong.find((w) => w.label === 'other audience')!.job).aud).not.toBe(
      'sts.amazonaws.com',
    );
  });

  test('fails on a subject that is not exact, rather than probing a pattern', () => {
    expect(() => jobsFor('repo:acme/*', [])).toThrow('is not an exact GitHub subject');
  });

  test('labels every token of a role with several subjects apart', () => {
    const jobs = ['repo:acme/a:ref:refs/heads/main', 'repo:acme/b:ref:refs/heads/main'].map((s) =>
      jobsFor(s, ['dev']),
    );
    const labels = probeTokens(jobs).map((t) => t.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toEqual(expect.arrayContaining(['right 0', 'right 1', 'pull request (subject 1)']));
  });

  describe('judging what the emulator answered', () => {
    const account = '222222222222';
    const provider = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
    const deployed = Object.fromEntries(githubRolesOf(stacks.dev, account).map((r) => [r.name, r.trust]));
    const cases: ProbeCase[] = githubRoles(stacks.dev).map((role) => ({
      role,
      jobs: role.subjects.map((s) => jobsFor(s, ['dev', 'dev-platform', 'shared'])),
    }));
    type Token = ReturnType<typeof probeTokens>[number];
    type Attempt = ProbeAnswer['roles'][number]['attempts'][number];
    const credentials = (roleName: string, inAccount = account) => ({
      accepted: true,
      arn: `arn:aws:sts::${inAccount}:assumed-role/${roleName}/web-identity-probe`,
    });
    /** What STS answers (and the launcher's Gap 4): the right job gets credentials, wrong ones are refused. */
    const asSts = (roleName: string, token: Token): Omit<Attempt, 'label'> =>
      token.expected === 'allowed'
        ? credentials(roleName)
        : { accepted: false, error: token.job.audience ? 'InvalidIdentityToken' : 'AccessDenied' };
    const answer = (
      emulator: (roleName: string, token: Token) => Omit<Attempt, 'label'> = asSts,
      trusts: Record<string, PolicyDocument> = deployed,
    ): ProbeAnswer => ({
      providers: [provider],
      roles: cases.map(({ role, jobs }) => ({
        roleName: role.name,
        trust: trusts[role.name],
        attempts: probeTokens(jobs).map((token) => ({ label: token.label, ...emulator(role.name, token) })),
      })),
    });

    test('passes when the emulator answers every token as the deployed trust, evaluated by trust.ts, does', () => {
      const { problems, right, wrong, refusals } = assessProbe(answer(), cases, account);
      expect(problems).toEqual([]);
      expect(right).toBe(cases.length);
      expect(wrong).toBeGreaterThan(cases.length * 4);
      expect(refusals).toEqual({ AccessDenied: wrong - cases.length, InvalidIdentityToken: cases.length });
    });

    test('fails when the emulator accepts a wrong token, naming its disagreement with trust.ts', () => {
      const { problems } = assessProbe(
        answer((roleName, token) =>
          token.label === 'pull request' ? credentials(roleName) : asSts(roleName, token),
        ),
        cases,
        account,
      );
      expect(problems).toEqual([
        expect.stringMatching(
          /^webapp-dev-deploy-platform: the emulator and scripts\/oidc\/trust.ts disagree on pull request: the emulator accepted, trust.ts denied/,
        ),
        expect.stringMatching(/^webapp-dev-deploy-services: the emulator and .* disagree on pull request/),
      ]);
    });

    test('fails when the emulator refuses the right token, or gives credentials in another account', () => {
      const refused = assessProbe(
        answer((roleName, token) =>
          token.expected === 'allowed' ? { accepted: false, error: 'AccessDenied' } : asSts(roleName, token),
        ),
        cases,
        account,
      );
      expect(refused.problems).toHaveLength(cases.length);
      expect(refused.problems[0]).toMatch(/the emulator refused \(AccessDenied\), trust.ts allowed/);
      const elsewhere = assessProbe(
        answer((roleName, token) =>
          token.expected === 'allowed' ? credentials(roleName, '999999999999') : asSts(roleName, token),
        ),
        cases,
        account,
      );
      expect(elsewhere.problems).toHaveLength(cases.length);
      expect(elsewhere.problems[0]).toMatch(/credentials of arn:aws:sts::999999999999:assumed-role\//);
    });

    test('fails when the deployed trust admits a wrong token, even where the emulator agrees with trust.ts', () => {
      // A trust that takes any job of the repository, answered by an emulator that evaluates it.
      const loose: PolicyDocument = {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: provider },
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/webapp-platform:*' },
          },
        },
      };
      const trusts = Object.fromEntries(Object.keys(deployed).map((name) => [name, loose]));
      const evaluated = (roleName: string, token: Token) =>
        evaluateWebIdentity(loose, githubClaims(token.job), provider).decision === 'allowed'
          ? credentials(roleName)
          : { accepted: false, error: 'AccessDenied' };
      const { problems } = assessProbe(answer(evaluated, trusts), cases, account);
      expect(problems).toContainEqual(
        expect.stringMatching(/^webapp-dev-plan: its deployed trust admits push to main/),
      );
      expect(problems).toContainEqual('webapp-dev-plan: the emulator accepted push to main');
      expect(problems.some((p) => p.includes('disagree'))).toBe(false);
    });

    test('fails when the account has no GitHub provider', () => {
      const { problems } = assessProbe({ ...answer(), providers: [] }, cases, account);
      expect(problems).toEqual([`no OIDC provider ${provider} in ${account}`]);
    });
  });
});
