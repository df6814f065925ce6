/**
 * ARNs of the resources IAM authorizes requests on, in the formats the IAM Service Authorization
 * Reference gives each resource type ("Resource types defined by <service>"), for the account and
 * region a request was made in.
 *
 * Where a request creates a resource whose ID AWS generates, the ID is `*`: the request cannot
 * name it, and a policy can only scope such resources by what the ARN holds besides the ID.
 */

/** Where a request was made: what fills the partition, region and account of its ARNs. */
export interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The partition a region belongs to (AWS General Reference, "Amazon Resource Names"). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function scopeOf(region: string, account: string): Scope {
  return { partition: partitionOf(region), region, account };
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`: a resource of a regional service. */
export function regionalArn(s: Scope, service: string, resource: string): string {
  return `arn:${s.partition}:${service}:${s.region}:${s.account}:${resource}`;
}

/** An ARN without a region: resources of IAM, which is global. */
export function accountArn(s: Scope, service: string, resource: string): string {
  return `arn:${s.partition}:${service}::${s.account}:${resource}`;
}

/** An ARN with neither region nor account: S3 buckets and objects, Route 53 zones and changes. */
export function globalArn(s: Scope, service: string, resource: string): string {
  return `arn:${s.partition}:${service}:::${resource}`;
}

/** IAM paths start and end with `/`; the ARN puts the name right after it (`role/path/name`). */
function withPath(path: string | undefined, name: string): string {
  const p = path ?? '/';
  return `${p.startsWith('/') ? '' : '/'}${p}${p.endsWith('/') ? '' : '/'}${name}`;
}

export function roleArn(s: Scope, name: string, path?: string): string {
  return accountArn(s, 'iam', `role${withPath(path, name)}`);
}

export function instanceProfileArn(s: Scope, name: string, path?: string): string {
  return accountArn(s, 'iam', `instance-profile${withPath(path, name)}`);
}

/** An OIDC provider is named by its issuer URL without the scheme (`token.actions.githubusercontent.com`). */
export function oidcProviderArn(s: Scope, url: string): string {
  return accountArn(s, 'iam', `oidc-provider/${url.replace(/^https:\/\//, '').replace(/\/$/, '')}`);
}

/** EC2 resources are `<type>/<id>`; AMIs and snapshots are AWS's or shared, so carry no account. */
export function ec2Arn(s: Scope, type: string, id: string): string {
  const ownerless = type === 'image' || type === 'snapshot';
  return `arn:${s.partition}:ec2:${s.region}:${ownerless ? '' : s.account}:${type}/${id}`;
}

/** EC2 resource types by the prefix of their IDs, for the actions that take IDs of any type (CreateTags). */
const EC2_ID_PREFIXES: Readonly<Record<string, string>> = {
  ami: 'image',
  dopt: 'dhcp-options',
  eigw: 'egress-only-internet-gateway',
  eipalloc: 'elastic-ip',
  eni: 'network-interface',
  fl: 'vpc-flow-log',
  i: 'instance',
  igw: 'internet-gateway',
  lt: 'launch-template',
  nat: 'natgateway',
  acl: 'network-acl',
  pl: 'prefix-list',
  rtb: 'route-table',
  sg: 'security-group',
  sgr: 'security-group-rule',
  snap: 'snapshot',
  subnet: 'subnet',
  vol: 'volume',
  vpc: 'vpc',
  vpce: 'vpc-endpoint',
};

/** The ARN of an EC2 resource named by ID alone, or undefined when the ID's prefix is not known here. */
export function ec2ArnOfId(s: Scope, id: string): string | undefined {
  const type = EC2_ID_PREFIXES[id.slice(0, id.lastIndexOf('-'))];
  return type === undefined ? undefined : ec2Arn(s, type, id);
}

/** Several APIs take a resource's name or its ARN: an ARN as given, else the part after the last `/`. */
export function nameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}

export function ecsClusterArn(s: Scope, cluster: string | undefined): string {
  // ECS calls the account's `default` cluster when a request names none.
  const name = cluster ?? 'default';
  return name.startsWith('arn:') ? name : regionalArn(s, 'ecs', `cluster/${name}`);
}

/** Services are `service/<cluster>/<service>` (the long ARN format, the default since 2021). */
export function ecsServiceArn(s: Scope, cluster: string | undefined, service: string): string {
  return service.startsWith('arn:')
    ? service
    : regionalArn(s, 'ecs', `service/${nameOf(cluster ?? 'default')}/${service}`);
}

export function ecsCapacityProviderArn(s: Scope, provider: string): string {
  return provider.startsWith('arn:') ? provider : regionalArn(s, 'ecs', `capacity-provider/${provider}`);
}

/** The load balancer types as their ARNs spell them. */
const LOAD_BALANCER_TYPES: Readonly<Record<string, string>> = {
  application: 'app',
  network: 'net',
  gateway: 'gwy',
};

/** A new load balancer: its ID is AWS's. */
export function newLoadBalancerArn(s: Scope, name: string, type: string | undefined): string {
  const kind = LOAD_BALANCER_TYPES[type ?? 'application'] ?? 'app';
  return regionalArn(s, 'elasticloadbalancing', `loadbalancer/${kind}/${name}/*`);
}

/** A new target group: its ID is AWS's. */
export function newTargetGroupArn(s: Scope, name: string): string {
  return regionalArn(s, 'elasticloadbalancing', `targetgroup/${name}/*`);
}

/** Rules on the default bus are `rule/<name>`, on any other bus `rule/<bus>/<name>`. */
export function eventRuleArn(s: Scope, bus: string | undefined, rule: string): string {
  if (rule.startsWith('arn:')) return rule;
  const busName = nameOf(bus ?? 'default');
  return regionalArn(s, 'events', busName === 'default' ? `rule/${rule}` : `rule/${busName}/${rule}`);
}

export function kmsKeyArn(s: Scope, keyId: string): string {
  return keyId.startsWith('arn:') ? keyId : regionalArn(s, 'kms', `key/${keyId}`);
}

export function kmsAliasArn(s: Scope, alias: string): string {
  return alias.startsWith('arn:') ? alias : regionalArn(s, 'kms', alias);
}

/** Log groups are `log-group:<name>`; their names may hold `/`. */
export function logGroupArn(s: Scope, name: string): string {
  return regionalArn(s, 'logs', `log-group:${name}`);
}

export function alarmArn(s: Scope, name: string): string {
  return regionalArn(s, 'cloudwatch', `alarm:${name}`);
}

export function repositoryArn(s: Scope, name: string): string {
  return regionalArn(s, 'ecr', `repository/${name}`);
}

/**
 * An RDS resource: `<type>:<identifier>` (cluster, db, cluster-pg, subgrp, ...). RDS keeps
 * identifiers in lower case whatever case a request gives them, and its ARNs carry them so.
 */
export function rdsArn(s: Scope, type: string, identifier: string): string {
  return identifier.startsWith('arn:')
    ? identifier
    : regionalArn(s, 'rds', `${type}:${identifier.toLowerCase()}`);
}

/** Route 53 returns IDs as `/hostedzone/<id>` or `/change/<id>` and accepts either form back. */
export function route53Arn(s: Scope, type: 'hostedzone' | 'change' | 'healthcheck', id: string): string {
  return globalArn(s, 'route53', `${type}/${id.replace(/^\/?(hostedzone|change|healthcheck)\//, '')}`);
}

/** A parameter's ARN drops its name's leading `/`: `parameter/webapp/dev/x` for `/webapp/dev/x`. */
export function parameterArn(s: Scope, name: string): string {
  return name.startsWith('arn:') ? name : regionalArn(s, 'ssm', `parameter/${name.replace(/^\//, '')}`);
}

export function topicArn(s: Scope, name: string): string {
  return regionalArn(s, 'sns', name);
}

/** A subscription's ARN is its topic's plus `:<subscription ID>`. */
export function topicOfSubscription(subscriptionArn: string): string {
  return subscriptionArn.slice(0, subscriptionArn.lastIndexOf(':'));
}

export function namespaceArn(s: Scope, id: string): string {
  return regionalArn(s, 'servicediscovery', `namespace/${id}`);
}

export function discoveryServiceArn(s: Scope, id: string): string {
  return regionalArn(s, 'servicediscovery', `service/${id}`);
}

/**
 * An Auto Scaling group's ARN holds a UUID AWS generates (`autoScalingGroup:<uuid>:
 * autoScalingGroupName/<name>`), which requests never carry: they name the group. The UUID is `*`,
 * as in the policies, which can only scope groups by name.
 */
export function autoScalingGroupArn(s: Scope, name: string): string {
  return regionalArn(s, 'autoscaling', `autoScalingGroup:*:autoScalingGroupName/${name}`);
}

/**
 * A scalable target's ARN is `scalable-target/<ID AWS generates>`; requests name the target by
 * service namespace, resource ID and dimension, never by that ID. It is `*`: only policies that
 * leave the ID open (as they must, not knowing it) match, and those that name one ID do not.
 */
export function scalableTargetArn(s: Scope): string {
  return regionalArn(s, 'application-autoscaling', 'scalable-target/*');
}

export function secretArn(s: Scope, name: string): string {
  return regionalArn(s, 'secretsmanager', `secret:${name}`);
}

export function bucketArn(s: Scope, bucket: string): string {
  return globalArn(s, 's3', bucket);
}

export function objectArn(s: Scope, bucket: string, key: string): string {
  return globalArn(s, 's3', `${bucket}/${key}`);
}
