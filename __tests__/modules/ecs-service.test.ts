import { TerraformVariable } from 'cdktf';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService as AwsEcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import {
  EcsService,
  fargateSizeProblem,
  type ContainerDefinition,
  type EcsServiceLoadBalancer,
  type EcsServiceProps,
} from '../../modules/ecs-service';
import { parse, resources, synthConstruct } from '../helpers';

const REPO_ARN = 'arn:aws:ecr:ap-northeast-1:111111111111:repository/webapp/backend';
const SSM_ARN = 'arn:aws:ssm:ap-northeast-1:111111111111:parameter/webapp/dev/api-key';
const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:rds-abc';
const KMS_ARN = 'arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A Fargate service with no load balancer, no discovery, no secrets and exec off. */
function baseProps(overrides: Partial<EcsServiceProps> = {}): EcsServiceProps {
  return {
    serviceName: 'backend',
    namePrefix: 'webapp-dev',
    region: 'ap-northeast-1',
    clusterArn: 'arn:aws:ecs:ap-northeast-1:111111111111:cluster/webapp-dev',
    clusterName: 'webapp-dev',
    subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    securityGroupId: 'sg-backend',
    image: {
      repositoryUrl: '111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/backend',
      repositoryArn: REPO_ARN,
      tag: 'v1.2.3',
    },
    port: 8080,
    cpu: 512,
    memory: 1024,
    capacity: { type: 'fargate', fargateWeight: 1, spotWeight: 3 },
    desiredCount: 2,
    minCount: 1,
    maxCount: 4,
    cpuTargetPercent: 60,
    deployment: { minimumHealthyPercent: 100, maximumPercent: 200, healthCheckGracePeriodSeconds: 90 },
    enableExec: false,
    environment: {},
    secrets: [],
    healthCheckPath: '/health',
    logRetentionDays: 30,
    ...overrides,
  };
}

const LOAD_BALANCER: EcsServiceLoadBalancer = {
  listenerArn: 'listener-arn',
  priority: 100,
  pathPatterns: ['/api/*'],
  hostHeaders: ['dev.example.com'],
  vpcId: 'vpc-1',
  albArnSuffix: 'app/webapp-dev/50dc6c495c0c9188',
  requestsPerTarget: 500,
};

const SECRETS: EcsServiceProps['secrets'] = [
  {
    name: 'DB_PASSWORD',
    valueFrom: `${SECRET_ARN}:password::`,
    grant: { kind: 'secretsmanager-secret', arn: SECRET_ARN },
  },
  {
    name: 'DB_USER',
    valueFrom: `${SECRET_ARN}:username::`,
    grant: { kind: 'secretsmanager-secret', arn: SECRET_ARN },
  },
  { name: 'API_KEY', valueFrom: SSM_ARN, grant: { kind: 'ssm-parameter', arn: SSM_ARN } },
];

function synth(overrides: Partial<EcsServiceProps> = {}): string {
  return synthConstruct((scope) => new EcsService(scope, 'svc', baseProps(overrides)));
}

/** The one block of `type` created with construct id `id` inside the `svc` construct. */
function block(json: string, kind: 'resource' | 'data', type: string, id: string): Record<string, unknown> {
  const entries = Object.entries(parse(json)[kind]?.[type] ?? {});
  const found = entries.filter(([key]) => new RegExp(`^svc_${id}_[A-F0-9]+$`).test(key));
  expect(found).toHaveLength(1);
  return found[0][1];
}

interface Statement {
  sid?: string;
  actions: string[];
  resources: string[];
}
const statements = (json: string, documentId: string): Statement[] =>
  block(json, 'data', 'aws_iam_policy_document', documentId).statement as Statement[];

const container = (json: string): ContainerDefinition => {
  const definitions: ContainerDefinition[] = JSON.parse(
    resources(json, 'aws_ecs_task_definition')[0].container_definitions as string,
  );
  expect(definitions).toHaveLength(1);
  return definitions[0];
};

describe('fargateSizeProblem', () => {
  test.each([
    [256, 512],
    [256, 1024],
    [256, 2048],
    [512, 1024],
    [512, 4096],
    [1024, 2048],
    [1024, 8192],
    [2048, 4096],
    [2048, 16384],
    [4096, 8192],
    [4096, 30720],
    [8192, 16384],
    [8192, 20480],
    [8192, 61440],
    [16384, 32768],
    [16384, 40960],
    [16384, 122880],
  ])('accepts cpu %p with memory %p', (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toBeUndefined();
  });

  test.each([
    [256, 256],
    [256, 1536],
    [256, 3072],
    [512, 512],
    [512, 1536],
    [512, 5120],
    [1024, 1024],
    [1024, 9216],
    [2048, 17408],
    [4096, 31744],
    [8192, 15360],
    [8192, 17408],
    [8192, 65536],
    [16384, 36864],
    [16384, 131072],
  ])('refuses cpu %p with memory %p', (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toMatch(
      new RegExp(`^memory ${memory} does not fit cpu ${cpu} on Fargate`),
    );
  });

  test('fails when cpu is not a Fargate size, listing the sizes', () => {
    expect(fargateSizeProblem(300, 1024)).toBe(
      'cpu 300 is not a Fargate size; accepted: 256, 512, 1024, 2048, 4096, 8192, 16384',
    );
    expect(fargateSizeProblem(32768, 65536)).toMatch(/^cpu 32768 is not a Fargate size/);
  });

  test('describes the accepted memory of the chosen cpu', () => {
    expect(fargateSizeProblem(256, 4096)).toBe(
      'memory 4096 does not fit cpu 256 on Fargate; accepted with cpu 256: 512, 1024, 2048',
    );
    expect(fargateSizeProblem(8192, 17408)).toBe(
      'memory 17408 does not fit cpu 8192 on Fargate; accepted with cpu 8192: 16384 to 61440 in steps of 4096',
    );
  });
});

describe('EcsService container definition', () => {
  test('runs the tagged image hardened: read-only root, unprivileged, no init without exec, awslogs', () => {
    // GIVEN a Fargate service with default hardening and exec off
    // WHEN it is synthesized
    const json = synth();
    const c = container(json);

    // THEN the container is read-only, unprivileged and logs to its own group
    expect(c.name).toBe('backend');
    expect(c.image).toBe('111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/backend:v1.2.3');
    expect(c.essential).toBe(true);
    expect(c.readonlyRootFilesystem).toBe(true);
    expect(c.privileged).toBe(false);
    expect(c.linuxParameters).toEqual({ initProcessEnabled: false });
    expect(c.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]);
    expect(c.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': expect.stringMatching(
          /^\$\{aws_cloudwatch_log_group\.svc_log-group_[A-F0-9]+\.name\}$/,
        ),
        'awslogs-region': 'ap-northeast-1',
        'awslogs-stream-prefix': 'backend',
      },
    });
    expect(c.healthCheck).toEqual({
      command: ['CMD-SHELL', 'curl -fsS -o /dev/null http://localhost:8080/health || exit 1'],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 90,
    });
    expect(c.environment).toBeUndefined();
    expect(c.secrets).toBeUndefined();
    expect(c.mountPoints).toBeUndefined();
  });

  test('an image tag variable survives as an interpolation inside the JSON', () => {
    // GIVEN the tag is a Terraform variable
    const json = synthConstruct((scope) => {
      const tag = new TerraformVariable(scope, 'image_tag', { type: 'string' });
      new EcsService(scope, 'svc', baseProps({ image: { ...baseProps().image, tag: tag.stringValue } }));
    });

    // THEN the image is the repository URL followed by the variable reference
    expect(container(json).image).toBe(
      '111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/backend:${var.image_tag}',
    );
  });

  test('environment is sorted by name and secrets carry valueFrom only', () => {
    // GIVEN unsorted environment variables and three secrets
    const json = synth({ environment: { ZED: 'z', ALPHA: 'a', MIDDLE: 'm' }, secrets: SECRETS });
    const c = container(json);

    // THEN environment is sorted and secrets are name/valueFrom pairs sorted by name
    expect(c.environment).toEqual([
      { name: 'ALPHA', value: 'a' },
      { name: 'MIDDLE', value: 'm' },
      { name: 'ZED', value: 'z' },
    ]);
    expect(c.secrets).toEqual([
      { name: 'API_KEY', valueFrom: SSM_ARN },
      { name: 'DB_PASSWORD', valueFrom: `${SECRET_ARN}:password::` },
      { name: 'DB_USER', valueFrom: `${SECRET_ARN}:username::` },
    ]);
  });

  test('initProcessEnabled follows enableExec', () => {
    // GIVEN exec enabled (which requires a writable root filesystem)
    const json = synth({ enableExec: true, readonlyRootFilesystem: false });

    // THEN the container runs an init process and its root is writable
    expect(container(json).linuxParameters).toEqual({ initProcessEnabled: true });
    expect(container(json).readonlyRootFilesystem).toBe(false);
  });

  test('each scratch path is a task volume mounted writable', () => {
    // GIVEN two scratch paths
    const json = synth({ scratchPaths: ['/tmp', '/app/cache'] });

    // THEN the task has one host-less volume per path, and the container mounts each
    expect(container(json).mountPoints).toEqual([
      { sourceVolume: 'scratch-1', containerPath: '/tmp', readOnly: false },
      { sourceVolume: 'scratch-2', containerPath: '/app/cache', readOnly: false },
    ]);
    expect(resources(json, 'aws_ecs_task_definition')[0].volume).toEqual([
      { name: 'scratch-1' },
      { name: 'scratch-2' },
    ]);
  });

  test('health check start period is capped at the 300 s ECS accepts', () => {
    const json = synth({
      deployment: { minimumHealthyPercent: 50, maximumPercent: 200, healthCheckGracePeriodSeconds: 600 },
    });
    expect(container(json).healthCheck.startPeriod).toBe(300);
  });
});

describe('EcsService task definition and capacity', () => {
  test('Fargate: FARGATE compatibility, awsvpc, task-level size, on-demand base 1 plus spot weights', () => {
    // GIVEN a Fargate service weighted 1:3 on-demand:spot
    const json = synth();

    // THEN the task definition targets Fargate and the service splits by weight with one on-demand task
    expect(json).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: 'webapp-dev-backend',
      cpu: '512',
      memory: '1024',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      execution_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.svc_execution-role_[A-F0-9]+\.arn\}$/),
      task_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.svc_task-role_[A-F0-9]+\.arn\}$/),
    });
    expect(resources(json, 'aws_ecs_service')[0].capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', weight: 1, base: 1 },
      { capacity_provider: 'FARGATE_SPOT', weight: 3, base: 0 },
    ]);
  });

  // Measured with the pinned provider (5.100) against the emulator: without force_new_deployment, a
  // plan that changes a weight says "must be replaced" (capacity_provider_strategy forces
  // replacement; the service's fixed name means every task stops first); with it, "updated
  // in-place", and the re-plan after that apply is empty.
  test.each([
    ['Fargate', { type: 'fargate', fargateWeight: 1, spotWeight: 3 } as const],
    ['EC2', { type: 'ec2', capacityProviderName: 'webapp-dev-spot' } as const],
  ])(
    '%s: sets force_new_deployment, without which the pinned provider replaces the service on a strategy change',
    (_kind, capacity) => {
      const service = resources(synth({ capacity, cpu: 512, memory: 1024 }), 'aws_ecs_service')[0];
      expect(service.capacity_provider_strategy).not.toHaveLength(0);
      expect(service.force_new_deployment).toBe(true);
    },
  );

  test('Fargate spot only: no on-demand base', () => {
    const json = synth({ capacity: { type: 'fargate', fargateWeight: 0, spotWeight: 1 } });
    expect(resources(json, 'aws_ecs_service')[0].capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', weight: 0, base: 0 },
      { capacity_provider: 'FARGATE_SPOT', weight: 1, base: 0 },
    ]);
  });

  test('EC2: EC2 compatibility and the cluster capacity provider', () => {
    // GIVEN an EC2 capacity provider and a size Fargate would refuse
    const json = synth({
      capacity: { type: 'ec2', capacityProviderName: 'webapp-dev-spot' },
      cpu: 300,
      memory: 700,
    });

    // THEN the task targets EC2 and the service uses only that provider
    expect(json).toHaveResourceWithProperties(EcsTaskDefinition, {
      requires_compatibilities: ['EC2'],
      network_mode: 'awsvpc',
      cpu: '300',
      memory: '700',
    });
    expect(resources(json, 'aws_ecs_service')[0].capacity_provider_strategy).toEqual([
      { capacity_provider: 'webapp-dev-spot', weight: 1 },
    ]);
  });

  test('log group is per service with the configured retention', () => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/ecs/webapp-dev/backend',
      retention_in_days: 30,
    });
  });
});

describe('EcsService roles', () => {
  test('execution role reads only its repository, its log group and its secrets', () => {
    // GIVEN secrets from Secrets Manager (twice the same secret) and SSM, and a customer KMS key
    const json = synth({ secrets: SECRETS, secretKmsKeyArns: [KMS_ARN] });

    // THEN each statement is scoped to exactly those resources, the secret ARN once
    const bySid = Object.fromEntries(statements(json, 'execution-policy-document').map((s) => [s.sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'DecryptSecrets',
      'EcrAuthToken',
      'PullOwnImage',
      'ReadSecretParameters',
      'ReadSecrets',
      'WriteOwnLogGroup',
    ]);
    expect(bySid.PullOwnImage.resources).toEqual([REPO_ARN]);
    expect(bySid.PullOwnImage.actions.sort()).toEqual([
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
    ]);
    expect(bySid.EcrAuthToken).toMatchObject({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
    expect(bySid.WriteOwnLogGroup.actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(bySid.WriteOwnLogGroup.resources).toEqual([
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.svc_log-group_[A-F0-9]+\.arn\}:\*$/),
    ]);
    expect(bySid.ReadSecretParameters).toMatchObject({
      actions: ['ssm:GetParameters'],
      resources: [SSM_ARN],
    });
    expect(bySid.ReadSecrets).toMatchObject({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [SECRET_ARN],
    });
    expect(bySid.DecryptSecrets).toMatchObject({ actions: ['kms:Decrypt'], resources: [KMS_ARN] });
  });

  test('execution role has no secret statements when there are no secrets', () => {
    // GIVEN no secrets and no KMS keys
    const sids = statements(synth(), 'execution-policy-document').map((s) => s.sid);

    // THEN only image pull and logging remain
    expect(sids.sort()).toEqual(['EcrAuthToken', 'PullOwnImage', 'WriteOwnLogGroup']);
  });

  test('both roles trust ECS tasks and are separate', () => {
    const json = synth();
    const roles = resources(json, 'aws_iam_role');
    expect(roles.map((r) => r.name).sort()).toEqual([
      'webapp-dev-backend-execution',
      'webapp-dev-backend-task',
    ]);
    for (const role of ['execution-role', 'task-role']) {
      expect(statements(json, `${role}-trust`)).toEqual([
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
        },
      ]);
    }
  });

  test('both roles carry the permissions boundary they are given, and none without one', () => {
    // GIVEN the account's workload boundary
    const boundary = 'arn:aws:iam::123456789012:policy/webapp-workload-boundary';
    // WHEN the service is synthesized with it, and without
    const bounded = resources(synth({ permissionsBoundaryArn: boundary }), 'aws_iam_role');
    const unbounded = resources(synth(), 'aws_iam_role');
    // THEN each role carries exactly that boundary, or none
    expect(bounded.map((r) => r.permissions_boundary)).toEqual([boundary, boundary]);
    expect(unbounded.map((r) => r.permissions_boundary)).toEqual([undefined, undefined]);
  });

  test('task role gets ECS Exec channels only when exec is enabled', () => {
    // GIVEN exec enabled
    const withExec = synth({ enableExec: true, readonlyRootFilesystem: false });

    // THEN the task policy holds the four ssmmessages actions on "*", and may write the session
    // logs to its own log group (the cluster logs Exec sessions through awslogs)
    expect(statements(withExec, 'task-policy-document')).toEqual([
      {
        sid: 'EcsExecSessionLogs',
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.svc_log-group_\w+\.arn\}:\*$/)],
      },
      { sid: 'EcsExecFindLogGroup', actions: ['logs:DescribeLogGroups'], resources: ['*'] },
      {
        sid: 'EcsExecChannels',
        actions: [
          'ssmmessages:CreateControlChannel',
          'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel',
        ],
        resources: ['*'],
      },
    ]);
    expect(resources(withExec, 'aws_ecs_service')[0].enable_execute_command).toBe(true);

    // AND without exec and without extra statements, the task role has no policy at all
    const withoutExec = synth();
    const documents = Object.keys(parse(withoutExec).data?.aws_iam_policy_document ?? {});
    expect(documents.filter((key) => key.includes('task-policy-document'))).toEqual([]);
    // (the execution policy and the two roles' trust documents)
    expect(documents).toHaveLength(3);
    expect(resources(withoutExec, 'aws_iam_role_policy').map((p) => p.name)).toEqual(['ecs-task-execution']);
    expect(resources(withoutExec, 'aws_ecs_service')[0].enable_execute_command).toBe(false);
  });

  test('task policy statements land on the task role without exec permissions', () => {
    const json = synth({
      taskPolicyStatements: [{ actions: ['s3:GetObject'], resources: ['bucket-arn/*'] }],
    });
    expect(statements(json, 'task-policy-document')).toEqual([
      { actions: ['s3:GetObject'], resources: ['bucket-arn/*'] },
    ]);
    const taskPolicy = block(json, 'resource', 'aws_iam_role_policy', 'task-policy');
    expect(taskPolicy.role).toMatch(/^\$\{aws_iam_role\.svc_task-role_[A-F0-9]+\.id\}$/);
  });
});

describe('EcsService service', () => {
  test('rolls back failed deployments, leaves the count to autoscaling, stays private', () => {
    // GIVEN a service without a load balancer
    const json = synth();

    // THEN the service is configured for safe deployments and no grace period or LB block is set
    expect(json).toHaveResourceWithProperties(AwsEcsService, {
      name: 'webapp-dev-backend',
      cluster: 'arn:aws:ecs:ap-northeast-1:111111111111:cluster/webapp-dev',
      desired_count: 2,
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      network_configuration: {
        subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
        security_groups: ['sg-backend'],
        assign_public_ip: false,
      },
      propagate_tags: 'SERVICE',
      enable_ecs_managed_tags: true,
      wait_for_steady_state: false,
      lifecycle: { ignore_changes: ['desired_count'] },
    });
    const service = resources(json, 'aws_ecs_service')[0];
    expect(service).not.toHaveProperty('health_check_grace_period_seconds');
    expect(service).not.toHaveProperty('load_balancer');
    expect(service).not.toHaveProperty('service_registries');
    expect(service).not.toHaveProperty('launch_type');
    expect(service.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\.svc_execution-policy_/),
    ]);
  });

  test('CPU target tracking on the service desired count', () => {
    const json = synth();
    expect(json).toHaveResourceWithProperties(AppautoscalingTarget, {
      service_namespace: 'ecs',
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id: expect.stringMatching(
        /^service\/webapp-dev\/\$\{aws_ecs_service\.svc_service_[A-F0-9]+\.name\}$/,
      ),
      min_capacity: 1,
      max_capacity: 4,
    });
    expect(block(json, 'resource', 'aws_appautoscaling_policy', 'scaling-cpu')).toMatchObject({
      name: 'webapp-dev-backend-cpu',
      policy_type: 'TargetTrackingScaling',
      resource_id: expect.stringMatching(
        /^\$\{aws_appautoscaling_target\.svc_scaling-target_[A-F0-9]+\.resource_id\}$/,
      ),
      target_tracking_scaling_policy_configuration: {
        target_value: 60,
        predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
      },
    });
    expect(resources(json, 'aws_appautoscaling_policy')).toHaveLength(1);
  });

  test('no target group, listener rule, request policy or Cloud Map without those options', () => {
    const json = synth();
    expect(json).not.toHaveResource(LbTargetGroup);
    expect(json).not.toHaveResource(LbListenerRule);
    expect(json).not.toHaveResource(ServiceDiscoveryService);
    expect(JSON.stringify(resources(json, 'aws_appautoscaling_policy'))).not.toContain(
      'ALBRequestCountPerTarget',
    );
  });

  test('exposes names and ARNs; no target group ARN without a load balancer', () => {
    let service: EcsService | undefined;
    synthConstruct((scope) => {
      service = new EcsService(scope, 'svc', baseProps());
    });
    expect(service!.targetGroupArn).toBeUndefined();
    for (const value of [
      service!.serviceName,
      service!.taskDefinitionArn,
      service!.logGroupName,
      service!.executionRoleArn,
      service!.taskRoleArn,
    ]) {
      expect(typeof value).toBe('string');
    }
  });
});

describe('EcsService behind the ALB', () => {
  test('own IP target group, listener rule forwarding to it, and the service attached', () => {
    // GIVEN a load balancer attachment with host and path conditions
    let service: EcsService | undefined;
    const json = synthConstruct((scope) => {
      service = new EcsService(scope, 'svc', baseProps({ loadBalancer: LOAD_BALANCER }));
    });

    // THEN the target group routes to task IPs and checks the health path, and can be replaced
    // without a name clash (a prefix, created before the old one is destroyed)
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      name_prefix: 'backe-',
      lifecycle: { create_before_destroy: true },
      target_type: 'ip',
      protocol: 'HTTP',
      port: 8080,
      vpc_id: 'vpc-1',
      deregistration_delay: '30',
      health_check: expect.objectContaining({ path: '/health', matcher: '200-399' }),
    });
    // AND the rule matches host and path, each in its own condition, and forwards to the group
    const rule = resources(json, 'aws_lb_listener_rule')[0];
    expect(rule).toMatchObject({
      listener_arn: 'listener-arn',
      priority: 100,
      condition: [{ host_header: { values: ['dev.example.com'] } }, { path_pattern: { values: ['/api/*'] } }],
      action: [
        {
          type: 'forward',
          target_group_arn: expect.stringMatching(
            /^\$\{aws_lb_target_group\.svc_target-group_[A-F0-9]+\.arn\}$/,
          ),
        },
      ],
    });
    // AND the service registers its container in the group, waits for the rule and gets a grace period
    const ecsService = resources(json, 'aws_ecs_service')[0];
    expect(ecsService.load_balancer).toEqual([
      {
        container_name: 'backend',
        container_port: 8080,
        target_group_arn: expect.stringMatching(
          /^\$\{aws_lb_target_group\.svc_target-group_[A-F0-9]+\.arn\}$/,
        ),
      },
    ]);
    expect(ecsService.health_check_grace_period_seconds).toBe(90);
    expect(ecsService.depends_on).toContainEqual(
      expect.stringMatching(/^aws_lb_listener_rule\.svc_listener-rule_/),
    );
    expect(service!.targetGroupArn).toBeDefined();
  });

  test('request-count scaling is labelled with the ALB and target group suffixes', () => {
    const json = synth({ loadBalancer: LOAD_BALANCER });
    const policy = block(json, 'resource', 'aws_appautoscaling_policy', 'scaling-requests');
    expect(policy).toMatchObject({
      name: 'webapp-dev-backend-requests',
      target_tracking_scaling_policy_configuration: {
        target_value: 500,
        predefined_metric_specification: {
          predefined_metric_type: 'ALBRequestCountPerTarget',
          resource_label: expect.stringMatching(
            /^app\/webapp-dev\/50dc6c495c0c9188\/\$\{aws_lb_target_group\.svc_target-group_[A-F0-9]+\.arn_suffix\}$/,
          ),
        },
      },
    });
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_lb_listener_rule\.svc_listener-rule_/)]);
  });

  test('only a path condition and no request policy when those are not given', () => {
    const json = synth({
      loadBalancer: {
        ...LOAD_BALANCER,
        hostHeaders: undefined,
        requestsPerTarget: undefined,
        deregistrationDelaySeconds: 5,
      },
    });
    expect(resources(json, 'aws_lb_listener_rule')[0].condition).toEqual([
      { path_pattern: { values: ['/api/*'] } },
    ]);
    expect(resources(json, 'aws_lb_target_group')[0].deregistration_delay).toBe('5');
    expect(resources(json, 'aws_appautoscaling_policy').map((p) => p.name)).toEqual([
      'webapp-dev-backend-cpu',
    ]);
  });
});

describe('EcsService with Cloud Map', () => {
  test('registers A records under the service name and links the registry', () => {
    // GIVEN a service discovery namespace
    const json = synth({ serviceDiscovery: { namespaceId: 'ns-123' } });

    // THEN a multivalue A record service with a custom health check exists and the service uses it
    expect(json).toHaveResourceWithProperties(ServiceDiscoveryService, {
      name: 'backend',
      dns_config: {
        namespace_id: 'ns-123',
        routing_policy: 'MULTIVALUE',
        dns_records: [{ type: 'A', ttl: 10 }],
      },
      health_check_custom_config: { failure_threshold: 1 },
    });
    expect(resources(json, 'aws_ecs_service')[0].service_registries).toEqual({
      registry_arn: expect.stringMatching(
        /^\$\{aws_service_discovery_service\.svc_discovery_[A-F0-9]+\.arn\}$/,
      ),
    });
  });
});

describe('EcsService validation', () => {
  const fails = (overrides: Partial<EcsServiceProps>) => () => synth(overrides);
  const lb = (patch: Partial<EcsServiceLoadBalancer>) => ({ loadBalancer: { ...LOAD_BALANCER, ...patch } });

  test('fails when the Fargate size is not accepted, with the exact message', () => {
    expect(fails({ cpu: 512, memory: 512 })).toThrow(
      'svc.cpu/memory: {"cpu":512,"memory":512} is refused by Fargate: memory 512 does not fit cpu 512 on Fargate; accepted with cpu 512: 1024 to 4096 in steps of 1024 (accepted: a pair from the Fargate task size table)',
    );
  });

  test('fails when min <= desired <= max does not hold, with the exact message', () => {
    expect(fails({ minCount: 3, desiredCount: 2, maxCount: 4 })).toThrow(
      'svc.minCount/desiredCount/maxCount: {"minCount":3,"desiredCount":2,"maxCount":4} are out of order (accepted: minCount <= desiredCount <= maxCount)',
    );
    expect(fails({ minCount: 1, desiredCount: 5, maxCount: 4 })).toThrow('are out of order');
  });

  test('fails when the target group name would exceed 32 characters', () => {
    // GIVEN webapp-staging-frontend-admin (29) + "x" ... = 33 characters
    expect(fails({ namePrefix: 'webapp-staging', serviceName: 'frontend-admin-ui-x', ...lb({}) })).toThrow(
      'svc.namePrefix + serviceName: "webapp-staging-frontend-admin-ui-x" is too long to name the target group (34 characters) (accepted: at most 32 characters)',
    );
    // AND the same names are fine without a load balancer
    expect(fails({ namePrefix: 'webapp-staging', serviceName: 'frontend-admin-ui-x' })).not.toThrow();
  });

  test('fails when exec is enabled on a read-only root filesystem (the default)', () => {
    expect(fails({ enableExec: true })).toThrow(
      'svc.readonlyRootFilesystem: true cannot go with enableExec: the ECS Exec agent must write to the root filesystem',
    );
  });

  test.each<[string, Partial<EcsServiceProps>, string]>([
    [
      'cpu is not a Fargate size',
      { cpu: 384, memory: 1024 },
      'svc.cpu/memory: {"cpu":384,"memory":1024} is refused by Fargate: cpu 384 is not a Fargate size',
    ],
    [
      'serviceName has capitals',
      { serviceName: 'Backend' },
      'svc.serviceName: "Backend" is not usable as a container and DNS name',
    ],
    [
      'namePrefix ends with a hyphen',
      { namePrefix: 'webapp-' },
      'svc.namePrefix: "webapp-" is not usable in resource names',
    ],
    [
      'the base name is too long for IAM role names',
      { namePrefix: 'a'.repeat(50), serviceName: 'backend' },
      'is too long for the IAM role names it makes (accepted: at most 54 characters)',
    ],
    [
      'subnetIds is empty',
      { subnetIds: [] },
      'svc.subnetIds: [] is empty (accepted: at least one subnet ID)',
    ],
    [
      'the image tag has a slash',
      { image: { ...baseProps().image, tag: 'feature/x' } },
      'svc.image.tag: "feature/x" is not an image tag',
    ],
    ['port is out of range', { port: 70000 }, 'svc.port: 70000 is not a whole number from 1 to 65535'],
    ['port is not an integer', { port: 80.5 }, 'svc.port: 80.5 is not a whole number from 1 to 65535'],
    [
      'fargateWeight is negative',
      { capacity: { type: 'fargate', fargateWeight: -1, spotWeight: 1 } },
      'svc.capacity.fargateWeight: -1 is not a whole number from 0 to 1000',
    ],
    [
      'spotWeight is above 1000',
      { capacity: { type: 'fargate', fargateWeight: 1, spotWeight: 1001 } },
      'svc.capacity.spotWeight: 1001 is not a whole number from 0 to 1000',
    ],
    [
      'both Fargate weights are 0',
      { capacity: { type: 'fargate', fargateWeight: 0, spotWeight: 0 } },
      'has no usable weight (ECS places no task) (accepted: fargateWeight or spotWeight above 0)',
    ],
    [
      'the EC2 capacity provider name is empty',
      { capacity: { type: 'ec2', capacityProviderName: '' } },
      'svc.capacity.capacityProviderName: "" is empty',
    ],
    [
      'maxCount is 0',
      { minCount: 0, desiredCount: 0, maxCount: 0 },
      'svc.maxCount: 0 is not a whole number from 1 to 10000',
    ],
    [
      'cpuTargetPercent is above 100',
      { cpuTargetPercent: 120 },
      'svc.cpuTargetPercent: 120 is not a whole number from 1 to 100 (percent)',
    ],
    [
      'minimumHealthyPercent is above 100',
      { deployment: { minimumHealthyPercent: 150, maximumPercent: 200, healthCheckGracePeriodSeconds: 0 } },
      'svc.deployment.minimumHealthyPercent: 150 is not a whole number from 0 to 100',
    ],
    [
      'maximumPercent is above 200',
      { deployment: { minimumHealthyPercent: 100, maximumPercent: 250, healthCheckGracePeriodSeconds: 0 } },
      'svc.deployment.maximumPercent: 250 is not a whole number from 100 to 200',
    ],
    [
      'maximumPercent does not exceed minimumHealthyPercent',
      { deployment: { minimumHealthyPercent: 100, maximumPercent: 100, healthCheckGracePeriodSeconds: 0 } },
      'svc.deployment.maximumPercent: 100 is not above minimumHealthyPercent (100), so a deployment can never start a new task',
    ],
    [
      'the grace period is negative',
      { deployment: { minimumHealthyPercent: 50, maximumPercent: 200, healthCheckGracePeriodSeconds: -1 } },
      'svc.deployment.healthCheckGracePeriodSeconds: -1 is not a whole number',
    ],
    [
      'an environment name has a hyphen',
      { environment: { 'DB-HOST': 'x' } },
      'svc.environment.DB-HOST: "DB-HOST" is not an environment variable name',
    ],
    [
      'a secret name is used twice',
      { secrets: [SECRETS[0], { ...SECRETS[2], name: 'DB_PASSWORD' }] },
      'svc.secrets[1].name: "DB_PASSWORD" is the name of another secret too (accepted: each variable name once)',
    ],
    [
      'a secret shadows an environment variable',
      { environment: { API_KEY: 'x' }, secrets: [SECRETS[2]] },
      'svc.secrets[0].name: "API_KEY" is also a plain environment variable, which ECS refuses',
    ],
    [
      'a secret grant kind is unknown',
      { secrets: [{ ...SECRETS[2], grant: { kind: 'kms' as 'ssm-parameter', arn: SSM_ARN } }] },
      'svc.secrets[0].grant.kind: "kms" is not a kind of secret (accepted: "ssm-parameter" or "secretsmanager-secret")',
    ],
    [
      'the health check path could inject shell',
      { healthCheckPath: '/health;rm -rf /' },
      'svc.healthCheckPath: "/health;rm -rf /" is not an HTTP path',
    ],
    [
      'the health check path is relative',
      { healthCheckPath: 'health' },
      'svc.healthCheckPath: "health" is not an HTTP path',
    ],
    [
      'a scratch path is relative',
      { scratchPaths: ['tmp'] },
      'svc.scratchPaths[0]: "tmp" is not an absolute directory path',
    ],
    [
      'a scratch path is the root',
      { scratchPaths: ['/'] },
      'svc.scratchPaths[0]: "/" is not an absolute directory path',
    ],
    [
      'a scratch path has a trailing slash',
      { scratchPaths: ['/tmp/'] },
      'svc.scratchPaths[0]: "/tmp/" is not an absolute directory path',
    ],
    [
      'a scratch path repeats',
      { scratchPaths: ['/tmp', '/tmp'] },
      'svc.scratchPaths[1]: "/tmp" is listed twice (accepted: each path once)',
    ],
    [
      'log retention is not a CloudWatch value',
      { logRetentionDays: 10 },
      'svc.logRetentionDays: 10 is not a retention period CloudWatch Logs accepts (accepted: 1, 3, 5, 7, 14, 30',
    ],
    [
      'a task statement has no actions',
      { taskPolicyStatements: [{ actions: [], resources: ['x'] }] },
      'svc.taskPolicyStatements[0].actions: [] is empty',
    ],
    [
      'a task statement action is malformed',
      { taskPolicyStatements: [{ actions: ['GetObject'], resources: ['x'] }] },
      'svc.taskPolicyStatements[0].actions: "GetObject" is not an IAM action',
    ],
    [
      'a task statement has no resources',
      { taskPolicyStatements: [{ actions: ['s3:GetObject'], resources: [] }] },
      'svc.taskPolicyStatements[0].resources: [] is empty',
    ],
    [
      'the listener rule has no condition',
      lb({ pathPatterns: [], hostHeaders: undefined }),
      'svc.loadBalancer: {"pathPatterns":[],"hostHeaders":[]} has no condition (accepted: at least one path pattern or host header)',
    ],
    [
      'the listener rule has more than 5 values',
      lb({ pathPatterns: ['/a', '/b', '/c', '/d'], hostHeaders: ['x.com', 'y.com'] }),
      'are 6 values, more than an ALB rule matches (accepted: at most 5 values in total)',
    ],
    [
      'the listener priority is 0',
      lb({ priority: 0 }),
      'svc.loadBalancer.priority: 0 is not a whole number from 1 to 50000',
    ],
    [
      'the deregistration delay is above 3600',
      lb({ deregistrationDelaySeconds: 4000 }),
      'svc.loadBalancer.deregistrationDelaySeconds: 4000 is not a whole number from 0 to 3600',
    ],
    [
      'requestsPerTarget is 0',
      lb({ requestsPerTarget: 0 }),
      'svc.loadBalancer.requestsPerTarget: 0 is not a whole number',
    ],
  ])('fails when %s', (_, overrides, message) => {
    expect(fails(overrides)).toThrow(message);
  });

  test('fails when the port is a token, because it is written into the container JSON', () => {
    expect(() =>
      synthConstruct((scope) => {
        const port = new TerraformVariable(scope, 'port', { type: 'number' });
        new EcsService(scope, 'svc', baseProps({ port: port.numberValue }));
      }),
    ).toThrow(
      'svc.port: "<token>" is a token (accepted: a literal port: it is written into the container definition)',
    );
  });

  test('token counts are not validated at synth time', () => {
    // GIVEN counts from variables whose encodings would break min <= desired <= max
    const json = synthConstruct((scope) => {
      const count = (name: string) => new TerraformVariable(scope, name, { type: 'number' }).numberValue;
      new EcsService(
        scope,
        'svc',
        baseProps({ minCount: count('min'), desiredCount: count('desired'), maxCount: count('max') }),
      );
    });

    // THEN synthesis succeeds and the target references the variables
    expect(json).toHaveResourceWithProperties(AppautoscalingTarget, {
      min_capacity: '${var.min}',
      max_capacity: '${var.max}',
    });
  });
});
