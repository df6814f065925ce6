import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITHUB_SUB_KEY, parseGithubSubject } from '../../modules/core/github-oidc';
import {
  evaluateWebIdentity,
  GITHUB_ISSUER_HOST,
  githubClaims,
  unsignedToken,
  type Decision,
  type GithubJob,
  type PolicyDocument,
} from '../oidc/trust';
import type { StackJson } from './stack-json';
import type { Check, CommandResult } from './steps';

/**
 * The deploy tier's check of the GitHub Actions roles, once their stack is deployed: for each role,
 * the job its trust policy names and jobs it must refuse (other repository, other branch, other
 * GitHub Environment, pull requests, another audience), asked of the emulator's STS with
 * AssumeRoleWithWebIdentity the way aws-actions/configure-aws-credentials asks AWS.
 *
 * The emulator evaluates the trust as STS does. moto 5.2.1 alone reads neither the token nor the
 * role's trust policy (moto/sts/models.py calls assume_role, which checks neither);
 * testbed/emulator/moto_launcher.py fills that gap (Gap 4): it reads the token's claims, requires
 * the issuer's OIDC provider in the role's account with the token's audience among its client IDs,
 * and evaluates the trust policy IAM holds over `<host>:sub` and `<host>:aud`. So the check requires,
 * from the emulator: the account's OIDC provider exists after the deploy, the right token yields
 * credentials of that role in that account, and every wrong token is refused. It also evaluates
 * every token against the trust policy IAM holds with iam-simulate (testbed/iam/evaluate.ts, the evaluator the unit
 * tests use): the two must agree on each token, so the launcher's evaluation and the one the unit
 * tests rely on cannot drift apart unnoticed. Token signatures are not verified (the tokens are
 * unsigned; the emulator cannot fetch a provider's keys), so what this shows is the decision over
 * the claims, which is what a trust policy controls.
 */

export interface WebIdentityCheck {
  readonly id: string;
  /** The stack whose roles it probes; it runs once that stack is deployed. */
  readonly stack: string;
  readonly run: () => Promise<Check>;
}

export interface WebIdentityContext {
  readonly names: readonly string[];
  readonly json: Readonly<Record<string, StackJson & { data?: Record<string, unknown> }>>;
  readonly accounts: Readonly<Record<string, string>>;
  /** Where the probe writes its request. */
  readonly workDir: string;
  readonly python: string;
  /** Runs a command with the credentials of the stack's account (the deploy tier's `run`). */
  readonly run: (label: string, command: string, args: string[], stack: string) => Promise<CommandResult>;
}

interface SynthesizedRole {
  readonly name: string;
  /** IAM path, `/delivery/`. */
  readonly path: string;
  readonly subjects: readonly string[];
}

/** The roles of a stack that web identities assume, with the subjects their trust names. */
export function githubRoles(stack: StackJson & { data?: Record<string, unknown> }): SynthesizedRole[] {
  const documents = (stack.data?.aws_iam_policy_document ?? {}) as Record<string, { statement?: unknown }>;
  const roles = (stack.resource?.aws_iam_role ?? {}) as Record<
    string,
    { name?: string; path?: string; assume_role_policy?: string }
  >;
  return Object.values(roles).flatMap((role) => {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(role.assume_role_policy ?? '');
    const statements = [documents[match?.[1] ?? '']?.statement ?? []].flat() as {
      actions?: string[];
      condition?: { variable: string; values: string[] }[];
    }[];
    const web = statements.filter((s) => s.actions?.includes('sts:AssumeRoleWithWebIdentity'));
    if (web.length === 0 || !role.name) return [];
    const subjects = web
      .flatMap((s) => (s.condition ?? []).filter((c) => c.variable === GITHUB_SUB_KEY))
      .flatMap((c) => c.values);
    return [{ name: role.name, path: role.path ?? '/', subjects }];
  });
}

/** The job a subject names, and jobs that must be refused; `environments` are all the app's. */
export function jobsFor(
  subject: string,
  environments: readonly string[],
): { right: GithubJob; wrong: { label: string; job: GithubJob }[] } {
  const parsed = parseGithubSubject(subject);
  if (!parsed) throw new Error(`${subject} is not an exact GitHub subject`);
  const { repository, context } = parsed;
  const [owner, name] = repository.split('/');
  const right: GithubJob =
    context.kind === 'environment'
      ? { repository, environment: context.environment }
      : context.kind === 'pull_request'
        ? { repository, event: 'pull_request' }
        : { repository, branch: context.branch };
  const wrong: { label: string; job: GithubJob }[] = [
    { label: 'other repository (fork)', job: { ...right, repository: `${owner}-fork/${name}` } },
    { label: 'other repository (same owner)', job: { ...right, repository: `${owner}/${name}-other` } },
    { label: 'other audience', job: { ...right, audience: 'https://github.com/other' } },
  ];
  if (context.kind === 'environment') {
    for (const other of environments.filter((e) => e !== context.environment)) {
      wrong.push({ label: `other environment ${other}`, job: { repository, environment: other } });
    }
    wrong.push({ label: 'other branch, no environment', job: { repository, branch: 'feature/x' } });
    wrong.push({ label: 'pull request', job: { repository, event: 'pull_request' } });
  } else if (context.kind === 'pull_request') {
    wrong.push({ label: 'push to main', job: { repository, branch: 'main' } });
    if (environments[0])
      wrong.push({
        label: `environment ${environments[0]}`,
        job: { repository, environment: environments[0] },
      });
  } else {
    wrong.push({ label: 'other branch', job: { repository, branch: `${context.branch}-other` } });
    wrong.push({ label: 'pull request', job: { repository, event: 'pull_request' } });
    if (environments[0])
      wrong.push({
        label: `environment ${environments[0]}`,
        job: { repository, environment: environments[0] },
      });
  }
  return { right, wrong };
}

/** What web_identity_probe.py prints: the account's OIDC providers, and per role its trust and answers. */
export interface ProbeAnswer {
  readonly providers: string[];
  readonly roles: {
    roleName: string;
    trust: PolicyDocument;
    attempts: { label: string; accepted: boolean; arn?: string; error?: string }[];
  }[];
}

/** A role to probe, with the jobs its subjects name (right) and jobs it must refuse (wrong). */
export interface ProbeCase {
  readonly role: SynthesizedRole;
  readonly jobs: readonly ReturnType<typeof jobsFor>[];
}

/** What a probe's answer shows: `problems` is empty when the check passes. */
export interface ProbeAssessment {
  readonly problems: string[];
  /** Right tokens, and wrong ones, sent. */
  readonly right: number;
  readonly wrong: number;
  /** How the emulator refused the wrong tokens: error code -> count. */
  readonly refusals: Readonly<Record<string, number>>;
}

/**
 * Judges the probe's answer for the roles of one account: every right token accepted (credentials
 * of that role in that account) and every wrong one refused, by the emulator and by
 * iam-simulate (testbed/iam/evaluate.ts) evaluating the trust IAM holds; a token on which the two disagree is named
 * as such.
 */
export function assessProbe(
  answer: ProbeAnswer,
  cases: readonly ProbeCase[],
  account: string,
): ProbeAssessment {
  const providerArn = githubProviderArn(account);
  const problems: string[] = [];
  const refusals: Record<string, number> = {};
  let right = 0;
  let wrong = 0;
  if (!answer.providers.includes(providerArn)) problems.push(`no OIDC provider ${providerArn} in ${account}`);
  for (const { role, jobs } of cases) {
    const deployed = answer.roles.find((r) => r.roleName === role.name);
    if (!deployed) {
      problems.push(`${role.name}: not found`);
      continue;
    }
    for (const { label, job, expected } of probeTokens(jobs)) {
      if (expected === 'allowed') right++;
      else wrong++;
      const what = expected === 'allowed' ? `the job it names (${label}: ${JSON.stringify(job)})` : label;
      // The trust policy IAM holds, evaluated by the evaluator the unit tests use.
      const evaluated = evaluateWebIdentity(
        deployed.trust,
        githubClaims(job),
        providerArn,
        `arn:aws:iam::${account}:role${role.path}${role.name}`,
      );
      // What the emulator's STS answered.
      const attempt = deployed.attempts.find((a) => a.label === label);
      if (!attempt) {
        problems.push(`${role.name}: no answer from the emulator for ${what}`);
        continue;
      }
      const emulator: Decision = attempt.accepted ? 'allowed' : 'denied';
      const answered = attempt.accepted ? 'accepted' : `refused (${attempt.error ?? 'no error code'})`;
      if (!attempt.accepted) refusals[attempt.error ?? '?'] = (refusals[attempt.error ?? '?'] ?? 0) + 1;
      if (evaluated.decision !== expected) {
        problems.push(
          `${role.name}: its deployed trust ${expected === 'allowed' ? 'refuses' : 'admits'} ${what} ` +
            `(iam-simulate: ${evaluated.reason})`,
        );
      }
      if (emulator !== evaluated.decision) {
        problems.push(
          `${role.name}: the emulator and iam-simulate disagree on ${what}: the emulator ${answered}, ` +
            `iam-simulate ${evaluated.decision} (${evaluated.reason})`,
        );
      } else if (emulator !== expected) {
        problems.push(`${role.name}: the emulator ${answered} ${what}`);
      }
      if (
        attempt.accepted &&
        expected === 'allowed' &&
        !attempt.arn?.includes(`:${account}:assumed-role/${role.name}/`)
      ) {
        problems.push(`${role.name}: the emulator gave ${what} credentials of ${attempt.arn ?? 'no role'}`);
      }
    }
  }
  return { problems, right, wrong, refusals };
}

/**
 * The tokens sent for a role, each with the label its answer comes back under: the right job of
 * each subject, then the wrong ones (labels carry the subject's index when the role has several).
 */
export function probeTokens(
  jobs: readonly ReturnType<typeof jobsFor>[],
): { label: string; job: GithubJob; expected: Decision }[] {
  return jobs.flatMap(({ right, wrong }, i) => [
    { label: `right ${i}`, job: right, expected: 'allowed' as const },
    ...wrong.map((w) => ({
      label: jobs.length > 1 ? `${w.label} (subject ${i})` : w.label,
      job: w.job,
      expected: 'denied' as const,
    })),
  ]);
}

function githubProviderArn(account: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${GITHUB_ISSUER_HOST}`;
}

/** One check per stack that holds GitHub roles. */
export function webIdentityChecks(context: WebIdentityContext): WebIdentityCheck[] {
  const roles = Object.fromEntries(context.names.map((n) => [n, githubRoles(context.json[n])]));
  const environments = [
    ...new Set(
      Object.values(roles)
        .flat()
        .flatMap((r) => r.subjects.map(parseGithubSubject))
        .flatMap((s) => (s?.context.kind === 'environment' ? [s.context.environment] : [])),
    ),
  ].sort();
  return context.names
    .filter((stack) => roles[stack].length > 0)
    .map((stack) => ({
      id: `web-identity-${stack}`,
      stack,
      run: () => probe(stack, roles[stack], environments, context),
    }));
}

async function probe(
  stack: string,
  roles: readonly SynthesizedRole[],
  environments: readonly string[],
  context: WebIdentityContext,
): Promise<Check> {
  const account = context.accounts[stack];
  // A job that is wrong for one subject of a role may be right for another (a plan role trusts
  // pull requests and pushes to main): only jobs no subject of the role names must be refused.
  const cases: ProbeCase[] = roles.map((role) => ({
    role,
    jobs: role.subjects.map((subject) => {
      const { right, wrong } = jobsFor(subject, environments);
      // (a wrong job differs in its subject or in its audience: only one the role names is dropped)
      const named = (job: GithubJob) => {
        const claims = githubClaims(job);
        return claims.aud === githubClaims(right).aud && role.subjects.includes(claims.sub);
      };
      return { right, wrong: wrong.filter((w) => !named(w.job)) };
    }),
  }));
  const request = {
    roles: cases.map(({ role, jobs }) => ({
      roleName: role.name,
      roleArn: `arn:aws:iam::${account}:role${role.path}${role.name}`,
      attempts: probeTokens(jobs).map(({ label, job }) => ({
        label,
        token: unsignedToken(githubClaims(job)),
      })),
    })),
  };
  const input = join(context.workDir, `web-identity-${stack}.json`);
  writeFileSync(input, JSON.stringify(request));
  const name = `${stack}: GitHub roles assumed with right and wrong web identity tokens`;
  const result = await context.run(
    `check.web-identity-${stack}`,
    context.python,
    [join(__dirname, 'web_identity_probe.py'), input],
    stack,
  );
  const line = result.output.trim().split('\n').pop() ?? '';
  let answer: ProbeAnswer;
  try {
    answer = JSON.parse(line) as ProbeAnswer;
  } catch {
    return {
      name,
      ok: false,
      summary: `probe failed (exit ${result.code})`,
      seconds: result.seconds,
      detail: result.output,
    };
  }

  const { problems, wrong, refusals } = assessProbe(answer, cases, account);
  const ok = problems.length === 0;
  const how = Object.entries(refusals)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return {
    name,
    ok,
    summary: ok
      ? `${roles.length} role(s): the emulator's STS gave each the right job's credentials in ${account} and ` +
        `refused all ${wrong} wrong tokens (${how}); iam-simulate, evaluating the trust IAM holds, ` +
        'agrees on every token'
      : `${problems.length} problem(s)`,
    seconds: result.seconds,
    detail: ok ? undefined : problems.join('\n'),
  };
}
