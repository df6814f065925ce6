import { Aspects, TerraformStack, Testing, Token } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import {
  AlarmTopic,
  DatabaseAlarms,
  LoadBalancerAlarms,
  ServiceAlarms,
  type AlarmTopicProps,
  type DatabaseAlarmsProps,
  type LoadBalancerAlarmsProps,
  type ServiceAlarmsProps,
} from '../../modules/alarms';
import { SecurityPolicies } from '../../modules/policies';
import { dataSources, parse, resources, synthConstruct } from '../helpers';

type Body = Record<string, any>;

const CLUSTER_ARN = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/webapp-dev';
const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:webapp-dev-alarms';
const ALB = 'app/webapp-dev/0123456789abcdef';
const TARGET_GROUP = 'targetgroup/webapp-dev-frontend/fedcba9876543210';

const TOPIC: AlarmTopicProps = {
  namePrefix: 'webapp-dev',
  accountId: '123456789012',
  emails: ['ops@example.com', 'Oncall.Team@example.co.jp'],
  clusterArn: CLUSTER_ARN,
};
const LB: LoadBalancerAlarmsProps = {
  namePrefix: 'webapp-dev',
  albArnSuffix: ALB,
  topicArn: TOPIC_ARN,
  thresholds: { elb5xxPerMinute: 5, target5xxPerMinute: 10 },
};
const SERVICE: ServiceAlarmsProps = {
  namePrefix: 'webapp-dev',
  serviceName: 'frontend',
  clusterName: 'webapp-dev',
  ecsServiceName: 'webapp-dev-frontend',
  topicArn: TOPIC_ARN,
  thresholds: { cpuPercent: 80, memoryPercent: 85, targetResponseTimeSeconds: 1.5 },
};
const DB: DatabaseAlarmsProps = {
  namePrefix: 'webapp-dev',
  clusterIdentifier: 'webapp-dev-aurora',
  topicArn: TOPIC_ARN,
  thresholds: { cpuPercent: 75, connections: 400, freeableMemoryBytes: 268435456 },
};

const synthTopic = (props: Partial<AlarmTopicProps> = {}) =>
  synthConstruct((scope) => new AlarmTopic(scope, 'alarm-topic', { ...TOPIC, ...props }));

/** Resource bodies of one type keyed by their Terraform name. */
const byName = (json: string, type: string): Record<string, Body> => parse(json).resource?.[type] ?? {};
const alarms = (json: string) => resources(json, 'aws_cloudwatch_metric_alarm') as Body[];
const alarm = (json: string, name: string) => alarms(json).find((a) => a.alarm_name === name)!;
const rule = (json: string, name: string) =>
  (resources(json, 'aws_cloudwatch_event_rule') as Body[]).find((r) => r.name === name)!;

describe('AlarmTopic', () => {
  test('the topic is encrypted with its own rotating KMS key', () => {
    // GIVEN an alarm topic WHEN synthesized
    const json = synthTopic();
    // THEN the topic names the construct's key, not the AWS managed aws/sns key
    expect(json).toHaveResourceWithProperties(SnsTopic, {
      name: 'webapp-dev-alarms',
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.alarm-topic_kms-key_\w+\.arn\}$/),
    });
    expect(json).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(resources(json, 'aws_kms_alias')).toEqual([
      expect.objectContaining({ name: 'alias/webapp-dev-alarms' }),
    ]);
  });

  test('the key policy lets CloudWatch and EventBridge encrypt, and the account administer the key', () => {
    const [key] = resources(synthTopic(), 'aws_kms_key') as Body[];
    const policy = JSON.parse(key.policy);
    const [root, publishers] = policy.Statement;
    // THEN the root is the account's, built from the partition data source rather than arn:aws:
    expect(root).toEqual({
      Sid: 'AccountAdministersKeyThroughIam',
      Effect: 'Allow',
      Principal: {
        AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\.\S+\.partition\}:iam::123456789012:root$/),
      },
      Action: 'kms:*',
      Resource: '*',
    });
    expect(publishers).toEqual({
      Sid: 'PublishersEncryptMessages',
      Effect: 'Allow',
      Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
    });
    expect(policy.Statement).toHaveLength(2);
  });

  test("the topic policy lets only this account's alarms and rules publish", () => {
    const json = synthTopic();
    const [document] = dataSources(json, 'aws_iam_policy_document') as Body[];
    const publish = document.statement.find((s: Body) => s.sid === 'AlarmsAndRulesOfThisAccountPublish');
    expect(publish).toEqual({
      sid: 'AlarmsAndRulesOfThisAccountPublish',
      actions: ['sns:Publish'],
      resources: [expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/)],
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] }],
      condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
    });
    const owner = document.statement.find((s: Body) => s.sid === 'AccountManagesTopic');
    expect(owner.principals[0].identifiers[0]).toMatch(/:iam::123456789012:root$/);
    expect(owner.actions).toContain('sns:Subscribe');
    // No statement anywhere allows a wildcard action.
    expect(document.statement.flatMap((s: Body) => s.actions).filter((a: string) => a.includes('*'))).toEqual(
      [],
    );
    expect(resources(json, 'aws_sns_topic_policy')).toEqual([
      {
        arn: expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/),
        policy: expect.stringMatching(
          /^\$\{data\.aws_iam_policy_document\.alarm-topic_topic-policy-document_\w+\.json\}$/,
        ),
      },
    ]);
  });

  test('one e-mail subscription per address, named after the address', () => {
    const subscriptions = byName(synthTopic(), 'aws_sns_topic_subscription');
    const endpointByKey = Object.fromEntries(
      Object.entries(subscriptions).map(([key, s]) => [key.replace(/_[0-9A-F]{8}$/, ''), s.endpoint]),
    );
    expect(endpointByKey).toEqual({
      'alarm-topic_email-ops-example-com': 'ops@example.com',
      'alarm-topic_email-oncall-team-example-co-jp': 'Oncall.Team@example.co.jp',
    });
    expect(
      Object.values(subscriptions).every(
        (s) => s.protocol === 'email' && /alarm-topic_\w+\.arn/.test(s.topic_arn),
      ),
    ).toBe(true);
  });

  test('removing an address leaves the other subscriptions where they are in the state', () => {
    // GIVEN two addresses WHEN the first is removed
    const oncall = (emails: string[]) =>
      Object.entries(byName(synthTopic({ emails }), 'aws_sns_topic_subscription')).find(
        ([, s]) => s.endpoint === 'Oncall.Team@example.co.jp',
      )![0];
    // THEN the remaining subscription keeps its address (an index-based ID would have moved it)
    expect(oncall(['Oncall.Team@example.co.jp'])).toBe(
      oncall(['ops@example.com', 'Oncall.Team@example.co.jp']),
    );
  });

  test("failed deployments of the cluster's services reach the topic", () => {
    const json = synthTopic();
    const deployment = rule(json, 'webapp-dev-ecs-deployment-failed');
    expect(JSON.parse(deployment.event_pattern)).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Deployment State Change'],
      resources: [{ prefix: 'arn:aws:ecs:ap-northeast-1:123456789012:service/webapp-dev/' }],
      detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
    });
  });

  test('stopped service tasks of the cluster reach the topic, except scale-in and deployments', () => {
    const pattern = JSON.parse(rule(synthTopic(), 'webapp-dev-ecs-task-stopped').event_pattern);
    expect(pattern).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        clusterArn: [CLUSTER_ARN],
        lastStatus: ['STOPPED'],
        group: [{ prefix: 'service:' }],
        $or: [
          { stopCode: [{ 'anything-but': 'ServiceSchedulerInitiated' }] },
          // Health-check kills are scheduler-initiated too, and are incidents.
          { stoppedReason: [{ prefix: 'Task failed' }] },
        ],
      },
    });
  });

  test('both rules target the topic with a one-line message', () => {
    const json = synthTopic();
    const targets = resources(json, 'aws_cloudwatch_event_target') as Body[];
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.arn).toMatch(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/);
      expect(target.input_transformer.input_template).not.toMatch(/[\n{}"]/);
    }
    expect(json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      rule: expect.stringMatching(/deployment-failed-rule_\w+\.name\}$/),
      input_transformer: {
        input_paths: {
          service: '$.resources[0]',
          deployment: '$.detail.deploymentId',
          reason: '$.detail.reason',
        },
        input_template: 'ECS deployment failed and was rolled back: <service> (<deployment>): <reason>',
      },
    });
    expect(json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      rule: expect.stringMatching(/task-stopped-rule_\w+\.name\}$/),
      input_transformer: expect.objectContaining({
        input_paths: expect.objectContaining({ group: '$.detail.group', reason: '$.detail.stoppedReason' }),
      }),
    });
  });

  test('a cluster ARN known only at apply time is rewritten to the service prefix by Terraform', () => {
    // GIVEN the cluster's ARN as a reference WHEN synthesized
    const json = synthConstruct((scope) => {
      const cluster = new EcsCluster(scope, 'cluster', { name: 'webapp-dev' });
      new AlarmTopic(scope, 'alarm-topic', { ...TOPIC, clusterArn: cluster.arn });
    });
    // THEN the deployment rule derives the prefix with replace() and the task rule uses the ARN
    expect(rule(json, 'webapp-dev-ecs-deployment-failed').event_pattern).toContain(
      '"prefix":"${replace(aws_ecs_cluster.cluster.arn, ":cluster/", ":service/")}/"',
    );
    expect(rule(json, 'webapp-dev-ecs-task-stopped').event_pattern).toContain(
      '"clusterArn":["${aws_ecs_cluster.cluster.arn}"]',
    );
  });

  test('exposes the topic and key ARNs', () => {
    const json = synthConstruct((scope) => {
      const topic = new AlarmTopic(scope, 'alarm-topic', TOPIC);
      new LoadBalancerAlarms(scope, 'alb', { ...LB, topicArn: topic.topicArn });
    });
    expect(alarms(json)[0].alarm_actions).toEqual([
      expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/),
    ]);
  });

  test.each([
    [
      { emails: [] },
      'alarm-topic.emails: [] sends alarms to nobody (a topic nobody reads hides alarms) (accepted: one or more e-mail addresses)',
    ],
    [
      { emails: ['ops@example.com', 'ops.example.com'] },
      'alarm-topic.emails[1]: "ops.example.com" is not an e-mail address',
    ],
    [{ emails: ['ops@localhost'] }, 'alarm-topic.emails[0]: "ops@localhost" is not an e-mail address'],
    [{ emails: ['a b@example.com'] }, 'alarm-topic.emails[0]: "a b@example.com" is not an e-mail address'],
    [
      { emails: ['ops@example.com', 'OPS@example.com'] },
      'alarm-topic.emails[1]: "OPS@example.com" is the same subscription as "ops@example.com" (accepted: each address once)',
    ],
    [
      { accountId: '12345' },
      'alarm-topic.accountId: "12345" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
    ],
    [
      { clusterArn: 'webapp-dev' },
      'alarm-topic.clusterArn: "webapp-dev" is not an ECS cluster ARN (accepted: arn:<partition>:ecs:<region>:<account>:cluster/<name>)',
    ],
    [
      { namePrefix: '-dev' },
      'alarm-topic.namePrefix: "-dev" is not usable in an alarm name (accepted: letters, digits',
    ],
  ])('fails when given %j', (props, message) => {
    expect(() => synthTopic(props)).toThrow(message);
  });

  test('fails when an address is a token (it names the subscription)', () => {
    expect(() => synthTopic({ emails: [Token.asString({ Ref: 'x' })] })).toThrow(
      'alarm-topic.emails[0]: "<token>" is a token (accepted: a literal address',
    );
  });
});

describe('LoadBalancerAlarms', () => {
  const synth = (props: Partial<LoadBalancerAlarmsProps> = {}) =>
    synthConstruct((scope) => new LoadBalancerAlarms(scope, 'alb-alarms', { ...LB, ...props }));

  test.each([
    ['webapp-dev-alb-elb-5xx', 'HTTPCode_ELB_5XX_Count', 5],
    ['webapp-dev-alb-target-5xx', 'HTTPCode_Target_5XX_Count', 10],
  ])('%s sums %s per minute on the ALB and pages 3 bad minutes of 5', (name, metricName, threshold) => {
    expect(alarm(synth(), name)).toEqual({
      alarm_name: name,
      alarm_description: expect.stringMatching(/^.{40,}$/),
      namespace: 'AWS/ApplicationELB',
      metric_name: metricName,
      dimensions: { LoadBalancer: ALB },
      statistic: 'Sum',
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 3,
      comparison_operator: 'GreaterThanThreshold',
      threshold,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
    });
  });

  test.each([
    [
      { albArnSuffix: `arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/${ALB}` },
      'alb-alarms.albArnSuffix: "arn:',
    ],
    [
      { thresholds: { elb5xxPerMinute: 0, target5xxPerMinute: 10 } },
      'alb-alarms.thresholds.elb5xxPerMinute: 0 is not a positive threshold (accepted: a number greater than 0)',
    ],
    [
      { thresholds: { elb5xxPerMinute: 5, target5xxPerMinute: -1 } },
      'alb-alarms.thresholds.target5xxPerMinute: -1 is not a positive threshold',
    ],
  ])('fails when given %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('skips thresholds that are tokens', () => {
    expect(() =>
      synth({ thresholds: { elb5xxPerMinute: Token.asNumber({ Ref: 'x' }), target5xxPerMinute: 1 } }),
    ).not.toThrow();
  });
});

describe('ServiceAlarms', () => {
  const synth = (props: Partial<ServiceAlarmsProps> = {}) =>
    synthConstruct((scope) => new ServiceAlarms(scope, 'frontend-alarms', { ...SERVICE, ...props }));
  const withTargetGroup = () => synth({ targetGroup: { arnSuffix: TARGET_GROUP, albArnSuffix: ALB } });
  const serviceDimensions = { ClusterName: 'webapp-dev', ServiceName: 'webapp-dev-frontend' };

  test.each([
    ['webapp-dev-frontend-cpu-high', 'CPUUtilization', 80],
    ['webapp-dev-frontend-memory-high', 'MemoryUtilization', 85],
  ])('%s: average %s of the service above the threshold for 15 minutes', (name, metricName, threshold) => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: name,
      namespace: 'AWS/ECS',
      metric_name: metricName,
      dimensions: serviceDimensions,
      statistic: 'Average',
      period: 300,
      evaluation_periods: 3,
      comparison_operator: 'GreaterThanThreshold',
      threshold,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
    });
  });

  test('fewer running than desired tasks for 10 minutes, and silence, alarm', () => {
    const tasks = alarm(synth(), 'webapp-dev-frontend-tasks-below-desired');
    const metric = (metricName: string) => ({
      namespace: 'ECS/ContainerInsights',
      metric_name: metricName,
      dimensions: serviceDimensions,
      stat: 'Average',
      period: 60,
    });
    expect(tasks.metric_query).toEqual([
      { id: 'desired', return_data: false, metric: metric('DesiredTaskCount') },
      { id: 'running', return_data: false, metric: metric('RunningTaskCount') },
      { id: 'missing', expression: 'desired - running', label: 'Tasks below desired', return_data: true },
    ]);
    expect(tasks).toMatchObject({
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      evaluation_periods: 10,
      datapoints_to_alarm: 10,
      treat_missing_data: 'breaching',
      ok_actions: [TOPIC_ARN],
    });
    expect(tasks.period).toBeUndefined();
    expect(tasks.metric_name).toBeUndefined();
  });

  test('without a target group there are no ALB alarms', () => {
    const json = synth();
    expect(
      alarms(json)
        .map((a) => a.alarm_name)
        .sort(),
    ).toEqual([
      'webapp-dev-frontend-cpu-high',
      'webapp-dev-frontend-memory-high',
      'webapp-dev-frontend-tasks-below-desired',
    ]);
    expect(alarms(json).some((a) => a.namespace === 'AWS/ApplicationELB')).toBe(false);
  });

  test('with a target group, any unhealthy target alarms', () => {
    expect(alarm(withTargetGroup(), 'webapp-dev-frontend-unhealthy-targets')).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'UnHealthyHostCount',
      dimensions: { TargetGroup: TARGET_GROUP, LoadBalancer: ALB },
      statistic: 'Maximum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC_ARN],
    });
  });

  test('with a target group, a p95 response time above the threshold alarms', () => {
    const latency = alarm(withTargetGroup(), 'webapp-dev-frontend-response-time-high');
    expect(latency).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'TargetResponseTime',
      dimensions: { TargetGroup: TARGET_GROUP, LoadBalancer: ALB },
      extended_statistic: 'p95',
      evaluate_low_sample_count_percentiles: 'ignore',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 1.5,
      treat_missing_data: 'notBreaching',
      ok_actions: [TOPIC_ARN],
    });
    expect(latency.statistic).toBeUndefined();
    expect(alarms(withTargetGroup())).toHaveLength(5);
  });

  test.each([
    [
      { thresholds: { ...SERVICE.thresholds, cpuPercent: 0 } },
      'frontend-alarms.thresholds.cpuPercent: 0 is not a usable percentage threshold (accepted: a number from 1 to 100)',
    ],
    [
      { thresholds: { ...SERVICE.thresholds, memoryPercent: 101 } },
      'frontend-alarms.thresholds.memoryPercent: 101 is not a usable percentage threshold',
    ],
    [
      { thresholds: { ...SERVICE.thresholds, cpuPercent: Number.NaN } },
      'frontend-alarms.thresholds.cpuPercent: null is not a usable percentage threshold',
    ],
    [
      { thresholds: { ...SERVICE.thresholds, targetResponseTimeSeconds: 0 } },
      'frontend-alarms.thresholds.targetResponseTimeSeconds: 0 is not a positive threshold',
    ],
    [
      { serviceName: 'front end' },
      'frontend-alarms.serviceName: "front end" is not usable in an alarm name (accepted: letters, digits',
    ],
    [
      { targetGroup: { arnSuffix: 'webapp-dev-frontend', albArnSuffix: ALB } },
      'frontend-alarms.targetGroup.arnSuffix: "webapp-dev-frontend" is not an ELB ARN suffix (accepted: the ARN suffix, targetgroup/<name>/<id>',
    ],
    [
      { targetGroup: { arnSuffix: TARGET_GROUP, albArnSuffix: TARGET_GROUP } },
      'frontend-alarms.targetGroup.albArnSuffix: "targetgroup/',
    ],
  ])('fails when given %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('DatabaseAlarms', () => {
  const synth = (props: Partial<DatabaseAlarmsProps> = {}) =>
    synthConstruct((scope) => new DatabaseAlarms(scope, 'db-alarms', { ...DB, ...props }));

  test.each([
    ['webapp-dev-db-cpu-high', 'CPUUtilization', 'Maximum', 'GreaterThanThreshold', 75, 'breaching'],
    [
      'webapp-dev-db-connections-high',
      'DatabaseConnections',
      'Maximum',
      'GreaterThanThreshold',
      400,
      'notBreaching',
    ],
    [
      'webapp-dev-db-freeable-memory-low',
      'FreeableMemory',
      'Minimum',
      'LessThanThreshold',
      268435456,
      'notBreaching',
    ],
  ])('%s: %s (%s) %s %d, missing data %s', (name, metricName, statistic, comparison, threshold, missing) => {
    expect(alarm(synth(), name)).toEqual({
      alarm_name: name,
      alarm_description: expect.stringContaining('webapp-dev-aurora'),
      namespace: 'AWS/RDS',
      metric_name: metricName,
      dimensions: { DBClusterIdentifier: 'webapp-dev-aurora' },
      statistic,
      period: 300,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      comparison_operator: comparison,
      threshold,
      treat_missing_data: missing,
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
    });
  });

  test.each([
    [
      { thresholds: { ...DB.thresholds, cpuPercent: 150 } },
      'db-alarms.thresholds.cpuPercent: 150 is not a usable percentage threshold (accepted: a number from 1 to 100)',
    ],
    [
      { thresholds: { ...DB.thresholds, connections: 0 } },
      'db-alarms.thresholds.connections: 0 is not a positive threshold',
    ],
    [
      { thresholds: { ...DB.thresholds, freeableMemoryBytes: -1 } },
      'db-alarms.thresholds.freeableMemoryBytes: -1 is not a positive threshold',
    ],
    [
      { clusterIdentifier: 'arn:aws:rds:ap-northeast-1:123456789012:cluster:webapp-dev-aurora' },
      'db-alarms.clusterIdentifier: "arn:aws:rds:ap-northeast-1:123456789012:cluster:webapp-dev-aurora" is not an RDS cluster identifier',
    ],
  ])('fails when given %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('all alarm constructs together', () => {
  test('pass the security policies of an environment stack', () => {
    // GIVEN a stack with the SecurityPolicies aspect, as every platform stack gets
    const stack = new TerraformStack(Testing.app(), 'dev');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    Aspects.of(stack).add(new SecurityPolicies({ production: true }));
    const topic = new AlarmTopic(stack, 'alarm-topic', TOPIC);
    new LoadBalancerAlarms(stack, 'alb-alarms', { ...LB, topicArn: topic.topicArn });
    new ServiceAlarms(stack, 'frontend-alarms', {
      ...SERVICE,
      topicArn: topic.topicArn,
      targetGroup: { arnSuffix: TARGET_GROUP, albArnSuffix: ALB },
    });
    new DatabaseAlarms(stack, 'db-alarms', { ...DB, topicArn: topic.topicArn });
    // WHEN synthesized THEN no rule is violated and alarm names do not collide
    const json = Testing.synth(stack);
    const names = alarms(json).map((a) => a.alarm_name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(10);
  });
});
