import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments, project } from '../../../envs';
import {
  ADMINISTERED_ROLE_PATH,
  accountsOf,
  administratorStackId,
  deployPlatformRoleName,
  deployServicesRoleName,
  imagePublisherRoleName,
  MAIN_BRANCH,
  planRoleName,
  platformGithubEnvironment,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
} from '../../../envs/derive';
import type { CommandResult } from '../../deploy/steps';
import type { StackJson } from '../../deploy/stack-json';
import {
  assessProbe,
  githubRoles,
  jobsFor,
  probeTokens,
  webIdentityChecks,
  type ProbeAnswer,
  type ProbeCase,
} from '../../deploy/web-identity';
import { synthesizedRoles } from '../../iam/synthesized-roles';
import {
  evaluateWebIdentity,
  GITHUB_ISSUER_HOST,
  githubClaims,
  type GithubClaims,
  type PolicyDocument,
} from '../../oidc/trust';
import { synthApp } from '../../../__tests__/stacks/app-fixture';

/**
 * The deploy tier's probe of the GitHub roles (administrator stacks hold them all, under
 * ADMINISTERED_ROLE_PATH): which roles it finds, which tokens it sends, and how it judges what the
 * emulator answered, against the trust evaluated by iam-simulate (through testbed/oidc/trust.ts).
 */

const stacks = synthApp();
const providerArn = (account: string) => `arn:aws:iam::${account}:oidc-provider/${GITHUB_ISSUER_HOST}`;
/** Every GitHub Environment the configuration names. */
const githubEnvironments = [
  SHARED_GITHUB_ENVIRONMENT,
  ...environments.flatMap((e) => [platformGithubEnvironment(e), servicesGithubEnvironment(e)]),
].sort();
const subject = {
  pullRequest: `repo:${project.repository}:pull_request`,
  main: `repo:${project.repository}:ref:refs/heads/${MAIN_BRANCH}`,
};

/** The claims an unsigned token carries. */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as GithubClaims;

describe('web identity probe', () => {
  const sharedAdmin = administratorStackId(project.sharedAccountId);

  test('finds every GitHub role of an administrator stack, at its path, with the subjects its trust names; none elsewhere', () => {
    // WHEN
    const roles = githubRoles(stacks[sharedAdmin]);
    // THEN the shared account's roles: deploy and plan shared, publish each service's images
    const publishers = Object.entries(project.services)
      .filter(([, s]) => s.source)
      .map(([name]) => imagePublisherRoleName(project, name));
    expect(roles.map((r) => r.name).sort()).toEqual(
      [deployPlatformRoleName(project, 'shared'), planRoleName(project, 'shared'), ...publishers].sort(),
    );
    for (const role of roles) expect(role.path).toBe(ADMINISTERED_ROLE_PATH);
    // AND the plan role trusts pull requests and pushes to main, every other role one subject
    for (const role of roles) {
      expect([...role.subjects].sort()).toEqual(
        role.name === planRoleName(project, 'shared')
          ? [subject.pullRequest, subject.main].sort()
          : [expect.any(String)],
      );
    }
    // AND the DNS roles (assumed by roles, not by web identities) are not among them
    expect(Object.keys(stacks[sharedAdmin].resource?.aws_iam_role ?? {}).length).toBeGreaterThan(
      roles.length,
    );
    // AND no stack CI applies holds a GitHub role
    for (const name of Object.keys(stacks).filter((n) => !n.startsWith('admin-'))) {
      expect(githubRoles(stacks[name])).toEqual([]);
    }
  });

  test('sends the right job, and wrong ones whose subjects all differ from the trusted one', () => {
    const trusted = 'repo:acme/webapp-platform:environment:dev';
    const { right, wrong } = jobsFor(trusted, ['dev', 'dev-platform', 'shared']);
    expect(githubClaims(right).sub).toBe(trusted);
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
      expect(githubClaims(w.job).sub).not.toBe(trusted);
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

  describe('probing the administrator stacks, against an STS that evaluates the trust IAM holds', () => {
    const admins = accountsOf(project, environments).map((account) => ({
      account,
      stack: administratorStackId(account),
    }));
    /** The trust of each role of an account's administrator stack, by role name. */
    const trustsOf = (account: string) =>
      Object.fromEntries(
        synthesizedRoles(stacks[administratorStackId(account)], account, project.region).map((r) => [
          r.name,
          r,
        ]),
      );
    interface ProbeRequest {
      roles: { roleName: string; roleArn: string; attempts: { label: string; token: string }[] }[];
    }

    /**
     * Runs every check of the administrator stacks with a stand-in for web_identity_probe.py: it
     * keeps the request, and answers each token as STS would over the synthesized trust.
     */
    async function probeAll() {
      const workDir = mkdtempSync(join(tmpdir(), 'web-identity-'));
      const requests: Record<string, ProbeRequest> = {};
      try {
        const accounts = Object.fromEntries(admins.map((a) => [a.stack, a.account]));
        const checks = webIdentityChecks({
          names: admins.map((a) => a.stack),
          json: Object.fromEntries(admins.map((a) => [a.stack, stacks[a.stack] as StackJson])),
          accounts,
          workDir,
          python: 'python3',
          run: async (_label, _command, args, stack): Promise<CommandResult> => {
            const request = JSON.parse(readFileSync(args[1], 'utf8')) as ProbeRequest;
            requests[stack] = request;
            const account = accounts[stack];
            const trusts = trustsOf(account);
            const answer: ProbeAnswer = {
              providers: [providerArn(account)],
              roles: request.roles.map(({ roleName, roleArn, attempts }) => ({
                roleName,
                trust: trusts[roleName].trust,
                attempts: attempts.map(({ label, token }) => {
                  const claims = claimsOf(token);
                  const decision = evaluateWebIdentity(
                    trusts[roleName].trust,
                    claims,
                    providerArn(account),
                    roleArn,
                  ).decision;
                  return decision === 'allowed'
                    ? {
                        label,
                        accepted: true,
                        arn: `arn:aws:sts::${account}:assumed-role/${roleName}/web-identity-probe`,
                      }
                    : {
                        label,
                        accepted: false,
                        error: claims.aud === 'sts.amazonaws.com' ? 'AccessDenied' : 'InvalidIdentityToken',
                      };
                }),
              })),
            };
            return { code: 0, output: `probing\n${JSON.stringify(answer)}\n`, seconds: 0 };
          },
        });
        const results = await Promise.all(
          checks.map(async (c) => ({ stack: c.stack, check: await c.run() })),
        );
        return { checks, results, requests };
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    }

    test('every administrator stack passes: each role is asked with the path its ARN has', async () => {
      // WHEN
      const { checks, results, requests } = await probeAll();
      // THEN one check per administrator stack, each passing
      expect(checks.map((c) => c.stack).sort()).toEqual(admins.map((a) => a.stack).sort());
      for (const { check } of results) expect(check).toMatchObject({ ok: true, detail: undefined });
      for (const { account, stack } of admins) {
        for (const role of requests[stack].roles) {
          expect(role.roleArn).toBe(`arn:aws:iam::${account}:role${ADMINISTERED_ROLE_PATH}${role.roleName}`);
        }
      }
    });

    test('a role trusting pull requests and pushes to main is not probed with one of them as a wrong job of the other', async () => {
      // GIVEN the plan roles, which trust two subjects
      const { requests } = await probeAll();
      const planRoles = admins.flatMap(({ stack }) =>
        requests[stack].roles.filter((r) =>
          githubRoles(stacks[stack])
            .find((g) => g.name === r.roleName)!
            .subjects.includes(subject.pullRequest),
        ),
      );
      expect(planRoles.length).toBe(admins.length);
      for (const role of planRoles) {
        // WHEN their tokens are read back
        const sent = role.attempts.map(({ label, token }) => ({ label, claims: claimsOf(token) }));
        const right = sent.filter((t) => t.label.startsWith('right '));
        const wrong = sent.filter((t) => !t.label.startsWith('right '));
        // THEN both subjects are sent as right jobs
        expect(right.map((t) => t.claims.sub).sort()).toEqual([subject.pullRequest, subject.main].sort());
        // AND no wrong token is a token either subject names (its sub, with the audience STS takes)
        const named = (c: GithubClaims) =>
          [subject.pullRequest, subject.main].includes(c.sub) && c.aud === 'sts.amazonaws.com';
        expect(wrong.filter((t) => named(t.claims)).map((t) => t.label)).toEqual([]);
        // AND each subject still gets wrong jobs: other repositories, other branches, environments
        for (const i of [0, 1]) {
          const ofSubject = wrong.filter((t) => t.label.endsWith(`(subject ${i})`));
          expect(ofSubject.some((t) => t.claims.repository !== project.repository)).toBe(true);
          expect(ofSubject.some((t) => t.claims.environment !== undefined)).toBe(true);
        }
        expect(wrong.map((t) => t.claims.sub)).toContain(
          `repo:${project.repository}:ref:refs/heads/${MAIN_BRANCH}-other`,
        );
      }
    });
  });

  describe('judging what the emulator answered', () => {
    const env = environments[0];
    const account = env.accountId;
    const admin = administratorStackId(account);
    const provider = providerArn(account);
    const deployed = Object.fromEntries(
      synthesizedRoles(stacks[admin], account, project.region).map((r) => [r.name, r.trust]),
    );
    // The cases the probe builds: a wrong job that another subject of the same role names is
    // that subject's right job, not a wrong one.
    const cases: ProbeCase[] = githubRoles(stacks[admin]).map((role) => {
      const jobs = role.subjects.map((s) => jobsFor(s, githubEnvironments));
      const rights = jobs.map((j) => githubClaims(j.right));
      const isRight = (claims: GithubClaims) =>
        rights.some((r) => r.sub === claims.sub && r.aud === claims.aud);
      return {
        role,
        jobs: jobs.map(({ right, wrong }) => ({
          right,
          wrong: wrong.filter((w) => !isRight(githubClaims(w.job))),
        })),
      };
    });
    const subjects = cases.reduce((n, c) => n + c.jobs.length, 0);
    const names = {
      platform: deployPlatformRoleName(project, env.name),
      services: deployServicesRoleName(project, env),
      plan: planRoleName(project, env.name),
    };
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

    test('the account holds the three roles of the environment, the plan role with two subjects', () => {
      expect(cases.map((c) => c.role.name).sort()).toEqual(Object.values(names).sort());
      expect(cases.find((c) => c.role.name === names.plan)!.jobs).toHaveLength(2);
    });

    test('passes when the emulator answers every token as the deployed trust, evaluated by iam-simulate, does', () => {
      const { problems, right, wrong, refusals } = assessProbe(answer(), cases, account);
      expect(problems).toEqual([]);
      expect(right).toBe(subjects);
      expect(wrong).toBeGreaterThan(subjects * 4);
      expect(refusals).toEqual({ AccessDenied: wrong - subjects, InvalidIdentityToken: subjects });
    });

    test('fails when the emulator accepts a wrong token, naming its disagreement with iam-simulate', () => {
      const { problems } = assessProbe(
        answer((roleName, token) =>
          token.label === 'pull request' ? credentials(roleName) : asSts(roleName, token),
        ),
        cases,
        account,
      );
      expect(problems.sort()).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${names.platform}: the emulator and iam-simulate disagree on pull request: the emulator accepted, iam-simulate denied`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^${names.services}: the emulator and iam-simulate disagree on pull request`),
        ),
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
      expect(refused.problems).toHaveLength(subjects);
      expect(refused.problems[0]).toMatch(/the emulator refused \(AccessDenied\), iam-simulate allowed/);
      const elsewhere = assessProbe(
        answer((roleName, token) =>
          token.expected === 'allowed' ? credentials(roleName, '999999999999') : asSts(roleName, token),
        ),
        cases,
        account,
      );
      expect(elsewhere.problems).toHaveLength(subjects);
      expect(elsewhere.problems[0]).toMatch(/credentials of arn:aws:sts::999999999999:assumed-role\//);
    });

    test('fails when the deployed trust admits a wrong token, even where the emulator agrees with iam-simulate', () => {
      // GIVEN a trust that takes any job of the repository, answered by an emulator that evaluates it
      const loose: PolicyDocument = {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: provider },
          Condition: {
            StringEquals: { [`${GITHUB_ISSUER_HOST}:aud`]: 'sts.amazonaws.com' },
            StringLike: { [`${GITHUB_ISSUER_HOST}:sub`]: `repo:${project.repository}:*` },
          },
        },
      };
      const trusts = Object.fromEntries(Object.keys(deployed).map((name) => [name, loose]));
      const roleArn = (roleName: string) =>
        `arn:aws:iam::${account}:role${ADMINISTERED_ROLE_PATH}${roleName}`;
      const evaluated = (roleName: string, token: Token) =>
        evaluateWebIdentity(loose, githubClaims(token.job), provider, roleArn(roleName)).decision ===
        'allowed'
          ? credentials(roleName)
          : { accepted: false, error: 'AccessDenied' };
      // WHEN
      const { problems } = assessProbe(answer(evaluated, trusts), cases, account);
      // THEN
      expect(problems).toContainEqual(
        expect.stringMatching(new RegExp(`^${names.platform}: its deployed trust admits pull request `)),
      );
      expect(problems).toContainEqual(`${names.platform}: the emulator accepted pull request`);
      expect(problems).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${names.plan}: its deployed trust admits other branch \\(subject \\d\\)`),
        ),
      );
      expect(problems.some((p) => p.includes('disagree'))).toBe(false);
    });

    test('fails when the account has no GitHub provider', () => {
      const { problems } = assessProbe({ ...answer(), providers: [] }, cases, account);
      expect(problems).toEqual([`no OIDC provider ${provider} in ${account}`]);
    });
  });
});
