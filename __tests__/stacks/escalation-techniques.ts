/**
 * The public catalogue of AWS IAM privilege-escalation techniques, as the authorization requests
 * IAM makes for each: Rhino Security Labs' "AWS IAM Privilege Escalation – Methods and Mitigation"
 * (and its part 2), and pathfinding.cloud's paths (cited by their IDs, `iam-001` ...), with a few
 * variants this platform's guardrails make worth asking (the workload boundary in the context,
 * another boundary, a userData change without a restart). A technique works only if ALL of its
 * requests are allowed.
 *
 * Requests are built from a target (the role, user, group, policy, identity provider or state
 * object the technique reaches) and the caller's account. Names the attacker picks (a function, a
 * stack, a task family) are written `{name}`: the checker tries the names the caller's own
 * policies grant, and a fresh one, so that a grant scoped to a name is found as well as a wildcard.
 * The read-only requests the catalogue lists for discovery (iam:ListRoles, ec2:DescribeInstances)
 * are left out: they grant nothing, and a technique must not be refused for want of them. So is
 * iam:CreateServiceLinkedRole: a service-linked role's trust and policy are AWS's, not the caller's.
 */

/** What a technique reaches. */
export type TargetKind =
  | 'role'
  | 'user'
  | 'group'
  | 'policy'
  | 'oidc-provider'
  /** A Terraform state object in the state bucket. */
  | 'state-object'
  /** The state bucket itself. */
  | 'state-bucket';

export interface TechniqueTarget {
  readonly kind: TargetKind;
  /** Its ARN; a state object's is `arn:<partition>:s3:::<bucket>/<key>`. */
  readonly arn: string;
}

/** Where the caller works, and what its account's guardrails name. */
export interface TechniqueScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The account's workload permissions boundary. */
  readonly boundaryArn: string;
  /** A managed policy that is not the boundary: one an attacker would rather have as a boundary. */
  readonly otherBoundaryArn: string;
  /** Tags (key, value) that the caller's policies test, which tagging a role could make match. */
  readonly tags: Readonly<Record<string, string>>;
}

/** One authorization IAM makes (as `evaluate` takes it); `{name}` marks a name the caller picks. */
export interface TechniqueRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface Technique {
  /** pathfinding.cloud's ID where it has one, else a name of ours. */
  readonly id: string;
  readonly name: string;
  /** Where it is documented. */
  readonly source: string;
  readonly target: TargetKind;
  /**
   * For a technique that takes over something already running as the target (an instance, a
   * function, a stack, a project): the service that runs as it. It applies only to roles that
   * service may assume (or whose trust is unknown).
   */
  readonly runsAs?: string;
  readonly requests: (target: TechniqueTarget, s: TechniqueScope) => readonly TechniqueRequest[];
}

/** A name the attacker chooses (the checker fills it in). */
export const PICKED = /\{([A-Za-z]+)\}/g;

const RHINO = 'Rhino Security Labs, AWS IAM Privilege Escalation – Methods and Mitigation';
const RHINO_2 = `${RHINO} (part 2)`;
const pathfinding = (id: string) => `pathfinding.cloud ${id}`;

const iamArn = (s: TechniqueScope, resource: string) => `arn:${s.partition}:iam::${s.accountId}:${resource}`;
const arn = (s: TechniqueScope, service: string, resource: string) =>
  `arn:${s.partition}:${service}:${s.region}:${s.accountId}:${resource}`;
const awsManaged = (s: TechniqueScope, name: string) => `arn:${s.partition}:iam::aws:policy/${name}`;

/** The account's boundary as IAM sets `iam:PermissionsBoundary` for a role that carries it. */
const bounded = (s: TechniqueScope) => ({ 'iam:PermissionsBoundary': s.boundaryArn });
const otherBoundary = (s: TechniqueScope) => ({ 'iam:PermissionsBoundary': s.otherBoundaryArn });

const pass = (t: TechniqueTarget, service: string): TechniqueRequest => ({
  action: 'iam:PassRole',
  resource: t.arn,
  context: { 'iam:PassedToService': service },
});
const assume = (t: TechniqueTarget): TechniqueRequest => ({ action: 'sts:AssumeRole', resource: t.arn });
const adminPolicy = (s: TechniqueScope) => ({ 'iam:PolicyARN': awsManaged(s, 'AdministratorAccess') });

const SERVICE = {
  ec2: 'ec2.amazonaws.com',
  ecsTasks: 'ecs-tasks.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
  cloudformation: 'cloudformation.amazonaws.com',
  glue: 'glue.amazonaws.com',
  datapipeline: 'datapipeline.amazonaws.com',
  sagemaker: 'sagemaker.amazonaws.com',
  codebuild: 'codebuild.amazonaws.com',
  apprunner: 'tasks.apprunner.amazonaws.com',
} as const;

/** Launching an instance: the resources RunInstances authorizes (the instance's ID is AWS's). */
const runInstances = (s: TechniqueScope): TechniqueRequest[] => [
  { action: 'ec2:RunInstances', resource: arn(s, 'ec2', 'instance/*') },
  { action: 'ec2:RunInstances', resource: `arn:${s.partition}:ec2:${s.region}::image/{image}` },
  { action: 'ec2:RunInstances', resource: arn(s, 'ec2', 'subnet/{subnet}') },
  { action: 'ec2:RunInstances', resource: arn(s, 'ec2', 'security-group/{group}') },
  { action: 'ec2:RunInstances', resource: arn(s, 'ec2', 'network-interface/*') },
  { action: 'ec2:RunInstances', resource: arn(s, 'ec2', 'volume/*') },
];
const instance = (s: TechniqueScope) => arn(s, 'ec2', 'instance/{instance}');
const taskDefinition = (s: TechniqueScope) => arn(s, 'ecs', 'task-definition/{family}:{revision}');
const onCluster = (s: TechniqueScope) => ({ 'ecs:cluster': arn(s, 'ecs', 'cluster/{cluster}') });
const fn = (s: TechniqueScope) => arn(s, 'lambda', 'function:{function}');
const stack = (s: TechniqueScope) => arn(s, 'cloudformation', 'stack/{stack}/*');
const stackSet = (s: TechniqueScope) => arn(s, 'cloudformation', 'stackset/{stackset}:*');
const glueJob = (s: TechniqueScope) => arn(s, 'glue', 'job/{job}');
const notebook = (s: TechniqueScope) => arn(s, 'sagemaker', 'notebook-instance/{notebook}');
const project = (s: TechniqueScope) => arn(s, 'codebuild', 'project/{project}');

/** Tagging a role with the tags the caller's policies test (request keys), then what they may gate. */
const tagRole = (t: TechniqueTarget, s: TechniqueScope): TechniqueRequest => ({
  action: 'iam:TagRole',
  resource: t.arn,
  context: {
    ...Object.fromEntries(Object.entries(s.tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    'aws:TagKeys': Object.keys(s.tags),
  },
});
const taggedRole = (s: TechniqueScope) =>
  Object.fromEntries(
    Object.entries(s.tags).flatMap(([k, v]) => [
      [`aws:ResourceTag/${k}`, v],
      [`iam:ResourceTag/${k}`, v],
    ]),
  );

export const TECHNIQUES: readonly Technique[] = [
  // ---- Managed policies ----------------------------------------------------------------------
  {
    id: 'iam-001',
    name: 'iam:CreatePolicyVersion (a new default version of a policy one holds)',
    source: `${RHINO}; ${pathfinding('iam-001')}`,
    target: 'policy',
    requests: (t) => [{ action: 'iam:CreatePolicyVersion', resource: t.arn }],
  },
  {
    id: 'set-default-policy-version',
    name: 'iam:SetDefaultPolicyVersion (revert a policy to a broader version)',
    source: RHINO,
    target: 'policy',
    requests: (t) => [{ action: 'iam:SetDefaultPolicyVersion', resource: t.arn }],
  },
  {
    id: 'iam-016',
    name: 'iam:CreatePolicyVersion + sts:AssumeRole (broaden a policy the role holds, then assume it)',
    source: pathfinding('iam-016'),
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:CreatePolicyVersion', resource: iamArn(s, 'policy/{policy}') },
      assume(t),
    ],
  },
  {
    id: 'iam-020',
    name: 'iam:CreatePolicyVersion + iam:UpdateAssumeRolePolicy',
    source: pathfinding('iam-020'),
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:CreatePolicyVersion', resource: iamArn(s, 'policy/{policy}') },
      { action: 'iam:UpdateAssumeRolePolicy', resource: t.arn },
    ],
  },

  // ---- Users and groups ----------------------------------------------------------------------
  {
    id: 'iam-002',
    name: 'iam:CreateAccessKey (keys for another user)',
    source: `${RHINO}; ${pathfinding('iam-002')}`,
    target: 'user',
    requests: (t) => [{ action: 'iam:CreateAccessKey', resource: t.arn }],
  },
  {
    id: 'iam-003',
    name: 'iam:CreateAccessKey + iam:DeleteAccessKey (make room for a key)',
    source: pathfinding('iam-003'),
    target: 'user',
    requests: (t) => [
      { action: 'iam:DeleteAccessKey', resource: t.arn },
      { action: 'iam:CreateAccessKey', resource: t.arn },
    ],
  },
  {
    id: 'iam-004',
    name: 'iam:CreateLoginProfile (a console password for another user)',
    source: `${RHINO}; ${pathfinding('iam-004')}`,
    target: 'user',
    requests: (t) => [{ action: 'iam:CreateLoginProfile', resource: t.arn }],
  },
  {
    id: 'iam-006',
    name: 'iam:UpdateLoginProfile (change another user’s password)',
    source: `${RHINO}; ${pathfinding('iam-006')}`,
    target: 'user',
    requests: (t) => [{ action: 'iam:UpdateLoginProfile', resource: t.arn }],
  },
  {
    id: 'iam-007',
    name: 'iam:PutUserPolicy',
    source: `${RHINO}; ${pathfinding('iam-007')}`,
    target: 'user',
    requests: (t) => [{ action: 'iam:PutUserPolicy', resource: t.arn }],
  },
  {
    id: 'iam-008',
    name: 'iam:AttachUserPolicy (AdministratorAccess)',
    source: `${RHINO}; ${pathfinding('iam-008')}`,
    target: 'user',
    requests: (t, s) => [{ action: 'iam:AttachUserPolicy', resource: t.arn, context: adminPolicy(s) }],
  },
  {
    id: 'iam-015',
    name: 'iam:AttachUserPolicy + iam:CreateAccessKey',
    source: pathfinding('iam-015'),
    target: 'user',
    requests: (t, s) => [
      { action: 'iam:AttachUserPolicy', resource: t.arn, context: adminPolicy(s) },
      { action: 'iam:CreateAccessKey', resource: t.arn },
    ],
  },
  {
    id: 'iam-018',
    name: 'iam:PutUserPolicy + iam:CreateAccessKey',
    source: pathfinding('iam-018'),
    target: 'user',
    requests: (t) => [
      { action: 'iam:PutUserPolicy', resource: t.arn },
      { action: 'iam:CreateAccessKey', resource: t.arn },
    ],
  },
  {
    id: 'iam-010',
    name: 'iam:AttachGroupPolicy (AdministratorAccess)',
    source: `${RHINO}; ${pathfinding('iam-010')}`,
    target: 'group',
    requests: (t, s) => [{ action: 'iam:AttachGroupPolicy', resource: t.arn, context: adminPolicy(s) }],
  },
  {
    id: 'iam-011',
    name: 'iam:PutGroupPolicy',
    source: `${RHINO}; ${pathfinding('iam-011')}`,
    target: 'group',
    requests: (t) => [{ action: 'iam:PutGroupPolicy', resource: t.arn }],
  },
  {
    id: 'iam-013',
    name: 'iam:AddUserToGroup (join a more privileged group)',
    source: `${RHINO}; ${pathfinding('iam-013')}`,
    target: 'group',
    requests: (t) => [{ action: 'iam:AddUserToGroup', resource: t.arn }],
  },

  // ---- Role policies, trust and boundaries ---------------------------------------------------
  {
    id: 'iam-009',
    name: 'iam:AttachRolePolicy (AdministratorAccess, no boundary on the role)',
    source: `${RHINO}; ${pathfinding('iam-009')}`,
    target: 'role',
    requests: (t, s) => [{ action: 'iam:AttachRolePolicy', resource: t.arn, context: adminPolicy(s) }],
  },
  {
    id: 'iam-009-bounded',
    name: 'iam:AttachRolePolicy (AdministratorAccess onto a role carrying the boundary)',
    source: `${pathfinding('iam-009')}, with the workload boundary`,
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:AttachRolePolicy', resource: t.arn, context: { ...adminPolicy(s), ...bounded(s) } },
    ],
  },
  {
    id: 'iam-009-customer-policy',
    name: 'iam:AttachRolePolicy (a customer managed policy of the attacker’s, onto a role carrying the boundary)',
    source: `${pathfinding('iam-009')}, with the workload boundary`,
    target: 'role',
    requests: (t, s) => [
      {
        action: 'iam:AttachRolePolicy',
        resource: t.arn,
        context: { 'iam:PolicyARN': iamArn(s, 'policy/{policy}'), ...bounded(s) },
      },
    ],
  },
  {
    id: 'iam-014',
    name: 'iam:AttachRolePolicy + sts:AssumeRole',
    source: `${RHINO}; ${pathfinding('iam-014')}`,
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:AttachRolePolicy', resource: t.arn, context: { ...adminPolicy(s), ...bounded(s) } },
      assume(t),
    ],
  },
  {
    id: 'iam-019',
    name: 'iam:AttachRolePolicy + iam:UpdateAssumeRolePolicy',
    source: pathfinding('iam-019'),
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:AttachRolePolicy', resource: t.arn, context: { ...adminPolicy(s), ...bounded(s) } },
      { action: 'iam:UpdateAssumeRolePolicy', resource: t.arn, context: bounded(s) },
    ],
  },
  {
    id: 'iam-005',
    name: 'iam:PutRolePolicy (no boundary on the role)',
    source: `${RHINO}; ${pathfinding('iam-005')}`,
    target: 'role',
    requests: (t) => [{ action: 'iam:PutRolePolicy', resource: t.arn }],
  },
  {
    id: 'iam-005-bounded',
    name: 'iam:PutRolePolicy (onto a role carrying the boundary)',
    source: `${pathfinding('iam-005')}, with the workload boundary`,
    target: 'role',
    requests: (t, s) => [{ action: 'iam:PutRolePolicy', resource: t.arn, context: bounded(s) }],
  },
  {
    id: 'iam-017',
    name: 'iam:PutRolePolicy + sts:AssumeRole',
    source: `${RHINO}; ${pathfinding('iam-017')}`,
    target: 'role',
    requests: (t, s) => [{ action: 'iam:PutRolePolicy', resource: t.arn, context: bounded(s) }, assume(t)],
  },
  {
    id: 'iam-021',
    name: 'iam:PutRolePolicy + iam:UpdateAssumeRolePolicy',
    source: pathfinding('iam-021'),
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:PutRolePolicy', resource: t.arn, context: bounded(s) },
      { action: 'iam:UpdateAssumeRolePolicy', resource: t.arn, context: bounded(s) },
    ],
  },
  {
    id: 'iam-012',
    name: 'iam:UpdateAssumeRolePolicy + sts:AssumeRole (no boundary on the role)',
    source: `${RHINO}; ${pathfinding('iam-012')}`,
    target: 'role',
    requests: (t) => [{ action: 'iam:UpdateAssumeRolePolicy', resource: t.arn }, assume(t)],
  },
  {
    id: 'iam-012-bounded',
    name: 'iam:UpdateAssumeRolePolicy + sts:AssumeRole (onto a role carrying the boundary)',
    source: `${pathfinding('iam-012')}, with the workload boundary`,
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:UpdateAssumeRolePolicy', resource: t.arn, context: bounded(s) },
      assume(t),
    ],
  },
  {
    id: 'sts-001',
    name: 'sts:AssumeRole',
    source: pathfinding('sts-001'),
    target: 'role',
    requests: (t) => [assume(t)],
  },
  {
    id: 'create-role-unbounded',
    name: 'iam:CreateRole without a permissions boundary',
    source: 'AWS IAM User Guide, "Permissions boundaries for IAM entities" (delegating role creation)',
    target: 'role',
    requests: (t) => [{ action: 'iam:CreateRole', resource: t.arn }],
  },
  {
    id: 'create-role-other-boundary',
    name: 'iam:CreateRole with another permissions boundary',
    source: 'AWS IAM User Guide, "Permissions boundaries for IAM entities" (delegating role creation)',
    target: 'role',
    requests: (t, s) => [{ action: 'iam:CreateRole', resource: t.arn, context: otherBoundary(s) }],
  },
  {
    id: 'put-role-permissions-boundary-other',
    name: 'iam:PutRolePermissionsBoundary with another boundary',
    source: 'AWS IAM User Guide, "Permissions boundaries for IAM entities" (delegating role creation)',
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:PutRolePermissionsBoundary', resource: t.arn, context: otherBoundary(s) },
    ],
  },
  {
    id: 'delete-role-permissions-boundary',
    name: 'iam:DeleteRolePermissionsBoundary',
    source: 'AWS IAM User Guide, "Permissions boundaries for IAM entities" (delegating role creation)',
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:DeleteRolePermissionsBoundary', resource: t.arn, context: bounded(s) },
    ],
  },
  {
    id: 'update-role-max-session',
    name: 'iam:UpdateRole (lengthen the role’s sessions)',
    source: 'AWS IAM API Reference, UpdateRole (MaxSessionDuration)',
    target: 'role',
    requests: (t, s) => [{ action: 'iam:UpdateRole', resource: t.arn, context: bounded(s) }],
  },
  {
    id: 'tag-role-assume',
    name: 'iam:TagRole + sts:AssumeRole (a tag-conditioned grant on roles)',
    source: 'AWS IAM User Guide, "Controlling access to IAM roles using tags" (ABAC)',
    target: 'role',
    requests: (t, s) => [tagRole(t, s), { ...assume(t), context: taggedRole(s) }],
  },
  {
    id: 'tag-role-pass',
    name: 'iam:TagRole + iam:PassRole + ec2:RunInstances (a tag-conditioned pass)',
    source: 'AWS IAM User Guide, "Controlling access to IAM roles using tags" (ABAC)',
    target: 'role',
    requests: (t, s) => [
      tagRole(t, s),
      { ...pass(t, SERVICE.ec2), context: { 'iam:PassedToService': SERVICE.ec2, ...taggedRole(s) } },
      ...runInstances(s),
    ],
  },

  // ---- EC2 -----------------------------------------------------------------------------------
  {
    id: 'ec2-001',
    name: 'iam:PassRole + ec2:RunInstances',
    source: `${RHINO}; ${pathfinding('ec2-001')}`,
    target: 'role',
    requests: (t, s) => [pass(t, SERVICE.ec2), ...runInstances(s)],
  },
  {
    id: 'ec2-003',
    name: 'iam:PassRole + ec2:RequestSpotInstances',
    source: pathfinding('ec2-003'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ec2),
      { action: 'ec2:RequestSpotInstances', resource: arn(s, 'ec2', 'spot-instances-request/*') },
    ],
  },
  {
    id: 'create-instance-profile',
    name: 'iam:CreateInstanceProfile + iam:AddRoleToInstanceProfile + iam:PassRole + ec2:RunInstances',
    source: `${RHINO} (PassRole + RunInstances, with an instance profile of one’s own)`,
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:CreateInstanceProfile', resource: iamArn(s, 'instance-profile/{profile}') },
      { action: 'iam:AddRoleToInstanceProfile', resource: iamArn(s, 'instance-profile/{profile}') },
      pass(t, SERVICE.ec2),
      ...runInstances(s),
    ],
  },
  {
    id: 'add-role-to-instance-profile',
    name: 'iam:RemoveRoleFromInstanceProfile + iam:AddRoleToInstanceProfile + iam:PassRole (swap the role of a profile instances run with)',
    source: `${RHINO} (PassRole + RunInstances, through an existing instance profile)`,
    target: 'role',
    requests: (t, s) => [
      { action: 'iam:RemoveRoleFromInstanceProfile', resource: iamArn(s, 'instance-profile/{profile}') },
      { action: 'iam:AddRoleToInstanceProfile', resource: iamArn(s, 'instance-profile/{profile}') },
      pass(t, SERVICE.ec2),
    ],
  },
  {
    id: 'associate-iam-instance-profile',
    name: 'iam:PassRole + ec2:AssociateIamInstanceProfile (give a running instance the role)',
    source: `${RHINO} (PassRole + EC2), onto a running instance`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ec2),
      { action: 'ec2:AssociateIamInstanceProfile', resource: instance(s) },
    ],
  },
  {
    id: 'replace-iam-instance-profile-association',
    name: 'iam:PassRole + ec2:ReplaceIamInstanceProfileAssociation',
    source: `${RHINO} (PassRole + EC2), onto a running instance`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ec2),
      { action: 'ec2:ReplaceIamInstanceProfileAssociation', resource: instance(s) },
    ],
  },
  {
    id: 'ec2-002',
    name: 'ec2:ModifyInstanceAttribute (userData) + ec2:StopInstances + ec2:StartInstances',
    source: pathfinding('ec2-002'),
    target: 'role',
    runsAs: SERVICE.ec2,
    requests: (_t, s) => [
      { action: 'ec2:StopInstances', resource: instance(s) },
      { action: 'ec2:ModifyInstanceAttribute', resource: instance(s) },
      { action: 'ec2:StartInstances', resource: instance(s) },
    ],
  },
  {
    id: 'ec2-002-next-start',
    name: 'ec2:ModifyInstanceAttribute (userData that runs at the instance’s next start)',
    source: `${pathfinding('ec2-002')}, waiting for a restart instead of causing one`,
    target: 'role',
    runsAs: SERVICE.ec2,
    requests: (_t, s) => [{ action: 'ec2:ModifyInstanceAttribute', resource: instance(s) }],
  },
  {
    id: 'ec2-004',
    name: 'ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate (new userData for the instances an Auto Scaling group launches)',
    source: pathfinding('ec2-004'),
    target: 'role',
    runsAs: SERVICE.ec2,
    requests: (_t, s) => [
      { action: 'ec2:CreateLaunchTemplateVersion', resource: arn(s, 'ec2', 'launch-template/{template}') },
      { action: 'ec2:ModifyLaunchTemplate', resource: arn(s, 'ec2', 'launch-template/{template}') },
    ],
  },
  {
    id: 'ec2instanceconnect-003',
    name: 'ec2-instance-connect:SendSSHPublicKey',
    source: pathfinding('ec2instanceconnect-003'),
    target: 'role',
    runsAs: SERVICE.ec2,
    requests: (_t, s) => [{ action: 'ec2-instance-connect:SendSSHPublicKey', resource: instance(s) }],
  },
  {
    id: 'ssm-001',
    name: 'ssm:StartSession',
    source: pathfinding('ssm-001'),
    target: 'role',
    runsAs: SERVICE.ec2,
    requests: (_t, s) => [{ action: 'ssm:StartSession', resource: instance(s) }],
  },
  {
    id: 'ssm-002',
    name: 'ssm:SendCommand',
    source: pathfinding('ssm-002'),
    target: 'role',
    runsAs: SERVICE.ec2,
    requests: (_t, s) => [
      { action: 'ssm:SendCommand', resource: instance(s) },
      { action: 'ssm:SendCommand', resource: arn(s, 'ssm', 'document/AWS-RunShellScript') },
    ],
  },

  // ---- ECS -----------------------------------------------------------------------------------
  {
    id: 'ecs-001',
    name: 'iam:PassRole + ecs:CreateCluster + ecs:RegisterTaskDefinition + ecs:CreateService',
    source: pathfinding('ecs-001'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ecsTasks),
      { action: 'ecs:CreateCluster', resource: arn(s, 'ecs', 'cluster/{cluster}') },
      { action: 'ecs:RegisterTaskDefinition', resource: taskDefinition(s) },
      { action: 'ecs:CreateService', resource: arn(s, 'ecs', 'service/{cluster}/{service}') },
    ],
  },
  {
    id: 'ecs-002',
    name: 'iam:PassRole + ecs:CreateCluster + ecs:RegisterTaskDefinition + ecs:RunTask',
    source: pathfinding('ecs-002'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ecsTasks),
      { action: 'ecs:CreateCluster', resource: arn(s, 'ecs', 'cluster/{cluster}') },
      { action: 'ecs:RegisterTaskDefinition', resource: taskDefinition(s) },
      { action: 'ecs:RunTask', resource: taskDefinition(s), context: onCluster(s) },
    ],
  },
  {
    id: 'ecs-003',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:CreateService',
    source: pathfinding('ecs-003'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ecsTasks),
      { action: 'ecs:RegisterTaskDefinition', resource: taskDefinition(s) },
      { action: 'ecs:CreateService', resource: arn(s, 'ecs', 'service/{cluster}/{service}') },
    ],
  },
  {
    id: 'ecs-003-update-service',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:UpdateService (an existing service runs the new task definition)',
    source: `${pathfinding('ecs-003')}, updating a service instead of creating one`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ecsTasks),
      { action: 'ecs:RegisterTaskDefinition', resource: taskDefinition(s) },
      { action: 'ecs:UpdateService', resource: arn(s, 'ecs', 'service/{cluster}/{service}') },
    ],
  },
  {
    id: 'ecs-004',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask',
    source: pathfinding('ecs-004'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ecsTasks),
      { action: 'ecs:RegisterTaskDefinition', resource: taskDefinition(s) },
      { action: 'ecs:RunTask', resource: taskDefinition(s), context: onCluster(s) },
    ],
  },
  {
    id: 'ecs-005',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:StartTask',
    source: pathfinding('ecs-005'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.ecsTasks),
      { action: 'ecs:RegisterTaskDefinition', resource: taskDefinition(s) },
      { action: 'ecs:StartTask', resource: taskDefinition(s), context: onCluster(s) },
    ],
  },
  {
    id: 'ecs-execute-command',
    name: 'ecs:ExecuteCommand (a shell in a running task)',
    source: 'AWS ECS Developer Guide, "Monitor Amazon ECS containers with ECS Exec" (IAM for ECS Exec)',
    target: 'role',
    runsAs: SERVICE.ecsTasks,
    requests: (_t, s) => [
      { action: 'ecs:ExecuteCommand', resource: arn(s, 'ecs', 'task/{cluster}/{task}') },
      { action: 'ecs:ExecuteCommand', resource: arn(s, 'ecs', 'cluster/{cluster}') },
    ],
  },

  // ---- Lambda --------------------------------------------------------------------------------
  {
    id: 'lambda-001',
    name: 'iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction',
    source: `${RHINO}; ${pathfinding('lambda-001')}`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.lambda),
      { action: 'lambda:CreateFunction', resource: fn(s) },
      { action: 'lambda:InvokeFunction', resource: fn(s) },
    ],
  },
  {
    id: 'lambda-002',
    name: 'iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping',
    source: `${RHINO}; ${pathfinding('lambda-002')}`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.lambda),
      { action: 'lambda:CreateFunction', resource: fn(s) },
      {
        action: 'lambda:CreateEventSourceMapping',
        resource: '*',
        context: { 'lambda:FunctionArn': fn(s) },
      },
    ],
  },
  {
    id: 'lambda-006',
    name: 'iam:PassRole + lambda:CreateFunction + lambda:AddPermission',
    source: pathfinding('lambda-006'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.lambda),
      { action: 'lambda:CreateFunction', resource: fn(s) },
      { action: 'lambda:AddPermission', resource: fn(s) },
    ],
  },
  {
    id: 'lambda-003',
    name: 'lambda:UpdateFunctionCode',
    source: `${RHINO}; ${pathfinding('lambda-003')}`,
    target: 'role',
    runsAs: SERVICE.lambda,
    requests: (_t, s) => [{ action: 'lambda:UpdateFunctionCode', resource: fn(s) }],
  },
  {
    id: 'lambda-004',
    name: 'lambda:UpdateFunctionCode + lambda:InvokeFunction',
    source: pathfinding('lambda-004'),
    target: 'role',
    runsAs: SERVICE.lambda,
    requests: (_t, s) => [
      { action: 'lambda:UpdateFunctionCode', resource: fn(s) },
      { action: 'lambda:InvokeFunction', resource: fn(s) },
    ],
  },
  {
    id: 'lambda-005',
    name: 'lambda:UpdateFunctionCode + lambda:AddPermission',
    source: pathfinding('lambda-005'),
    target: 'role',
    runsAs: SERVICE.lambda,
    requests: (_t, s) => [
      { action: 'lambda:UpdateFunctionCode', resource: fn(s) },
      { action: 'lambda:AddPermission', resource: fn(s) },
    ],
  },

  // ---- CloudFormation ------------------------------------------------------------------------
  {
    id: 'cloudformation-001',
    name: 'iam:PassRole + cloudformation:CreateStack',
    source: `${RHINO}; ${pathfinding('cloudformation-001')}`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.cloudformation),
      { action: 'cloudformation:CreateStack', resource: stack(s) },
    ],
  },
  {
    id: 'cloudformation-002',
    name: 'cloudformation:UpdateStack (a stack that runs as the role)',
    source: pathfinding('cloudformation-002'),
    target: 'role',
    runsAs: SERVICE.cloudformation,
    requests: (_t, s) => [{ action: 'cloudformation:UpdateStack', resource: stack(s) }],
  },
  {
    id: 'cloudformation-003',
    name: 'iam:PassRole + cloudformation:CreateStackSet + cloudformation:CreateStackInstances',
    source: pathfinding('cloudformation-003'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.cloudformation),
      // AWS gives CreateStackSet no resource type: IAM evaluates it against "*".
      { action: 'cloudformation:CreateStackSet', resource: '*' },
      { action: 'cloudformation:CreateStackInstances', resource: stackSet(s) },
    ],
  },
  {
    id: 'cloudformation-004',
    name: 'iam:PassRole + cloudformation:UpdateStackSet',
    source: pathfinding('cloudformation-004'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.cloudformation),
      { action: 'cloudformation:UpdateStackSet', resource: stackSet(s) },
    ],
  },
  {
    id: 'cloudformation-005',
    name: 'cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet',
    source: pathfinding('cloudformation-005'),
    target: 'role',
    runsAs: SERVICE.cloudformation,
    requests: (_t, s) => [
      { action: 'cloudformation:CreateChangeSet', resource: stack(s) },
      { action: 'cloudformation:ExecuteChangeSet', resource: stack(s) },
    ],
  },

  // ---- Glue ----------------------------------------------------------------------------------
  {
    id: 'glue-001',
    name: 'iam:PassRole + glue:CreateDevEndpoint',
    source: `${RHINO}; ${pathfinding('glue-001')}`,
    target: 'role',
    // AWS gives CreateDevEndpoint no resource type: IAM evaluates it against "*".
    requests: (t) => [pass(t, SERVICE.glue), { action: 'glue:CreateDevEndpoint', resource: '*' }],
  },
  {
    id: 'glue-002',
    name: 'glue:UpdateDevEndpoint (a new SSH key on an endpoint that runs as the role)',
    source: `${RHINO}; ${pathfinding('glue-002')}`,
    target: 'role',
    runsAs: SERVICE.glue,
    requests: (_t, s) => [
      { action: 'glue:UpdateDevEndpoint', resource: arn(s, 'glue', 'devEndpoint/{endpoint}') },
    ],
  },
  {
    id: 'glue-003',
    name: 'iam:PassRole + glue:CreateJob + glue:StartJobRun',
    source: pathfinding('glue-003'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.glue),
      { action: 'glue:CreateJob', resource: glueJob(s) },
      { action: 'glue:StartJobRun', resource: glueJob(s) },
    ],
  },
  {
    id: 'glue-004',
    name: 'iam:PassRole + glue:CreateJob + glue:CreateTrigger',
    source: pathfinding('glue-004'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.glue),
      { action: 'glue:CreateJob', resource: glueJob(s) },
      { action: 'glue:CreateTrigger', resource: arn(s, 'glue', 'trigger/{trigger}') },
    ],
  },
  {
    id: 'glue-005',
    name: 'iam:PassRole + glue:UpdateJob + glue:StartJobRun',
    source: pathfinding('glue-005'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.glue),
      { action: 'glue:UpdateJob', resource: glueJob(s) },
      { action: 'glue:StartJobRun', resource: glueJob(s) },
    ],
  },
  {
    id: 'glue-006',
    name: 'iam:PassRole + glue:UpdateJob + glue:CreateTrigger',
    source: pathfinding('glue-006'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.glue),
      { action: 'glue:UpdateJob', resource: glueJob(s) },
      { action: 'glue:CreateTrigger', resource: arn(s, 'glue', 'trigger/{trigger}') },
    ],
  },

  // ---- Data Pipeline, SageMaker, CodeBuild, App Runner ---------------------------------------
  {
    id: 'datapipeline-001',
    name: 'iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition + datapipeline:ActivatePipeline',
    source: `${RHINO}; ${pathfinding('datapipeline-001')}`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.datapipeline),
      { action: 'datapipeline:CreatePipeline', resource: '*' },
      {
        action: 'datapipeline:PutPipelineDefinition',
        resource: arn(s, 'datapipeline', 'pipeline/{pipeline}'),
      },
      { action: 'datapipeline:ActivatePipeline', resource: arn(s, 'datapipeline', 'pipeline/{pipeline}') },
    ],
  },
  {
    id: 'sagemaker-001',
    name: 'iam:PassRole + sagemaker:CreateNotebookInstance + sagemaker:CreatePresignedNotebookInstanceUrl',
    source: `${RHINO_2}; ${pathfinding('sagemaker-001')}`,
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.sagemaker),
      { action: 'sagemaker:CreateNotebookInstance', resource: notebook(s) },
      { action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: notebook(s) },
    ],
  },
  {
    id: 'sagemaker-002',
    name: 'iam:PassRole + sagemaker:CreateTrainingJob',
    source: pathfinding('sagemaker-002'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.sagemaker),
      { action: 'sagemaker:CreateTrainingJob', resource: arn(s, 'sagemaker', 'training-job/{job}') },
    ],
  },
  {
    id: 'sagemaker-003',
    name: 'iam:PassRole + sagemaker:CreateProcessingJob',
    source: pathfinding('sagemaker-003'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.sagemaker),
      { action: 'sagemaker:CreateProcessingJob', resource: arn(s, 'sagemaker', 'processing-job/{job}') },
    ],
  },
  {
    id: 'sagemaker-004',
    name: 'sagemaker:CreatePresignedNotebookInstanceUrl (a notebook that runs as the role)',
    source: `${RHINO_2}; ${pathfinding('sagemaker-004')}`,
    target: 'role',
    runsAs: SERVICE.sagemaker,
    requests: (_t, s) => [{ action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: notebook(s) }],
  },
  {
    id: 'sagemaker-005',
    name: 'sagemaker:CreateNotebookInstanceLifecycleConfig + StopNotebookInstance + UpdateNotebookInstance + StartNotebookInstance',
    source: pathfinding('sagemaker-005'),
    target: 'role',
    runsAs: SERVICE.sagemaker,
    requests: (_t, s) => [
      {
        action: 'sagemaker:CreateNotebookInstanceLifecycleConfig',
        resource: arn(s, 'sagemaker', 'notebook-instance-lifecycle-config/{config}'),
      },
      { action: 'sagemaker:StopNotebookInstance', resource: notebook(s) },
      { action: 'sagemaker:UpdateNotebookInstance', resource: notebook(s) },
      { action: 'sagemaker:StartNotebookInstance', resource: notebook(s) },
    ],
  },
  {
    id: 'codebuild-001',
    name: 'iam:PassRole + codebuild:CreateProject + codebuild:StartBuild',
    source: pathfinding('codebuild-001'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.codebuild),
      { action: 'codebuild:CreateProject', resource: project(s) },
      { action: 'codebuild:StartBuild', resource: project(s) },
    ],
  },
  {
    id: 'codebuild-002',
    name: 'codebuild:StartBuild (a buildspec override on a project that runs as the role)',
    source: pathfinding('codebuild-002'),
    target: 'role',
    runsAs: SERVICE.codebuild,
    requests: (_t, s) => [{ action: 'codebuild:StartBuild', resource: project(s) }],
  },
  {
    id: 'codebuild-003',
    name: 'codebuild:StartBuildBatch',
    source: pathfinding('codebuild-003'),
    target: 'role',
    runsAs: SERVICE.codebuild,
    requests: (_t, s) => [{ action: 'codebuild:StartBuildBatch', resource: project(s) }],
  },
  {
    id: 'codebuild-004',
    name: 'iam:PassRole + codebuild:CreateProject + codebuild:StartBuildBatch',
    source: pathfinding('codebuild-004'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.codebuild),
      { action: 'codebuild:CreateProject', resource: project(s) },
      { action: 'codebuild:StartBuildBatch', resource: project(s) },
    ],
  },
  {
    id: 'apprunner-001',
    name: 'iam:PassRole + apprunner:CreateService',
    source: pathfinding('apprunner-001'),
    target: 'role',
    requests: (t, s) => [
      pass(t, SERVICE.apprunner),
      { action: 'apprunner:CreateService', resource: arn(s, 'apprunner', 'service/{service}/{id}') },
    ],
  },
  {
    id: 'apprunner-002',
    name: 'apprunner:UpdateService (a service whose instance role is the role)',
    source: pathfinding('apprunner-002'),
    target: 'role',
    runsAs: SERVICE.apprunner,
    requests: (_t, s) => [
      { action: 'apprunner:UpdateService', resource: arn(s, 'apprunner', 'service/{service}/{id}') },
    ],
  },

  // ---- The identity provider CI's roles trust ------------------------------------------------
  {
    id: 'create-oidc-provider',
    name: 'iam:CreateOpenIDConnectProvider (an issuer of one’s own, for a trust to name)',
    source: 'AWS IAM User Guide, "Create an OpenID Connect (OIDC) identity provider in IAM"',
    target: 'oidc-provider',
    requests: (t) => [{ action: 'iam:CreateOpenIDConnectProvider', resource: t.arn }],
  },
  {
    id: 'add-oidc-client-id',
    name: 'iam:AddClientIDToOpenIDConnectProvider (accept tokens minted for another audience)',
    source: 'AWS IAM User Guide, "Create an OpenID Connect (OIDC) identity provider in IAM"',
    target: 'oidc-provider',
    requests: (t) => [{ action: 'iam:AddClientIDToOpenIDConnectProvider', resource: t.arn }],
  },
  {
    id: 'update-oidc-thumbprint',
    name: 'iam:UpdateOpenIDConnectProviderThumbprint (trust another certificate for the issuer)',
    source: 'AWS IAM User Guide, "Create an OpenID Connect (OIDC) identity provider in IAM"',
    target: 'oidc-provider',
    requests: (t) => [{ action: 'iam:UpdateOpenIDConnectProviderThumbprint', resource: t.arn }],
  },

  // ---- Terraform state -----------------------------------------------------------------------
  {
    id: 'write-state',
    name: 's3:PutObject on another stack’s Terraform state (its next apply acts on what the state says)',
    source: 'Terraform documentation, "Backend configuration: S3" (state access is access to the stack)',
    target: 'state-object',
    requests: (t) => [{ action: 's3:PutObject', resource: t.arn }],
  },
  {
    id: 'state-bucket-policy',
    name: 's3:PutBucketPolicy on the state bucket (grant oneself every state)',
    source: 'Terraform documentation, "Backend configuration: S3" (state access is access to the stack)',
    target: 'state-bucket',
    requests: (t) => [{ action: 's3:PutBucketPolicy', resource: t.arn }],
  },
];
