import { Aspects, Fn, TerraformStack, TerraformVariable, Testing, type App } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  ALL_QUOTAS,
  LimitExceededError,
  QUOTAS,
  ServiceLimits,
  UNKNOWN_REFERENCE_LENGTH,
  measureStack,
  type ServiceLimitsProps,
} from '../../modules/limits';
import { synthFailure } from '../helpers';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** A stack with a provider and the limits aspect, as every platform stack has. */
function limitStack(
  props: ServiceLimitsProps = {},
  app: App = Testing.app(),
  id = 'limits-test',
): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  Aspects.of(stack).add(new ServiceLimits(props));
  return stack;
}

/** The message synthesis fails with (a LimitExceededError), or undefined when it succeeds. */
const synthError = (stack: TerraformStack) => synthFailure(stack, LimitExceededError);

/**
 * A minified policy document exactly `size` characters long (ASCII, so as many bytes), padded in
 * its Sid; written with indentation, as a reader would, which AWS does not count.
 */
function policyOfSize(size: number): string {
  const document = (pad: string) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: pad, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
  });
  const overhead = JSON.stringify(document('')).length;
  return JSON.stringify(document('S'.repeat(size - overhead)), null, 2);
}

/** The measured size of every limited thing in the stack, `<quota id> <address> [subject]` -> size. */
function sizes(stack: TerraformStack): Record<string, number | string> {
  Testing.synth(stack);
  return Object.fromEntries(
    measureStack(stack).map((f) => [
      `${f.quota.id} ${f.element.address}${f.subject ? ` ${f.subject}` : ''}`,
      'size' in f.measurement ? f.measurement.size : f.measurement.unmeasurable,
    ]),
  );
}

const bucketPolicy = (scope: Construct, policy: string) => {
  const bucket = new S3Bucket(scope, 'bucket', { bucket: 'example-bucket' });
  return new S3BucketPolicy(scope, 'policy', { bucket: bucket.id, policy });
};

describe('service limits: policy documents', () => {
  test('a bucket policy of exactly 20 KB passes, white space not counted', () => {
    // GIVEN a bucket policy of 20,480 bytes once minified, written indented
    const stack = limitStack();
    bucketPolicy(stack, policyOfSize(20 * 1024));
    // WHEN synthesized THEN it passes
    expect(synthError(stack)).toBeUndefined();
  });

  test('fails when a bucket policy is one byte over 20 KB, naming stack, resource, size, limit and source', () => {
    const stack = limitStack();
    bucketPolicy(stack, policyOfSize(20 * 1024 + 1));
    const message = synthError(stack)!;
    expect(message).toContain('AWS limits exceeded in stack "limits-test" (1):');
    expect(message).toMatch(
      /limits-test\/policy \(aws_s3_bucket_policy\.policy\): S3-POLICY bucket policy size, policy is 20,481 bytes, over the limit of 20,480 bytes/,
    );
    expect(message).toContain(
      '[Amazon S3 User Guide, "Bucket policies and user policies": https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html]',
    );
  });

  test('an aws_iam_policy_document is measured as Terraform will render it, a reference as its longest value', () => {
    // GIVEN a policy document naming a bucket by reference, and the same document written out by hand
    // with the bucket's ARN in the longest partition (aws-us-gov)
    const stack = limitStack();
    const bucket = new S3Bucket(stack, 'bucket', { bucket: 'example-bucket' });
    const statement = (resource: string) => ({
      sid: 'ReadObjects',
      actions: ['s3:GetObject'],
      resources: [`${resource}/*`],
      principals: [{ type: 'AWS', identifiers: ['111111111111'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['true'] }],
    });
    const document = new DataAwsIamPolicyDocument(stack, 'document', { statement: [statement(bucket.arn)] });
    new S3BucketPolicy(stack, 'policy', { bucket: bucket.id, policy: document.json });
    const longestArn = ['arn', 'aws-us-gov', 's3', '', '', 'example-bucket'].join(':');
    const byHand = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadObjects',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${longestArn}/*`,
          Principal: { AWS: '111111111111' },
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    });
    // WHEN measured THEN both are the same size
    expect(sizes(stack)['S3-POLICY aws_s3_bucket_policy.policy policy']).toBe(byHand.length);
  });

  test('a reference into another stack is measured by what it names there, whether or not the app was prepared', () => {
    // GIVEN a bucket in one stack AND a managed policy in another naming it
    const build = () => {
      const app = Testing.app();
      const producer = limitStack({}, app, 'producer');
      const bucket = new S3Bucket(producer, 'bucket', { bucket: 'example-bucket' });
      const consumer = limitStack({}, app, 'consumer');
      const document = new DataAwsIamPolicyDocument(consumer, 'document', {
        statement: [{ actions: ['s3:GetObject'], resources: [`${bucket.arn}/*`] }],
      });
      new IamPolicy(consumer, 'managed', { name: 'read', policy: document.json });
      return { app, consumer };
    };
    const expected = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${['arn', 'aws-us-gov', 's3', '', '', 'example-bucket'].join(':')}/*`,
        },
      ],
    }).length;
    // WHEN the consumer alone is synthesized (its reference still reads `${aws_s3_bucket.bucket.arn}`)
    const alone = build();
    expect(sizes(alone.consumer)['IAM-MANAGED-SIZE aws_iam_policy.managed policy']).toBe(expected);
    // AND WHEN the whole app is (the reference goes through terraform_remote_state) THEN the same
    const whole = build();
    whole.app.synth();
    expect(sizes(whole.consumer)['IAM-MANAGED-SIZE aws_iam_policy.managed policy']).toBe(expected);
  });

  test("a GitHub role's trust and an ECS deploy policy are measured by what they name, not as unknowns", () => {
    // GIVEN a trust naming the account's OIDC provider AND an inline policy naming a cluster's
    // services and a Cloud Map namespace, all by reference
    const stack = limitStack();
    const provider = new IamOpenidConnectProvider(stack, 'github', {
      url: 'https://token.actions.githubusercontent.com',
      clientIdList: ['sts.amazonaws.com'],
    });
    const cluster = new EcsCluster(stack, 'cluster', { name: 'webapp-dev' });
    const namespace = new ServiceDiscoveryPrivateDnsNamespace(stack, 'namespace', {
      name: 'dev.internal',
      vpc: 'vpc-1',
    });
    const trust = new DataAwsIamPolicyDocument(stack, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [provider.arn] }],
        },
      ],
    });
    const role = new IamRole(stack, 'role', { name: 'deploy', assumeRolePolicy: trust.json });
    const permissions = new DataAwsIamPolicyDocument(stack, 'permissions', {
      statement: [
        {
          actions: ['ecs:UpdateService'],
          resources: [`arn:aws:ecs:ap-northeast-1:111111111111:service/${cluster.name}/web`],
        },
        {
          actions: ['servicediscovery:CreateService'],
          resources: [`arn:aws:servicediscovery:ap-northeast-1:111111111111:namespace/${namespace.id}`],
        },
      ],
    });
    new IamRolePolicy(stack, 'inline', { role: role.id, policy: permissions.json });
    const longestProvider =
      'arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const trustByHand = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: longestProvider },
        },
      ],
    });
    const inlineByHand = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ecs:UpdateService',
          Resource: 'arn:aws:ecs:ap-northeast-1:111111111111:service/webapp-dev/web',
        },
        {
          Effect: 'Allow',
          Action: 'servicediscovery:CreateService',
          // Cloud Map IDs are at most 64 characters.
          Resource: `arn:aws:servicediscovery:ap-northeast-1:111111111111:namespace/${'n'.repeat(64)}`,
        },
      ],
    });
    // WHEN measured THEN each is the size of the policy written out with those values
    const measured = sizes(stack);
    expect(measured['IAM-TRUST-SIZE aws_iam_role.role assume_role_policy']).toBe(trustByHand.length);
    expect(measured['IAM-INLINE-SIZE aws_iam_role.role inline policies']).toBe(inlineByHand.length);
  });

  test('replace() of a reference is measured from the reference, never below the real value', () => {
    // GIVEN a policy naming a listener's rules as the delivery roles do: the listener ARN with
    // ":listener/" replaced by ":listener-rule/"
    const stack = limitStack();
    const lb = new Lb(stack, 'lb', { name: 'webapp-dev' });
    const listener = new LbListener(stack, 'https', {
      loadBalancerArn: lb.arn,
      defaultAction: [
        { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } },
      ],
    });
    const document = new DataAwsIamPolicyDocument(stack, 'document', {
      statement: [
        {
          actions: ['elasticloadbalancing:CreateRule'],
          resources: [`${Fn.replace(listener.arn, ':listener/', ':listener-rule/')}/*`],
        },
      ],
    });
    new IamPolicy(stack, 'managed', { name: 'rules', policy: document.json });
    Testing.synth(stack);
    const [finding] = measureStack(stack).filter((f) => f.quota.id === 'IAM-MANAGED-SIZE');
    // The longest listener ARN, with its one ":listener/" replaced.
    const longestListener = [
      'arn:aws-us-gov:elasticloadbalancing:us-isof-south-1:123456789012:listener',
      'app/webapp-dev/0123456789abcdef/0123456789abcdef',
    ].join('/');
    const byHand = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'elasticloadbalancing:CreateRule',
          Resource: `${longestListener.replace(':listener/', ':listener-rule/')}/*`,
        },
      ],
    });
    // THEN it is recognised, and measured at least as long as the real value can be
    expect(finding.measurement).toMatchObject({ estimated: 1, unknown: 0 });
    expect((finding.measurement as { size: number }).size).toBeGreaterThanOrEqual(byHand.length);
  });

  test('policy variables (&{...} in aws_iam_policy_document) are text, not references', () => {
    const stack = limitStack();
    const document = new DataAwsIamPolicyDocument(stack, 'document', {
      statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/&{aws:PrincipalAccount}/*'] }],
    });
    new IamPolicy(stack, 'managed', { name: 'own-prefix', policy: document.json });
    const expected = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:PrincipalAccount}/*' },
      ],
    }).length;
    expect(sizes(stack)['IAM-MANAGED-SIZE aws_iam_policy.managed policy']).toBe(expected);
  });

  test('fails when a trust policy names what cannot be known, counted at the longest ARN', () => {
    // GIVEN a role trusted by a principal given as a variable
    const stack = limitStack();
    const principal = new TerraformVariable(stack, 'principal', { type: 'string' });
    const trust = new DataAwsIamPolicyDocument(stack, 'trust', {
      statement: [
        { actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: [principal.stringValue] }] },
      ],
    });
    new IamRole(stack, 'role', { name: 'r', assumeRolePolicy: trust.json });
    // THEN it is refused: 2,048 for the variable alone leaves no room for the rest
    const message = synthError(stack)!;
    expect(message).toMatch(
      /limits-test\/role \(aws_iam_role\.role\): IAM-TRUST-SIZE role trust policy length, assume_role_policy is 2,1\d\d characters \(1 reference\(s\) counted at their longest, 1 of them unrecognised at 2048 characters\), over the limit of 2,048 characters \(default quota; adjustable up to 4,096/,
    );
    expect(UNKNOWN_REFERENCE_LENGTH).toBe(2048);
  });

  test('a trust policy over 2,048 characters passes where the quota was raised, and only there', () => {
    const role = (stack: TerraformStack) =>
      new IamRole(stack, 'role', {
        name: 'r',
        assumeRolePolicy: policyOfSize(3000),
      });
    const raised = limitStack({ raised: { 'IAM-TRUST-SIZE': 4096 } });
    role(raised);
    expect(synthError(raised)).toBeUndefined();
    const standard = limitStack();
    role(standard);
    expect(synthError(standard)).toMatch(/IAM-TRUST-SIZE .* is 3,000 characters, over the limit of 2,048/);
  });

  test('fails when raising a quota AWS does not let anyone raise', () => {
    expect(() => new ServiceLimits({ raised: { 'S3-POLICY': 40_000 } })).toThrow(
      'ServiceLimits: S3-POLICY (bucket policy size) is not adjustable',
    );
    expect(() => new ServiceLimits({ raised: { 'IAM-TRUST': 4096 } })).toThrow(
      /unknown quota IAM-TRUST; known: /,
    );
  });

  test('fails when a managed policy is over 6,144 characters', () => {
    const stack = limitStack();
    new IamPolicy(stack, 'managed', { name: 'big', policy: policyOfSize(6145) });
    expect(synthError(stack)).toMatch(
      /\(aws_iam_policy\.managed\): IAM-MANAGED-SIZE managed policy size, policy is 6,145 characters, over the limit of 6,144 characters/,
    );
  });

  test('fails when the inline policies of a role add up to over 10,240 characters, though each is under', () => {
    // GIVEN two inline policies of 6,000 characters on one role, one by reference and one by name
    const stack = limitStack();
    const role = new IamRole(stack, 'role', { name: 'task', assumeRolePolicy: TRUST });
    new IamRolePolicy(stack, 'one', { role: role.id, policy: policyOfSize(6000) });
    new IamRolePolicy(stack, 'two', { role: 'task', policy: policyOfSize(6000) });
    // THEN the role is refused, with both counted
    expect(synthError(stack)).toMatch(
      /limits-test\/role \(aws_iam_role\.role\): IAM-INLINE-SIZE aggregate size of the inline policies of a role, inline policies is 12,000 characters, over the limit of 10,240/,
    );
  });

  test('fails when a key policy is over 32 KiB or a topic policy over 30 KiB', () => {
    const stack = limitStack();
    new KmsKey(stack, 'key', { policy: policyOfSize(32 * 1024 + 1) });
    new SnsTopicPolicy(stack, 'topic-policy', {
      arn: 'arn:aws:sns:ap-northeast-1:111111111111:t',
      policy: policyOfSize(30 * 1024 + 1),
    });
    const message = synthError(stack)!;
    expect(message).toMatch(
      /\(aws_kms_key\.key\): KMS-POLICY key policy size, policy is 32,769 bytes, over the limit of 32,768 bytes/,
    );
    expect(message).toMatch(
      /\(aws_sns_topic_policy\.topic-policy\): SNS-POLICY topic policy size, policy is 30,721 bytes/,
    );
  });

  test('fails when a policy is an expression whose text only Terraform knows', () => {
    const stack = limitStack();
    bucketPolicy(stack, '${jsonencode({Statement = []})}');
    expect(synthError(stack)).toMatch(
      /S3-POLICY bucket policy size, policy cannot be measured at synth: it is neither JSON nor a reference to an aws_iam_policy_document/,
    );
  });
});

describe('service limits: counted things', () => {
  const rules = (stack: TerraformStack, group: SecurityGroup, n: number, family: 'ipv4' | 'ipv6') => {
    for (let i = 0; i < n; i++) {
      new VpcSecurityGroupIngressRule(stack, `${family}-${i}`, {
        securityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        ...(family === 'ipv4' ? { cidrIpv4: `10.0.${i}.0/24` } : { cidrIpv6: `2001:db8:${i}::/48` }),
        description: 'HTTPS',
      });
    }
  };

  test('60 inbound IPv4 and 60 inbound IPv6 rules fit one security group: the families count apart', () => {
    const stack = limitStack();
    const group = new SecurityGroup(stack, 'sg', { name: 'alb', description: 'ALB' });
    rules(stack, group, 60, 'ipv4');
    rules(stack, group, 60, 'ipv6');
    expect(synthError(stack)).toBeUndefined();
  });

  test('fails when a security group has 61 inbound IPv4 rules, counting inline ones', () => {
    const stack = limitStack();
    const group = new SecurityGroup(stack, 'sg', {
      name: 'alb',
      description: 'ALB',
      ingress: [
        { protocol: 'tcp', fromPort: 80, toPort: 80, cidrBlocks: ['10.1.0.0/16'], description: 'HTTP' },
      ],
    });
    rules(stack, group, 60, 'ipv4');
    expect(synthError(stack)).toMatch(
      /limits-test\/sg \(aws_security_group\.sg\): SG-RULES rules per security group and direction \(IPv4 and IPv6 counted apart\), ingress IPv4 is 61, over the limit of 60/,
    );
  });

  /** A load balancer in one stack, and `n` services in another that each add a rule and a target group. */
  function loadBalancerAndServices(n: number, conditionValues = 1): { app: App } {
    const app = Testing.app();
    const environment = limitStack({}, app, 'env');
    const lb = new Lb(environment, 'alb', { name: 'alb', internal: false, loadBalancerType: 'application' });
    const listener = new LbListener(environment, 'https', {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: 'HTTPS',
      defaultAction: [
        { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } },
      ],
    });
    const services = limitStack({}, app, 'services');
    for (let i = 0; i < n; i++) {
      const targets = new LbTargetGroup(services, `tg-${i}`, {
        name: `svc-${i}`,
        port: 80,
        protocol: 'HTTP',
      });
      new LbListenerRule(services, `rule-${i}`, {
        listenerArn: listener.arn,
        priority: i + 1,
        action: [{ type: 'forward', targetGroupArn: targets.arn }],
        condition: [
          { pathPattern: { values: Array.from({ length: conditionValues }, (_, v) => `/s${i}/${v}/*`) } },
        ],
      });
    }
    return { app };
  }

  test('100 listener rules and target groups from another stack fit one load balancer', () => {
    const { app } = loadBalancerAndServices(100);
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when other stacks add a 101st listener rule and target group to a load balancer', () => {
    const { app } = loadBalancerAndServices(101);
    expect(() => app.synth()).toThrow(LimitExceededError);
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    // The load balancer's stack is refused: that is where the limit is.
    expect(message).toContain('AWS limits exceeded in stack "env" (2):');
    expect(message).toMatch(
      /env\/alb \(aws_lb\.alb\): ALB-RULES listener rules per Application Load Balancer, not counting default rules is 101, over the limit of 100/,
    );
    expect(message).toMatch(
      /env\/alb \(aws_lb\.alb\): ALB-TARGET-GROUPS target groups per Application Load Balancer is 101, over the limit of 100/,
    );
  });

  test('fails when a listener rule has more than 5 condition values', () => {
    const { app } = loadBalancerAndServices(1, 6);
    expect(() => app.synth()).toThrow(
      /\(aws_lb_listener_rule\.rule-0\): ALB-CONDITION-VALUES condition values per listener rule is 6, over the limit of 5/,
    );
  });

  test('fails when a Standard parameter holds over 4,096 characters; Advanced holds 8,192', () => {
    const stack = limitStack();
    new SsmParameter(stack, 'standard', { name: '/a', type: 'String', value: 'v'.repeat(4097) });
    new SsmParameter(stack, 'advanced', {
      name: '/b',
      type: 'String',
      tier: 'Advanced',
      value: 'v'.repeat(8192),
    });
    const message = synthError(stack)!;
    expect(message).toContain('AWS limits exceeded in stack "limits-test" (1):');
    expect(message).toMatch(
      /\(aws_ssm_parameter\.standard\): SSM-VALUE parameter value size \(Standard tier\) is 4,097 characters, over the limit of 4,096/,
    );
  });

  test('fails when a task definition is over 64 KiB or holds more than 10 containers', () => {
    const stack = limitStack();
    const container = (i: number, padding = 0) => ({
      name: `c${i}`,
      image: 'example/app:1.0.0',
      essential: i === 0,
      environment: [{ name: 'PADDING', value: 'p'.repeat(padding) }],
    });
    new EcsTaskDefinition(stack, 'big', {
      family: 'big',
      containerDefinitions: JSON.stringify([container(0, 64 * 1024)]),
    });
    new EcsTaskDefinition(stack, 'many', {
      family: 'many',
      containerDefinitions: JSON.stringify(Array.from({ length: 11 }, (_, i) => container(i))),
    });
    const message = synthError(stack)!;
    expect(message).toMatch(
      /\(aws_ecs_task_definition\.big\): ECS-TASKDEF-SIZE task definition size is 65,\d{3} bytes, over the limit of 65,536 bytes/,
    );
    expect(message).toMatch(
      /\(aws_ecs_task_definition\.many\): ECS-CONTAINERS container definitions per task definition is 11, over the limit of 10/,
    );
  });
});

describe('quotas', () => {
  test('each names its limit, unit and the AWS document that states it', () => {
    for (const quota of ALL_QUOTAS) {
      expect(quota.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(quota.limit).toBeGreaterThan(0);
      expect(quota.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(quota.source.title.length).toBeGreaterThan(10);
    }
    expect(QUOTAS.s3BucketPolicy.limit).toBe(20_480);
    expect(QUOTAS.iamTrustPolicy.limit).toBe(2_048);
  });
});

test('the check refuses to run on less than a whole stack', () => {
  // GIVEN the aspect added to one resource instead of its stack
  const stack = new TerraformStack(Testing.app(), 'partial');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  const bucket = new S3Bucket(stack, 'bucket', { bucket: 'example-bucket' });
  Aspects.of(bucket).add(new ServiceLimits());
  // THEN synthesis fails, saying where to add it
  expect(() => Testing.synth(stack)).toThrow(
    'ServiceLimits reached partial/bucket without its stack: add it with Aspects.of(stack).add(...)',
  );
});
