import type { TerraformStack } from 'cdktf';
import {
  AppView,
  blocks,
  isExpression,
  isObject,
  strings,
  type Attributes,
  type StackView,
  type SynthesizedElement,
} from '../core';
import { measureDocument, type Measurement } from './documents';
import { QUOTAS, type Quota } from './quotas';
import { renderReferences } from './references';

/** One limit one resource exceeds, or cannot be shown to keep. */
export interface Finding {
  readonly element: SynthesizedElement;
  readonly quota: Quota;
  /**
   * What was measured when the element has more than one thing of the kind: `ingress IPv4`.
   * @default - the element has one thing of the kind
   */
  readonly subject?: string;
  readonly measurement: Measurement;
}

/**
 * Every limited thing of a stack with its measured size or count (whether over its limit or not),
 * for tests and reports; the stack must belong to an app whose stacks are prepared for synthesis.
 */
export function measureStack(stack: TerraformStack): Finding[] {
  const app = AppView.of(stack);
  return measurements(app.view(stack), app);
}

/** Every limit an element of `view` exceeds, or cannot be shown to keep. */
export function findings(view: StackView, app: AppView, limitOf: (quota: Quota) => number): Finding[] {
  return measurements(view, app).filter(
    (f) => !('size' in f.measurement) || f.measurement.size > limitOf(f.quota),
  );
}

/**
 * Every limited thing of the elements of `view`, measured: sizes of documents, and counts, with
 * what other stacks add to an element counted too.
 */
export function measurements(view: StackView, app: AppView): Finding[] {
  const index = new ContributionIndex(app);
  // Only the elements some limit is about are read: reading (resolving) every element of every
  // stack would double the time of a synth.
  return view
    .ofTypes(MEASURED_TYPES)
    .flatMap((element) => [
      ...documentFindings(element, view, app),
      ...roleFindings(element, view, app, index),
      ...securityGroupFindings(element, view, app, index),
      ...loadBalancerFindings(element, view, app, index),
      ...listenerRuleFindings(element),
      ...interfaceFindings(element),
      ...parameterFindings(element, view, app),
      ...taskDefinitionFindings(element, view, app),
    ]);
}

// --- policy documents ---------------------------------------------------------------------------

/** Resource attributes that hold a policy document, and the quota on each. */
const DOCUMENT_LIMITS: readonly { type: string; attribute: string; quota: Quota }[] = [
  { type: 'aws_s3_bucket_policy', attribute: 'policy', quota: QUOTAS.s3BucketPolicy },
  { type: 'aws_iam_policy', attribute: 'policy', quota: QUOTAS.iamManagedPolicy },
  { type: 'aws_iam_role', attribute: 'assume_role_policy', quota: QUOTAS.iamTrustPolicy },
  { type: 'aws_ecr_repository_policy', attribute: 'policy', quota: QUOTAS.ecrRepositoryPolicy },
  { type: 'aws_ecr_lifecycle_policy', attribute: 'policy', quota: QUOTAS.ecrLifecyclePolicy },
  { type: 'aws_sns_topic_policy', attribute: 'policy', quota: QUOTAS.snsTopicPolicy },
  { type: 'aws_sns_topic', attribute: 'policy', quota: QUOTAS.snsTopicPolicy },
  { type: 'aws_kms_key', attribute: 'policy', quota: QUOTAS.kmsKeyPolicy },
  { type: 'aws_vpc_endpoint', attribute: 'policy', quota: QUOTAS.vpcEndpointPolicy },
];

function documentFindings(element: SynthesizedElement, view: StackView, app: AppView): Finding[] {
  return DOCUMENT_LIMITS.filter(
    (d) => d.type === element.type && element.attrs[d.attribute] !== undefined,
  ).map((d) => ({
    element,
    quota: d.quota,
    subject: d.attribute,
    measurement: measureDocument(element.attrs[d.attribute], d.quota.unit, view, app),
  }));
}

// --- IAM roles ------------------------------------------------------------------------------------

/**
 * Inline policies count together against the role (IAM sums them), wherever they are declared:
 * `inline_policy` blocks of the role, and `aws_iam_role_policy` resources of any stack that name it.
 */
function roleFindings(
  element: SynthesizedElement,
  view: StackView,
  app: AppView,
  index: ContributionIndex,
): Finding[] {
  if (element.type !== 'aws_iam_role') return [];
  const policies = [
    ...blocks(element.attrs.inline_policy).map((b) => b.policy),
    ...index.naming(element, view, 'aws_iam_role_policy', 'role').map((p) => p.element.attrs.policy),
  ];
  const measured = policies.map((p) => measureDocument(p, 'characters', view, app));
  const attachments =
    strings(element.attrs.managed_policy_arns).length +
    index.naming(element, view, 'aws_iam_role_policy_attachment', 'role').length +
    index.naming(element, view, 'aws_iam_policy_attachment', 'roles').length;
  return [
    ...(policies.length > 0
      ? [{ element, quota: QUOTAS.iamInlinePolicies, subject: 'inline policies', measurement: sum(measured) }]
      : []),
    { element, quota: QUOTAS.iamManagedPoliciesPerRole, measurement: count(attachments) },
  ];
}

function sum(measurements: readonly Measurement[]): Measurement {
  const unmeasurable = measurements.find((m): m is { unmeasurable: string } => 'unmeasurable' in m);
  if (unmeasurable) return unmeasurable;
  return measurements.reduce(
    (total: { size: number; estimated: number; unknown: number }, m) =>
      'size' in m
        ? {
            size: total.size + m.size,
            estimated: total.estimated + m.estimated,
            unknown: total.unknown + m.unknown,
          }
        : total,
    { size: 0, estimated: 0, unknown: 0 },
  );
}

function count(n: number): Measurement {
  return { size: n, estimated: 0, unknown: 0 };
}

// --- security groups -----------------------------------------------------------------------------

type Family = 'IPv4' | 'IPv6';
type Direction = 'ingress' | 'egress';

/**
 * Rules per group, per direction and per address family, as the VPC quota counts them: each CIDR
 * is a rule; a rule naming a security group or a prefix list counts for both families (its
 * addresses are of either), a prefix list with the weight AWS gives it (its maximum number of
 * entries, or the documented weight of an AWS-managed list).
 */
function securityGroupFindings(
  element: SynthesizedElement,
  view: StackView,
  app: AppView,
  index: ContributionIndex,
): Finding[] {
  if (element.type !== 'aws_security_group' && element.type !== 'aws_default_security_group') return [];
  const counts = new Map<string, number>();
  const unknown: string[] = [];
  const add = (direction: Direction, families: readonly Family[], n: number) => {
    for (const family of families)
      counts.set(`${direction} ${family}`, (counts.get(`${direction} ${family}`) ?? 0) + n);
  };
  const both: Family[] = ['IPv4', 'IPv6'];
  const addPrefixLists = (direction: Direction, ids: readonly string[], from: StackView) => {
    for (const id of ids) {
      const weight = prefixListWeight(id, from, app);
      if (weight === undefined) unknown.push(id);
      else add(direction, both, weight);
    }
  };
  const addClassic = (direction: Direction, a: Attributes, from: StackView) => {
    add(direction, ['IPv4'], strings(a.cidr_blocks).length);
    add(direction, ['IPv6'], strings(a.ipv6_cidr_blocks).length);
    add(direction, both, strings(a.security_groups).length + (a.self === true ? 1 : 0));
    add(direction, both, a.source_security_group_id !== undefined ? 1 : 0);
    addPrefixLists(direction, strings(a.prefix_list_ids), from);
  };

  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of blocks(element.attrs[direction])) addClassic(direction, rule, view);
    for (const rule of index.naming(
      element,
      view,
      `aws_vpc_security_group_${direction}_rule`,
      'security_group_id',
    )) {
      const a = rule.element.attrs;
      if (a.cidr_ipv4 !== undefined) add(direction, ['IPv4'], 1);
      if (a.cidr_ipv6 !== undefined) add(direction, ['IPv6'], 1);
      if (a.referenced_security_group_id !== undefined) add(direction, both, 1);
      if (a.prefix_list_id !== undefined) addPrefixLists(direction, strings(a.prefix_list_id), rule.view);
    }
  }
  for (const rule of index.naming(element, view, 'aws_security_group_rule', 'security_group_id')) {
    addClassic(rule.element.attrs.type === 'egress' ? 'egress' : 'ingress', rule.element.attrs, rule.view);
  }
  return ruleCountFindings(element, counts, unknown);
}

/** One finding per direction and family counted, and one per prefix list whose size is unknown. */
function ruleCountFindings(
  element: SynthesizedElement,
  counts: ReadonlyMap<string, number>,
  unknownPrefixLists: readonly string[],
): Finding[] {
  return [
    ...[...counts.entries()].map(([subject, n]) => ({
      element,
      quota: QUOTAS.securityGroupRules,
      subject,
      measurement: count(n),
    })),
    ...unknownPrefixLists.map((id) => ({
      element,
      quota: QUOTAS.securityGroupRules,
      measurement: {
        unmeasurable: `a rule names prefix list ${id}, whose size (its maximum entries) cannot be read here`,
      },
    })),
  ];
}

/**
 * The weights AWS gives its managed prefix lists ("AWS-managed prefix list weight", Amazon VPC User
 * Guide); a gateway endpoint's prefix list is the managed list of its service.
 */
const MANAGED_PREFIX_LIST_WEIGHTS: Readonly<Record<string, number>> = { s3: 1, dynamodb: 1, s3express: 6 };

function prefixListWeight(id: string, from: StackView, app: AppView): number | undefined {
  const target = app.targetOf(id, from);
  if (!target) return undefined;
  const a = target.element.attrs;
  if (target.element.type === 'aws_vpc_endpoint' && target.attribute === 'prefix_list_id') {
    const service = typeof a.service_name === 'string' ? a.service_name.split('.').pop() : undefined;
    return service === undefined ? undefined : MANAGED_PREFIX_LIST_WEIGHTS[service];
  }
  if (target.element.type === 'aws_ec2_managed_prefix_list') {
    return typeof a.max_entries === 'number' ? a.max_entries : undefined;
  }
  return undefined;
}

// --- load balancers ------------------------------------------------------------------------------

const LOAD_BALANCERS = ['aws_lb', 'aws_alb'];
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];

/**
 * Listeners, rules and target groups of an Application Load Balancer, counted over every stack
 * (each service stack adds its listener rule and target group to the environment's load balancer).
 */
function loadBalancerFindings(
  element: SynthesizedElement,
  view: StackView,
  app: AppView,
  index: ContributionIndex,
): Finding[] {
  if (!LOAD_BALANCERS.includes(element.type)) return [];
  const type = element.attrs.load_balancer_type;
  if (type !== undefined && type !== 'application') return [];
  const listeners = LISTENERS.flatMap((t) => index.naming(element, view, t, 'load_balancer_arn'));
  const rules = listeners.flatMap((listener) =>
    LISTENER_RULES.flatMap((t) => index.naming(listener.element, listener.view, t, 'listener_arn')),
  );
  const targetGroups = new Set<unknown>();
  for (const { element: e, view: v } of listeners) {
    for (const action of blocks(e.attrs.default_action))
      forwardTargets(action, v, app).forEach((t) => targetGroups.add(t));
  }
  for (const { element: e, view: v } of rules) {
    for (const action of blocks(e.attrs.action))
      forwardTargets(action, v, app).forEach((t) => targetGroups.add(t));
  }
  return [
    { element, quota: QUOTAS.albListeners, measurement: count(listeners.length) },
    { element, quota: QUOTAS.albRules, measurement: count(rules.length) },
    { element, quota: QUOTAS.albTargetGroups, measurement: count(targetGroups.size) },
  ];
}

/** The target groups an action forwards to: each the element it names, or its literal ARN. */
function forwardTargets(action: Attributes, view: StackView, app: AppView): unknown[] {
  const arns = [
    ...strings(action.target_group_arn),
    ...blocks(action.forward).flatMap((f) => blocks(f.target_group).flatMap((tg) => strings(tg.arn))),
  ];
  return arns.map((arn) => app.targetOf(arn, view)?.element ?? arn);
}

/** The values of every condition of a rule count together ("Condition values per rule"). */
function listenerRuleFindings(element: SynthesizedElement): Finding[] {
  if (!LISTENER_RULES.includes(element.type)) return [];
  const values = blocks(element.attrs.condition).reduce((n, c) => {
    const listed = ['host_header', 'path_pattern', 'http_request_method', 'source_ip', 'http_header'].flatMap(
      (k) => blocks(c[k]).flatMap((b) => strings(b.values)),
    );
    return n + listed.length + blocks(c.query_string).length;
  }, 0);
  return [{ element, quota: QUOTAS.albConditionValues, measurement: count(values) }];
}

// --- network interfaces --------------------------------------------------------------------------

/** Attributes that put security groups on one network interface. */
const INTERFACE_GROUPS: Readonly<Record<string, (a: Attributes) => unknown[]>> = {
  aws_ecs_service: (a) => blocks(a.network_configuration).map((n) => n.security_groups),
  aws_lb: (a) => [a.security_groups],
  aws_launch_template: (a) => [
    a.vpc_security_group_ids,
    ...blocks(a.network_interfaces).map((n) => n.security_groups),
  ],
  aws_vpc_endpoint: (a) => [a.security_group_ids],
  aws_rds_cluster: (a) => [a.vpc_security_group_ids],
  aws_db_instance: (a) => [a.vpc_security_group_ids],
  aws_instance: (a) => [a.vpc_security_group_ids],
};

function interfaceFindings(element: SynthesizedElement): Finding[] {
  const lists = INTERFACE_GROUPS[element.type]?.(element.attrs) ?? [];
  // A list that is one expression is counted when Terraform knows it; only literal lists here.
  return lists
    .filter((list): list is unknown[] => Array.isArray(list))
    .map((list) => ({ element, quota: QUOTAS.securityGroupsPerInterface, measurement: count(list.length) }));
}

// --- SSM parameters ------------------------------------------------------------------------------

/**
 * The value as Terraform sends it. A write-only value (`value_wo`) is set outside Terraform and
 * not known here; the placeholder Terraform writes is measured all the same.
 */
function parameterFindings(element: SynthesizedElement, view: StackView, app: AppView): Finding[] {
  if (element.type !== 'aws_ssm_parameter') return [];
  const value = [element.attrs.value, element.attrs.insecure_value, element.attrs.value_wo].find(
    (v) => v !== undefined,
  );
  if (value === undefined) return [];
  const tier = element.attrs.tier;
  const quota =
    tier === 'Advanced' || tier === 'Intelligent-Tiering' ? QUOTAS.ssmAdvancedValue : QUOTAS.ssmStandardValue;
  if (typeof value !== 'string')
    return [{ element, quota, measurement: { unmeasurable: 'the value is not a string' } }];
  const rendered = renderReferences(value, view, app);
  return [
    {
      element,
      quota,
      measurement: { size: rendered.text.length, estimated: rendered.estimated, unknown: rendered.unknown },
    },
  ];
}

// --- ECS task definitions ------------------------------------------------------------------------

/** Terraform's own arguments, which are not sent to ECS. */
const META_ARGUMENTS = [
  '//',
  'depends_on',
  'lifecycle',
  'provider',
  'count',
  'for_each',
  'skip_destroy',
  'track_latest',
];

/**
 * The task definition as RegisterTaskDefinition receives it: every argument (in Terraform's
 * snake_case, which is longer than the API's camelCase, so the estimate errs high) with the
 * container definitions as JSON, references at their longest.
 */
function taskDefinitionFindings(element: SynthesizedElement, view: StackView, app: AppView): Finding[] {
  if (element.type !== 'aws_ecs_task_definition') return [];
  const definitions = element.attrs.container_definitions;
  let containers: unknown;
  try {
    containers = typeof definitions === 'string' ? JSON.parse(definitions) : undefined;
  } catch {
    containers = undefined;
  }
  if (!Array.isArray(containers)) {
    const unmeasurable = { unmeasurable: 'container_definitions is not literal JSON' };
    return [
      { element, quota: QUOTAS.ecsTaskDefinition, measurement: unmeasurable },
      { element, quota: QUOTAS.ecsContainers, measurement: unmeasurable },
    ];
  }
  const request = Object.fromEntries(
    Object.entries({ ...element.attrs, container_definitions: containers }).filter(
      ([key]) => !META_ARGUMENTS.includes(key),
    ),
  );
  const rendered = renderReferences(JSON.stringify(request), view, app);
  return [
    {
      element,
      quota: QUOTAS.ecsTaskDefinition,
      measurement: {
        size: Buffer.byteLength(rendered.text, 'utf8'),
        estimated: rendered.estimated,
        unknown: rendered.unknown,
      },
    },
    { element, quota: QUOTAS.ecsContainers, measurement: count(containers.filter(isObject).length) },
  ];
}

// --- what other elements name an element ---------------------------------------------------------

interface Contribution {
  readonly view: StackView;
  readonly element: SynthesizedElement;
}

const indexes = new WeakMap<AppView, Map<string, Map<SynthesizedElement, Contribution[]>>>();

/**
 * Which elements of a type name a given element in an attribute, across every stack of the app:
 * by reference (`${aws_iam_role.x.id}`, or through `terraform_remote_state` from another stack) or,
 * within one stack, by the literal name the element also carries (`role = "webapp-dev-task"`).
 * Built once per app and attribute, when a check first asks.
 */
class ContributionIndex {
  constructor(private readonly app: AppView) {}

  public naming(
    target: SynthesizedElement,
    targetView: StackView,
    type: string,
    attribute: string,
  ): Contribution[] {
    const found = this.index(type, attribute).get(target) ?? [];
    const name = target.attrs.name;
    const byName =
      typeof name === 'string' && !isExpression(name)
        ? targetView
            .ofType(type)
            .filter((e) => strings(e.attrs[attribute]).includes(name))
            .map((element) => ({ view: targetView, element }))
        : [];
    return [...found, ...byName.filter((b) => !found.some((f) => f.element === b.element))];
  }

  private index(type: string, attribute: string): Map<SynthesizedElement, Contribution[]> {
    let byKey = indexes.get(this.app);
    if (!byKey) {
      byKey = new Map();
      indexes.set(this.app, byKey);
    }
    const key = `${type}.${attribute}`;
    let index = byKey.get(key);
    if (!index) {
      index = new Map();
      for (const view of this.app.stacks()) {
        for (const element of view.ofType(type)) {
          for (const value of strings(element.attrs[attribute])) {
            const target = this.app.targetOf(value, view)?.element;
            if (target) index.set(target, [...(index.get(target) ?? []), { view, element }]);
          }
        }
      }
      byKey.set(key, index);
    }
    return index;
  }
}

/** Every element type some check above measures. */
const MEASURED_TYPES: ReadonlySet<string> = new Set([
  ...DOCUMENT_LIMITS.map((d) => d.type),
  'aws_iam_role',
  'aws_security_group',
  'aws_default_security_group',
  ...LOAD_BALANCERS,
  ...LISTENER_RULES,
  ...Object.keys(INTERFACE_GROUPS),
  'aws_ssm_parameter',
  'aws_ecs_task_definition',
]);
