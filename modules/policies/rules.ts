import {
  block,
  blocks,
  isExpression,
  isObject,
  isTrue,
  parseJson,
  reference,
  referencedElement,
  referencing,
  show,
  strings,
} from './attributes';
import { IAM_POLICY_TYPES, describeStatement, ownStatements, policyStatements, type Statement } from './iam';
import { actionsUnscoped, wildcardActions } from '../core/iam-statements';
import {
  SECURITY_GROUP_RULE_TYPES,
  WORLD_CIDRS,
  isSingleTcpPortIn,
  securityGroupRules,
} from './security-groups';
import type { Attributes, PolicyRule, StackResources, SynthesizedElement } from './types';
import { githubProviderProblem, webIdentityTrustProblems } from './web-identity';

// Checks read the synthesized JSON. "Must be X" passes only for the literal X, so a value hidden
// behind a reference fails (it cannot be proven safe); "must not be X" fails only on the literal X.

const LOAD_BALANCERS = ['aws_lb', 'aws_alb'];
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
/** The HTTP listener only redirects (ALB-003), so port 80 from anywhere exposes nothing but a redirect. */
const PUBLIC_PORTS = [80, 443];
const TLS13_POLICY_PREFIX = 'ELBSecurityPolicy-TLS13-';
/** RDS-005: the shortest backup retention of a production database. */
export const MIN_PRODUCTION_BACKUP_DAYS = 7;
/** Fragments of environment variable names that suggest a secret (matched on the upper-cased name). */
const SECRET_NAME_PARTS = [
  'PASSWORD',
  'PASSWD',
  'SECRET',
  'TOKEN',
  'API_KEY',
  'APIKEY',
  'PRIVATE_KEY',
  'CREDENTIAL',
  'ACCESS_KEY',
];
const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

const MANAGED_POLICY_ATTACHMENTS = [
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
];

export const RULES: readonly PolicyRule[] = [
  {
    id: 'ALB-001',
    reason: 'ALBs drop invalid HTTP header fields (CKV_AWS_131 / AVD-AWS-0052)',
    appliesTo: LOAD_BALANCERS,
    check: (a) =>
      (a.load_balancer_type ?? 'application') === 'application' && a.drop_invalid_header_fields !== true
        ? `drop_invalid_header_fields is ${show(a.drop_invalid_header_fields)}, expected true`
        : undefined,
  },
  {
    id: 'ALB-002',
    reason: `HTTPS/TLS listeners use a TLS 1.3 policy, ${TLS13_POLICY_PREFIX}* (CKV_AWS_103 / AVD-AWS-0047)`,
    appliesTo: LISTENERS,
    check: (a) =>
      (a.protocol === 'HTTPS' || a.protocol === 'TLS') &&
      !(typeof a.ssl_policy === 'string' && a.ssl_policy.startsWith(TLS13_POLICY_PREFIX))
        ? `ssl_policy is ${show(a.ssl_policy)}`
        : undefined,
  },
  {
    id: 'ALB-003',
    reason: 'HTTP listeners only redirect to HTTPS (CKV_AWS_2 / CKV2_AWS_20 / AVD-AWS-0054)',
    appliesTo: LISTENERS,
    check: (a) => (isHttp(a) ? notRedirectToHttps(blocks(a.default_action), 'default_action') : undefined),
  },
  {
    id: 'ALB-004',
    reason: 'listener rules on an HTTP listener only redirect to HTTPS (the gap CKV2_AWS_20 leaves)',
    appliesTo: LISTENER_RULES,
    check: (a, _ctx, stack) => {
      const listener = referencedElement(a.listener_arn, stack);
      return listener && LISTENERS.includes(listener.type) && isHttp(listener.attrs)
        ? notRedirectToHttps(blocks(a.action), `action (listener ${listener.address} is HTTP)`)
        : undefined;
    },
  },
  {
    id: 'SG-001',
    reason: `no ingress from 0.0.0.0/0 or ::/0 except TCP ${PUBLIC_PORTS.join('/')} (CKV_AWS_24/25/260/277 / AVD-AWS-0107)`,
    appliesTo: SECURITY_GROUP_RULE_TYPES,
    check: (_a, _ctx, _stack, self) =>
      list(
        securityGroupRules(self)
          .filter((r) => r.direction === 'ingress' && r.cidrs.some((c) => WORLD_CIDRS.includes(c)))
          .filter((r) => !isSingleTcpPortIn(r, PUBLIC_PORTS))
          .map(
            (r) =>
              `${r.where} admits ${r.cidrs.filter((c) => WORLD_CIDRS.includes(c)).join(', ')} on protocol ` +
              `${r.protocol} ports ${r.fromPort ?? '?'}-${r.toPort ?? '?'}`,
          ),
      ),
  },
  {
    id: 'SG-002',
    reason: 'security groups and every rule have a description (CKV_AWS_23 / AVD-AWS-0099, AVD-AWS-0124)',
    appliesTo: SECURITY_GROUP_RULE_TYPES,
    check: (a, _ctx, _stack, self) =>
      list([
        // The provider fills in "Managed by Terraform" when the group's description is omitted.
        ...(self.type === 'aws_security_group' && !hasText(a.description)
          ? ['the group has no description']
          : []),
        ...securityGroupRules(self)
          .filter((r) => !hasText(r.description))
          .map((r) => `${r.where} has no description`),
      ]),
  },
  {
    id: 'ECR-001',
    reason: 'ECR image tags are immutable (CKV_AWS_51 / AVD-AWS-0031)',
    appliesTo: ['aws_ecr_repository'],
    check: (a) =>
      a.image_tag_mutability === 'IMMUTABLE'
        ? undefined
        : `image_tag_mutability is ${show(a.image_tag_mutability)} (the provider default is MUTABLE)`,
  },
  {
    id: 'ECR-002',
    reason: 'ECR scans images on push (CKV_AWS_163 / AVD-AWS-0030)',
    appliesTo: ['aws_ecr_repository'],
    check: (a) =>
      isTrue(block(a.image_scanning_configuration)?.scan_on_push)
        ? undefined
        : 'image_scanning_configuration.scan_on_push is not true',
  },
  {
    id: 'ECR-003',
    reason: 'ECR encrypts images with KMS (CKV_AWS_136; AVD-AWS-0033 also wants a customer key)',
    appliesTo: ['aws_ecr_repository'],
    check: (a) => {
      const type = block(a.encryption_configuration)?.encryption_type;
      return type === 'KMS'
        ? undefined
        : `encryption_configuration.encryption_type is ${show(type)}, expected KMS`;
    },
  },
  {
    id: 'ECS-001',
    reason: 'container_definitions is literal JSON, so ECS-002 to ECS-005 can see every container',
    appliesTo: ['aws_ecs_task_definition'],
    check: (a) =>
      containers(a)
        ? undefined
        : 'container_definitions is not a literal JSON array (an expression or invalid JSON)',
  },
  {
    id: 'ECS-002',
    reason: 'no container is privileged (CKV_AWS_334 / Security Hub ECS.4)',
    appliesTo: ['aws_ecs_task_definition'],
    check: (a) => eachContainer(a, (c) => (c.privileged === true ? 'privileged is true' : undefined)),
  },
  {
    id: 'ECS-003',
    reason: 'every container has a read-only root filesystem (CKV_AWS_336 / Security Hub ECS.5)',
    appliesTo: ['aws_ecs_task_definition'],
    check: (a) =>
      eachContainer(a, (c) =>
        c.readonlyRootFilesystem === true
          ? undefined
          : `readonlyRootFilesystem is ${show(c.readonlyRootFilesystem)}`,
      ),
  },
  {
    id: 'ECS-004',
    reason:
      'no secrets in plain container environment variables; use `secrets` (AVD-AWS-0036 / Security Hub ECS.8)',
    appliesTo: ['aws_ecs_task_definition'],
    check: (a) =>
      eachContainer(a, (c) => {
        const suspicious = blocks(c.environment)
          .filter((v) => {
            const name = String(v.name).toUpperCase();
            return (
              SECRET_NAME_PARTS.some((part) => name.includes(part)) || AWS_ACCESS_KEY_ID.test(String(v.value))
            );
          })
          .map((v) => String(v.name));
        return suspicious.length > 0 ? `environment holds ${suspicious.join(', ')}` : undefined;
      }),
  },
  {
    id: 'ECS-005',
    reason: 'every container logs through the awslogs driver (Security Hub ECS.9)',
    appliesTo: ['aws_ecs_task_definition'],
    check: (a) =>
      eachContainer(a, (c) => {
        const driver = isObject(c.logConfiguration) ? c.logConfiguration.logDriver : undefined;
        return driver === 'awslogs' ? undefined : `logConfiguration.logDriver is ${show(driver)}`;
      }),
  },
  {
    id: 'LT-001',
    reason: 'launch templates require IMDSv2 tokens (CKV_AWS_79 / AVD-AWS-0130)',
    appliesTo: ['aws_launch_template'],
    check: (a) => {
      const tokens = block(a.metadata_options)?.http_tokens;
      return tokens === 'required'
        ? undefined
        : `metadata_options.http_tokens is ${show(tokens)}, expected "required"`;
    },
  },
  {
    id: 'LT-002',
    reason: 'launch templates keep the IMDS hop limit at 1, out of reach of containers (CKV_AWS_341)',
    appliesTo: ['aws_launch_template'],
    check: (a) => {
      const hops = block(a.metadata_options)?.http_put_response_hop_limit;
      return hops === 1
        ? undefined
        : `metadata_options.http_put_response_hop_limit is ${show(hops)}, expected 1`;
    },
  },
  {
    id: 'LT-003',
    reason: 'launch template EBS volumes are encrypted (CKV_AWS_8 / AVD-AWS-0008 for launch configurations)',
    appliesTo: ['aws_launch_template'],
    check: (a) =>
      list(
        blocks(a.block_device_mappings)
          .filter((m) => block(m.ebs) && !isTrue(block(m.ebs)?.encrypted))
          .map(
            (m) =>
              `block_device_mappings ${show(m.device_name)} has ebs.encrypted ${show(block(m.ebs)?.encrypted)}`,
          ),
      ),
  },
  {
    id: 'RDS-001',
    reason: 'Aurora storage is encrypted (CKV_AWS_96 / AVD-AWS-0079)',
    appliesTo: ['aws_rds_cluster'],
    check: (a) =>
      a.storage_encrypted === true ? undefined : `storage_encrypted is ${show(a.storage_encrypted)}`,
  },
  {
    id: 'RDS-002',
    reason: 'Aurora has IAM database authentication enabled (CKV_AWS_162 / AVD-AWS-0176)',
    appliesTo: ['aws_rds_cluster'],
    check: (a) =>
      a.iam_database_authentication_enabled === true
        ? undefined
        : `iam_database_authentication_enabled is ${show(a.iam_database_authentication_enabled)}`,
  },
  {
    id: 'RDS-003',
    reason: 'Aurora exports its logs to CloudWatch (CKV_AWS_324)',
    appliesTo: ['aws_rds_cluster'],
    check: (a) =>
      strings(a.enabled_cloudwatch_logs_exports).length > 0
        ? undefined
        : 'enabled_cloudwatch_logs_exports is empty',
  },
  {
    id: 'RDS-004',
    reason: 'production Aurora has deletion protection (CKV_AWS_139 / AVD-AWS-0177)',
    appliesTo: ['aws_rds_cluster'],
    check: (a, ctx) =>
      ctx.production && a.deletion_protection !== true
        ? `deletion_protection is ${show(a.deletion_protection)} in a production stack`
        : undefined,
  },
  {
    id: 'RDS-005',
    reason: `production Aurora keeps backups >= ${MIN_PRODUCTION_BACKUP_DAYS} days (CKV_AWS_133 / AVD-AWS-0077 only want > 1)`,
    appliesTo: ['aws_rds_cluster'],
    check: (a, ctx) => {
      const days = a.backup_retention_period;
      return ctx.production && !(typeof days === 'number' && days >= MIN_PRODUCTION_BACKUP_DAYS)
        ? `backup_retention_period is ${show(days)} in a production stack`
        : undefined;
    },
  },
  {
    id: 'LOG-001',
    reason:
      'log groups expire their logs; retention comes from config (CKV_AWS_66; CKV_AWS_338 would want >= 365)',
    appliesTo: ['aws_cloudwatch_log_group'],
    check: (a) => {
      const days = a.retention_in_days;
      return typeof days === 'number' && days > 0
        ? undefined
        : `retention_in_days is ${show(days)} (kept forever)`;
    },
  },
  {
    id: 'VPC-001',
    reason: 'every VPC has a flow log in the same stack (CKV2_AWS_11 / AVD-AWS-0178)',
    appliesTo: ['aws_vpc'],
    check: (_a, _ctx, stack, self) =>
      referencing(stack, 'aws_flow_log', 'vpc_id', self, ['id']).length > 0
        ? undefined
        : `no aws_flow_log has vpc_id = "${reference(self, 'id')}"`,
  },
  {
    id: 'VPC-002',
    reason: "every VPC's default security group is adopted with no rules (CKV2_AWS_12 / AVD-AWS-0173)",
    appliesTo: ['aws_vpc'],
    check: (_a, _ctx, stack, self) => {
      const groups = referencing(stack, 'aws_default_security_group', 'vpc_id', self, ['id']);
      if (groups.length === 0) return `no aws_default_security_group has vpc_id = "${reference(self, 'id')}"`;
      return list(
        groups
          .filter((g) => blocks(g.attrs.ingress).length > 0 || blocks(g.attrs.egress).length > 0)
          .map((g) => `${g.address} keeps ingress or egress rules`),
      );
    },
  },
  {
    id: 'IAM-001',
    reason: 'no Allow of "*", "<service>:*" or NotAction (CKV_AWS_1/49/62/63 / AVD-AWS-0057)',
    appliesTo: IAM_POLICY_TYPES,
    check: (_a, _ctx, _stack, self) =>
      allows(self, (s) => {
        const wild = wildcardActions(s.actions);
        if (wild.length > 0) return `allows ${wild.join(', ')}`;
        return s.notActions.length > 0 ? `allows NotAction ${s.notActions.join(', ')}` : undefined;
      }),
  },
  {
    id: 'IAM-002',
    reason: 'Resource "*" only for actions that have no resource type (CKV_AWS_355/356 / AVD-AWS-0057)',
    appliesTo: IAM_POLICY_TYPES,
    check: (_a, _ctx, _stack, self) =>
      allows(self, (s) => {
        if (s.notResources.length > 0) return `allows NotResource ${s.notResources.join(', ')}`;
        const scopable = actionsUnscoped(s.actions, s.resources);
        return scopable.length > 0 ? `allows ${scopable.join(', ')} on Resource "*"` : undefined;
      }),
  },
  {
    id: 'IAM-003',
    reason:
      'managed policies not defined in the same stack are attached only with a written reason: their statements are not in this repository, so IAM-001/002 cannot check them (CKV_AWS_274 / AVD-AWS-0057)',
    appliesTo: MANAGED_POLICY_ATTACHMENTS,
    check: (a, _ctx, stack) =>
      referencedElement(a.policy_arn, stack)?.type === 'aws_iam_policy'
        ? undefined
        : `attaches managed policy ${show(a.policy_arn)}, whose statements cannot be checked here`,
  },
  {
    id: 'IAM-004',
    reason:
      'roles for web identities pin the audience and the exact subject: for GitHub, aud "sts.amazonaws.com" and one repository in one branch, environment or pull_request, no wildcard (CKV_AWS_358)',
    appliesTo: ['aws_iam_role'],
    check: (_a, _ctx, stack, self) => list(webIdentityTrustProblems(self, stack)),
  },
  {
    id: 'IAM-006',
    reason:
      'in a stack CI applies, every role carries a permissions boundary (the workload boundary): the CI roles may create no role without it',
    appliesTo: ['aws_iam_role'],
    check: (a, ctx) =>
      ctx.appliedByCi && (typeof a.permissions_boundary !== 'string' || a.permissions_boundary === '')
        ? 'has no permissions_boundary'
        : undefined,
  },
  {
    id: 'IAM-005',
    reason: 'the GitHub Actions identity provider accepts only the audience "sts.amazonaws.com"',
    appliesTo: ['aws_iam_openid_connect_provider'],
    check: (a) => githubProviderProblem(a),
  },
  {
    id: 'S3-001',
    reason:
      'buckets have a public access block with all four flags (CKV_AWS_53-56, CKV2_AWS_6 / AVD-AWS-0086/87/91/93/94)',
    appliesTo: ['aws_s3_bucket'],
    check: (_a, _ctx, stack, self) => {
      const flags = [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ];
      const blocksFound = attached(stack, 'aws_s3_bucket_public_access_block', self);
      if (blocksFound.some((b) => flags.every((f) => b.attrs[f] === true))) return undefined;
      return blocksFound.length === 0
        ? 'no aws_s3_bucket_public_access_block for this bucket'
        : `its public access block does not set all of ${flags.join(', ')} to true`;
    },
  },
  {
    id: 'S3-002',
    reason: 'buckets have default encryption (CKV_AWS_19 / AVD-AWS-0088; CKV_AWS_145 would want SSE-KMS)',
    appliesTo: ['aws_s3_bucket'],
    check: (a, _ctx, stack, self) =>
      attached(stack, 'aws_s3_bucket_server_side_encryption_configuration', self).length > 0 ||
      block(a.server_side_encryption_configuration)
        ? undefined
        : 'no aws_s3_bucket_server_side_encryption_configuration for this bucket',
  },
  {
    id: 'S3-003',
    reason: 'bucket policies deny s3:* when aws:SecureTransport is false (Security Hub S3.5)',
    appliesTo: ['aws_s3_bucket'],
    check: (_a, _ctx, stack, self) => {
      const policies = attached(stack, 'aws_s3_bucket_policy', self);
      const tlsOnly = policies.some((p) =>
        (policyStatements(p.attrs.policy, stack) ?? []).some(deniesInsecureTransport),
      );
      if (tlsOnly) return undefined;
      return policies.length === 0
        ? 'no aws_s3_bucket_policy for this bucket'
        : 'its bucket policy has no Deny of s3:* with Bool aws:SecureTransport = false';
    },
  },
  {
    id: 'S3-004',
    reason: 'the state bucket is versioned (CKV_AWS_21 / AVD-AWS-0090)',
    appliesTo: ['aws_s3_bucket'],
    check: (a, ctx, stack, self) => {
      if (!isStateBucket(a, ctx.stateBucketName)) return undefined;
      const enabled =
        attached(stack, 'aws_s3_bucket_versioning', self).some(
          (v) => block(v.attrs.versioning_configuration)?.status === 'Enabled',
        ) || isTrue(block(a.versioning)?.enabled);
      return enabled ? undefined : 'no aws_s3_bucket_versioning with status "Enabled" for the state bucket';
    },
  },
  {
    id: 'S3-005',
    reason: "the state bucket has lifecycle.prevent_destroy (losing it loses every stack's state)",
    appliesTo: ['aws_s3_bucket'],
    check: (a, ctx) =>
      isStateBucket(a, ctx.stateBucketName) && block(a.lifecycle)?.prevent_destroy !== true
        ? 'lifecycle.prevent_destroy is not true on the state bucket'
        : undefined,
  },
];

function list(problems: readonly string[]): string | undefined {
  return problems.length > 0 ? problems.join('; ') : undefined;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && value !== 'Managed by Terraform';
}

function isHttp(listener: Attributes): boolean {
  // The provider defaults an ALB listener's protocol to HTTP.
  return (listener.protocol ?? 'HTTP') === 'HTTP';
}

function notRedirectToHttps(actions: readonly Attributes[], where: string): string | undefined {
  if (actions.length === 0) return `${where} is empty`;
  const wrong = actions.filter((x) => x.type !== 'redirect' || block(x.redirect)?.protocol !== 'HTTPS');
  return wrong.length > 0
    ? `${where} has ${wrong.map((x) => show(x.type)).join(', ')}, not only redirects to HTTPS`
    : undefined;
}

function containers(a: Attributes): Attributes[] | undefined {
  const parsed = parseJson(a.container_definitions);
  return Array.isArray(parsed) && parsed.every(isObject) ? parsed : undefined;
}

/** Problems of each container, by name; unparseable definitions are ECS-001's to report. */
function eachContainer(a: Attributes, check: (c: Attributes) => string | undefined): string | undefined {
  return list(
    (containers(a) ?? []).flatMap((c) => {
      const problem = check(c);
      return problem ? [`container ${show(c.name)}: ${problem}`] : [];
    }),
  );
}

function allows(
  element: SynthesizedElement,
  check: (s: Statement) => string | undefined,
): string | undefined {
  return list(
    ownStatements(element).flatMap((s, i) => {
      const problem = s.effect === 'Allow' ? check(s) : undefined;
      return problem ? [`${describeStatement(s, i)} ${problem}`] : [];
    }),
  );
}

/** Bucket sub-resources (`aws_s3_bucket_*`) whose `bucket` names this bucket by reference or literally. */
function attached(stack: StackResources, type: string, bucket: SynthesizedElement): SynthesizedElement[] {
  const name = bucket.attrs.bucket;
  const byName =
    typeof name === 'string' && !isExpression(name)
      ? stack.ofType(type).filter((e) => e.attrs.bucket === name)
      : [];
  return [...referencing(stack, type, 'bucket', bucket, ['id', 'bucket']), ...byName];
}

function isStateBucket(a: Attributes, stateBucketName: string | undefined): boolean {
  return stateBucketName !== undefined && a.bucket === stateBucketName;
}

function deniesInsecureTransport(s: Statement): boolean {
  return (
    s.effect === 'Deny' &&
    s.actions.some((action) => action === '*' || action.toLowerCase() === 's3:*') &&
    s.conditions.some(
      (c) =>
        c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.map(String).includes('false'),
    )
  );
}
