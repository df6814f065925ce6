import { isExpression, type AppView, type Attributes, type StackView, type Target } from '../core';

/**
 * How long the value of a reference will be once Terraform knows it.
 *
 * At synth a policy that names another resource holds `${aws_s3_bucket.x.arn}`, not the ARN. Each
 * such reference is measured as the longest value it can take, so the check can only err on the
 * strict side:
 * - the reference is followed to the element it names (through `terraform_remote_state` into the
 *   producing stack), and where that element's name is literal, the ARN is built around it with
 *   the longest partition, region and account parts;
 * - where the name is not known, the longest name AWS documents for that kind of resource is used;
 * - anything not recognised counts as 2,048 characters, the longest ARN IAM accepts (for example
 *   `RoleArn`, 20 to 2048 characters, in the IAM API Reference).
 */

/** `aws-us-gov`: the longest partition name (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...). */
export const PARTITION_LENGTH = 10;
/** `cloud.adc-e.uk`, `amazonaws.com.cn`: the longest DNS suffix of a partition. */
export const DNS_SUFFIX_LENGTH = 16;
/** `us-isof-south-1`: the longest region code. */
export const REGION_LENGTH = 15;
export const ACCOUNT_LENGTH = 12;
/** What an unrecognised reference counts as: the longest ARN IAM accepts. */
export const UNKNOWN_REFERENCE_LENGTH = 2_048;
/** An image tag is at most 128 characters (OCI distribution spec, `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`). */
const IMAGE_TAG_LENGTH = 128;
/** `amazonaws.com.cn/`: the longest DNS suffix an ECR repository URL ends its host with. */
const ECR_HOST_SUFFIX_LENGTH = '.amazonaws.com.cn/'.length;

/** Variables whose longest value is known; other variables count as unknown. */
const VARIABLE_LENGTHS: Readonly<Record<string, number>> = { image_tag: IMAGE_TAG_LENGTH };

type Scope = 'global' | 'account' | 'regional';

/** `arn:<partition>:<service>:<region>:<account>:<resource>` with the longest parts. */
function arn(service: string, scope: Scope, resourceLength: number): number {
  const region = scope === 'regional' ? REGION_LENGTH : 0;
  const account = scope === 'global' ? 0 : ACCOUNT_LENGTH;
  return (
    'arn:'.length + PARTITION_LENGTH + 1 + service.length + 1 + region + 1 + account + 1 + resourceLength
  );
}

/** Length of a literal string attribute, or `max` when it is computed or missing. */
function literal(attrs: Attributes, key: string, max: number): number {
  const value = attrs[key];
  return typeof value === 'string' && !isExpression(value) ? value.length : max;
}

/**
 * ARN length by resource type; the maximum name lengths are those of each service's API reference
 * (CreateBucket 63, CreateLogGroup 512, CreateTopic 256, CreateRepository 256, PutParameter 1011,
 * CreateRole 64 with a path of up to 512, CreatePolicy 128, CreateLoadBalancer and
 * CreateTargetGroup 32, CreateCluster 255, RegisterTaskDefinition family 255, CreateSecret 512,
 * CreateOpenIDConnectProvider URL 255).
 */
const ARN_LENGTHS: Readonly<Record<string, (a: Attributes) => number>> = {
  aws_s3_bucket: (a) => arn('s3', 'global', literal(a, 'bucket', 63)),
  aws_cloudwatch_log_group: (a) => arn('logs', 'regional', 'log-group:'.length + literal(a, 'name', 512)),
  aws_sns_topic: (a) => arn('sns', 'regional', literal(a, 'name', 256)),
  // Hosted zone IDs are at most 32 characters (Route 53 API Reference, HostedZone.Id).
  aws_route53_zone: () => arn('route53', 'global', 'hostedzone/'.length + 32),
  aws_ecr_repository: (a) => arn('ecr', 'regional', 'repository/'.length + literal(a, 'name', 256)),
  aws_ssm_parameter: (a) => arn('ssm', 'regional', 'parameter/'.length + literal(a, 'name', 1011)),
  aws_iam_role: (a) =>
    arn('iam', 'account', 'role'.length + literal(a, 'path', 512) + literal(a, 'name', 64)),
  aws_iam_policy: (a) =>
    arn('iam', 'account', 'policy'.length + literal(a, 'path', 512) + literal(a, 'name', 128)),
  aws_kms_key: () => arn('kms', 'regional', 'key/'.length + 36),
  aws_kms_alias: (a) => arn('kms', 'regional', literal(a, 'name', 256)),
  aws_lb: (a) =>
    arn('elasticloadbalancing', 'regional', 'loadbalancer/app/'.length + literal(a, 'name', 32) + 17),
  aws_lb_listener: () => arn('elasticloadbalancing', 'regional', 'listener/app/'.length + 32 + 17 + 17),
  aws_lb_target_group: (a) =>
    arn('elasticloadbalancing', 'regional', 'targetgroup/'.length + literal(a, 'name', 32) + 17),
  aws_ecs_cluster: (a) => arn('ecs', 'regional', 'cluster/'.length + literal(a, 'name', 255)),
  aws_ecs_task_definition: (a) =>
    arn('ecs', 'regional', 'task-definition/'.length + literal(a, 'family', 255) + ':'.length + 7),
  aws_secretsmanager_secret: (a) =>
    arn('secretsmanager', 'regional', 'secret:'.length + literal(a, 'name', 512) + 7),
  aws_rds_cluster: (a) => arn('rds', 'regional', 'cluster:'.length + literal(a, 'cluster_identifier', 63)),
  // `oidc-provider/<url without https://>`; CreateOpenIDConnectProvider takes a URL of up to 255.
  aws_iam_openid_connect_provider: (a) =>
    arn('iam', 'account', 'oidc-provider/'.length + literal(a, 'url', 255) - 'https://'.length),
  'data.aws_elb_service_account': () => arn('iam', 'account', 'root'.length),
};

/** Attributes other than `arn` whose length is known from the element. */
const ATTRIBUTE_LENGTHS: Readonly<Record<string, Readonly<Record<string, (a: Attributes) => number>>>> = {
  'data.aws_partition': {
    partition: () => PARTITION_LENGTH,
    id: () => PARTITION_LENGTH,
    dns_suffix: () => DNS_SUFFIX_LENGTH,
  },
  'data.aws_region': {
    name: () => REGION_LENGTH,
    region: () => REGION_LENGTH,
    id: () => REGION_LENGTH,
  },
  'data.aws_caller_identity': { account_id: () => ACCOUNT_LENGTH, id: () => ACCOUNT_LENGTH },
  aws_s3_bucket: { bucket: (a) => literal(a, 'bucket', 63), id: (a) => literal(a, 'bucket', 63) },
  aws_cloudwatch_log_group: { name: (a) => literal(a, 'name', 512), id: (a) => literal(a, 'name', 512) },
  aws_ecr_repository: {
    name: (a) => literal(a, 'name', 256),
    repository_url: (a) =>
      ACCOUNT_LENGTH + '.dkr.ecr.'.length + REGION_LENGTH + ECR_HOST_SUFFIX_LENGTH + literal(a, 'name', 256),
  },
  aws_iam_role: { name: (a) => literal(a, 'name', 64), id: (a) => literal(a, 'name', 64) },
  aws_ssm_parameter: { name: (a) => literal(a, 'name', 1011) },
  aws_ecs_cluster: { name: (a) => literal(a, 'name', 255) },
  // Cloud Map resource IDs are at most 64 characters (Cloud Map API Reference, Namespace.Id).
  aws_service_discovery_private_dns_namespace: { id: () => 64 },
  // An RDS-managed master password secret: a Secrets Manager secret whose name RDS chooses.
  aws_rds_cluster: {
    'master_user_secret[0].secret_arn': () => arn('secretsmanager', 'regional', 'secret:'.length + 512 + 7),
  },
};

/** The longest value of what a target names, or undefined when it is not in the tables above. */
function targetLength(target: Target): number | undefined {
  const { element, attribute } = target;
  const named = ATTRIBUTE_LENGTHS[element.type]?.[attribute];
  if (named) return named(element.attrs);
  if (attribute === 'arn') return ARN_LENGTHS[element.type]?.(element.attrs);
  return undefined;
}

/**
 * `replace(<reference>, "<from>", "<to>")` with literal strings, as the delivery roles use for rule
 * ARNs; the quotes may be JSON-escaped (`\"`), as in a policy document measured as JSON.
 */
const REPLACE_CALL =
  /^replace\(\s*([A-Za-z0-9_.\-[\]]+)\s*,\s*\\?"([^"\\]+)\\?"\s*,\s*\\?"([^"\\]*)\\?"\s*\)$/;

/** Length estimate of one reference expression (what is inside `${...}`). */
export function referenceLength(
  expression: string,
  view: StackView,
  app: AppView,
): { length: number; known: boolean } {
  const variable = /^var\.([A-Za-z0-9_-]+)$/.exec(expression);
  if (variable) {
    const length = VARIABLE_LENGTHS[variable[1]];
    return length === undefined
      ? { length: UNKNOWN_REFERENCE_LENGTH, known: false }
      : { length, known: true };
  }
  const replaced = REPLACE_CALL.exec(expression);
  if (replaced) {
    // replace(<reference>, "<from>", "<to>"): each occurrence of <from> grows the value by the
    // difference, and there can be no more occurrences than fit in the value.
    const [, inner, from, to] = replaced;
    const base = referenceLength(inner, view, app);
    const growth = Math.max(0, to.length - from.length) * Math.floor(base.length / Math.max(1, from.length));
    return { length: base.length + growth, known: base.known };
  }
  const target = app.target(expression, view);
  const length = target ? targetLength(target) : undefined;
  return length === undefined ? { length: UNKNOWN_REFERENCE_LENGTH, known: false } : { length, known: true };
}

/** A string as Terraform will render it, references replaced by placeholders of their longest length. */
export interface Rendered {
  readonly text: string;
  /** References replaced by an estimate. */
  readonly estimated: number;
  /** Of those, references counted at UNKNOWN_REFERENCE_LENGTH. */
  readonly unknown: number;
}

/**
 * Replaces every `${...}` with a placeholder as long as the value can be; `$${` (Terraform's escape
 * of a literal `${`, how a policy variable is written outside `aws_iam_policy_document`) becomes
 * `${`, as Terraform renders it.
 */
export function renderReferences(text: string, view: StackView, app: AppView): Rendered {
  let estimated = 0;
  let unknown = 0;
  const rendered = text.replace(/(\$?)\$\{([^{}]*)\}/g, (_whole, escape: string, expression: string) => {
    if (escape) return `\${${expression}}`;
    const { length, known } = referenceLength(expression, view, app);
    estimated += 1;
    if (!known) unknown += 1;
    return 'x'.repeat(length);
  });
  return { text: rendered, estimated, unknown };
}
