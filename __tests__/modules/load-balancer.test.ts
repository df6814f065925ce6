import { TerraformVariable } from 'cdktf';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { LoadBalancer, type LoadBalancerProps } from '../../modules/load-balancer';
import { dataSources, parse, resources, synthConstruct } from '../helpers';

const CERTIFICATE_ARN =
  'arn:aws:acm:ap-northeast-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const base: LoadBalancerProps = {
  namePrefix: 'webapp-dev',
  vpcId: 'vpc-0123456789abcdef0',
  publicSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
  certificateArn: CERTIFICATE_ARN,
  ingressCidrs: ['0.0.0.0/0'],
};
const synthLb = (props: Partial<LoadBalancerProps> = {}) =>
  synthConstruct((scope) => new LoadBalancer(scope, 'load-balancer', { ...base, ...props }));
const build = (props: Partial<LoadBalancerProps>) => () => synthLb(props);
const onlyResource = (json: string, type: string) => {
  const all = resources(json, type);
  expect(all).toHaveLength(1);
  return all[0];
};
const withLogs = { accessLogs: { bucketName: 'webapp-dev-alb-logs', retentionDays: 90 } };

describe('LoadBalancer', () => {
  test('HTTP listener redirects to HTTPS 443 with 301, keeping host, path and query', () => {
    // GIVEN the defaults WHEN synthesized THEN port 80 only redirects
    expect(synthLb()).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: 'HTTP',
      default_action: [
        {
          type: 'redirect',
          redirect: {
            protocol: 'HTTPS',
            port: '443',
            host: '#{host}',
            path: '/#{path}',
            query: '#{query}',
            status_code: 'HTTP_301',
          },
        },
      ],
    });
  });

  test('HTTPS listener uses the TLS 1.3/1.2 policy, the certificate, and answers 404 by default', () => {
    expect(synthLb()).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: CERTIFICATE_ARN,
      default_action: [
        {
          type: 'fixed-response',
          fixed_response: { status_code: '404', content_type: 'text/plain', message_body: 'Not Found' },
        },
      ],
    });
  });

  test('a custom TLS policy replaces the default', () => {
    const json = synthLb({ sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04' });
    expect(json).toHaveResourceWithProperties(LbListener, {
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
    });
    expect(json).not.toHaveResourceWithProperties(LbListener, {
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });

  test('security group admits 443 and 80 from each CIDR, with descriptions, and has no egress', () => {
    // GIVEN two ingress CIDRs
    const json = synthLb({ ingressCidrs: ['203.0.113.0/24', '198.51.100.0/24'] });
    // THEN four rules, one per CIDR and port
    const rules = resources(json, VpcSecurityGroupIngressRule.tfResourceType);
    const summary = rules.map((r) => `${r.cidr_ipv4}:${r.from_port}-${r.to_port}/${r.ip_protocol}`).sort();
    expect(summary).toEqual([
      '198.51.100.0/24:443-443/tcp',
      '198.51.100.0/24:80-80/tcp',
      '203.0.113.0/24:443-443/tcp',
      '203.0.113.0/24:80-80/tcp',
    ]);
    rules.forEach((rule) => expect(rule.description).toMatch(/^HTTPS? from \d+\.\d+\.\d+\.\d+\/\d+$/));
    // AND the ALB's group carries no egress of its own: the environment stack adds it per service
    const sg = onlyResource(json, SecurityGroup.tfResourceType);
    expect(sg).not.toHaveProperty('egress');
    expect(sg).not.toHaveProperty('ingress');
    expect(resources(json, VpcSecurityGroupEgressRule.tfResourceType)).toHaveLength(0);
    const [sgName] = Object.keys(parse(json).resource![SecurityGroup.tfResourceType]);
    rules.forEach((rule) => expect(rule.security_group_id).toBe(`\${aws_security_group.${sgName}.id}`));
  });

  test('internet-facing application ALB that drops invalid headers, with desync mitigation', () => {
    expect(synthLb()).toHaveResourceWithProperties(Lb, {
      name: 'webapp-dev-alb',
      internal: false,
      load_balancer_type: 'application',
      subnets: base.publicSubnetIds,
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'defensive',
      idle_timeout: 60,
      ip_address_type: 'ipv4',
      enable_deletion_protection: false,
    });
  });

  test('deletion protection and idle timeout follow the props', () => {
    const alb = onlyResource(
      synthLb({ deletionProtection: true, idleTimeoutSeconds: 300 }),
      Lb.tfResourceType,
    );
    expect(alb.enable_deletion_protection).toBe(true);
    expect(alb.idle_timeout).toBe(300);
  });

  test('no access logs and no bucket unless asked for', () => {
    const json = synthLb();
    expect(onlyResource(json, Lb.tfResourceType)).not.toHaveProperty('access_logs');
    expect(resources(json, S3Bucket.tfResourceType)).toHaveLength(0);
  });

  test('access logs go to an SSE-S3 bucket that expires them, written by the ELB account and service', () => {
    // GIVEN access logs kept 90 days
    const json = synthLb(withLogs);
    // THEN the ALB logs under the alb/ prefix and waits for the bucket policy
    const [bucketName] = Object.keys(parse(json).resource![S3Bucket.tfResourceType]);
    const [policyName] = Object.keys(parse(json).resource![S3BucketPolicy.tfResourceType]);
    const alb = onlyResource(json, Lb.tfResourceType);
    expect(alb.access_logs).toEqual({
      bucket: `\${aws_s3_bucket.${bucketName}.bucket}`,
      enabled: true,
      prefix: 'alb',
    });
    expect(alb.depends_on).toEqual([`aws_s3_bucket_policy.${policyName}`]);
    expect(json).toHaveResourceWithProperties(S3Bucket, { bucket: 'webapp-dev-alb-logs' });
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(json).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([expect.objectContaining({ expiration: [{ days: 90 }] })]),
    });
    // AND the policy lets both principals put objects under alb/AWSLogs only
    expect(json).toHaveDataSource(DataAwsElbServiceAccount);
    const [elbAccountName] = Object.keys(parse(json).data![DataAwsElbServiceAccount.tfResourceType]);
    const statements = dataSources(json, DataAwsIamPolicyDocument.tfResourceType)[0].statement as {
      sid: string;
      actions: string[];
      resources: string[];
      principals: { type: string; identifiers: string[] }[];
    }[];
    const logObjects = `\${aws_s3_bucket.${bucketName}.arn}/alb/AWSLogs/*`;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actions: ['s3:PutObject'],
          resources: [logObjects],
          principals: [
            { type: 'AWS', identifiers: [`\${data.aws_elb_service_account.${elbAccountName}.arn}`] },
          ],
        }),
        expect.objectContaining({
          actions: ['s3:PutObject'],
          resources: [logObjects],
          principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
        }),
      ]),
    );
  });

  test('the log bucket refuses destroy only when asked to', () => {
    const kept = synthLb({ accessLogs: { ...withLogs.accessLogs, preventDestroy: true } });
    expect(onlyResource(kept, S3Bucket.tfResourceType).lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(synthLb(withLogs), S3Bucket.tfResourceType).lifecycle).toEqual({
      prevent_destroy: false,
    });
  });

  test('alias A record points at the ALB and evaluates target health', () => {
    // GIVEN a DNS name WHEN synthesized
    const json = synthLb({ dns: { zoneId: 'Z0123456789ABCDEFGHIJ', recordName: 'dev.example.com' } });
    const [albName] = Object.keys(parse(json).resource![Lb.tfResourceType]);
    // THEN one A alias, no AAAA for an IPv4-only ALB
    const record = onlyResource(json, Route53Record.tfResourceType);
    expect(record).toMatchObject({
      zone_id: 'Z0123456789ABCDEFGHIJ',
      name: 'dev.example.com',
      type: 'A',
      alias: {
        name: `\${aws_lb.${albName}.dns_name}`,
        zone_id: `\${aws_lb.${albName}.zone_id}`,
        evaluate_target_health: true,
      },
    });
  });

  test('a dual-stack ALB also gets an AAAA alias', () => {
    const json = synthLb({
      ipAddressType: 'dualstack',
      dns: { zoneId: 'Z0123456789ABCDEFGHIJ', recordName: 'dev.example.com' },
    });
    expect(json).toHaveResourceWithProperties(Lb, { ip_address_type: 'dualstack' });
    expect(
      resources(json, Route53Record.tfResourceType)
        .map((r) => r.type)
        .sort(),
    ).toEqual(['A', 'AAAA']);
  });

  test('no record without dns props', () => {
    expect(resources(synthLb(), Route53Record.tfResourceType)).toHaveLength(0);
  });

  test('accepts tokens for ids, CIDRs and the certificate', () => {
    expect(() =>
      synthConstruct((scope) => {
        const v = (id: string) => new TerraformVariable(scope, id, { type: 'string' }).stringValue;
        new LoadBalancer(scope, 'load-balancer', {
          ...base,
          vpcId: v('vpc'),
          certificateArn: v('certificate'),
          ingressCidrs: [v('cidr')],
          publicSubnetIds: new TerraformVariable(scope, 'subnets', { type: 'list(string)' }).listValue,
        });
      }),
    ).not.toThrow();
  });

  test('fails when the ALB name would exceed 32 characters', () => {
    // GIVEN 28 characters, the most that fits, THEN it passes; one more fails
    expect(build({ namePrefix: 'webapp-production-tokyo-abcd' })).not.toThrow();
    expect(build({ namePrefix: 'webapp-production-tokyo-abcde' })).toThrow(
      'load-balancer.namePrefix: "webapp-production-tokyo-abcde" makes the ALB name ' +
        '"webapp-production-tokyo-abcde-alb" 33 characters long, more than AWS accepts (accepted: a prefix of at most 28 characters)',
    );
  });

  test('fails when the name prefix has characters an ALB name refuses', () => {
    expect(build({ namePrefix: 'webapp_dev' })).toThrow(
      'load-balancer.namePrefix: "webapp_dev" is not usable in an ALB name (accepted: letters, digits and hyphens',
    );
  });

  test.each(['10.0.0.0/33', '10.0.0.1/16', '::/0', 'anywhere'])(
    'fails when an ingress CIDR is %p',
    (cidr) => {
      expect(build({ ingressCidrs: ['0.0.0.0/0', cidr] })).toThrow(
        `load-balancer.ingressCidrs[1]: "${cidr}" is not a valid IPv4 CIDR (accepted: a network address a.b.c.d/n`,
      );
    },
  );

  test('fails when ingress CIDRs are empty or repeated', () => {
    expect(build({ ingressCidrs: [] })).toThrow('load-balancer.ingressCidrs: [] admits nobody');
    expect(build({ ingressCidrs: ['0.0.0.0/0', '0.0.0.0/0'] })).toThrow(
      'load-balancer.ingressCidrs[1]: "0.0.0.0/0" is listed twice (AWS refuses duplicate rules) (accepted: each CIDR once)',
    );
  });

  test.each([0, 4001, 1.5])('fails when the idle timeout is %p', (seconds) => {
    expect(build({ idleTimeoutSeconds: seconds })).toThrow(
      `load-balancer.idleTimeoutSeconds: ${seconds} is not a whole number from 1 to 4000 (seconds)`,
    );
  });

  test('fails when there are fewer than two public subnets', () => {
    expect(build({ publicSubnetIds: ['subnet-0123456789abcdef0'] })).toThrow(
      'load-balancer.publicSubnetIds: ["subnet-0123456789abcdef0"] has fewer than 2 subnets (accepted: at least 2 subnets in different availability zones)',
    );
  });

  test('fails on an unknown address type, a non-ELB TLS policy or a non-ACM certificate', () => {
    expect(build({ ipAddressType: 'ipv6' as never })).toThrow(
      'load-balancer.ipAddressType: "ipv6" is not an ALB address type (accepted: "ipv4", "dualstack")',
    );
    expect(build({ sslPolicy: 'TLSv1.2_2021' })).toThrow(
      'load-balancer.sslPolicy: "TLSv1.2_2021" is not an ELB security policy',
    );
    expect(build({ certificateArn: 'my-cert' })).toThrow(
      'load-balancer.certificateArn: "my-cert" is not an ACM certificate ARN',
    );
  });

  test('fails when access-log settings are invalid', () => {
    expect(build({ accessLogs: { bucketName: 'Logs_Bucket', retentionDays: 30 } })).toThrow(
      'load-balancer.accessLogs.bucketName: "Logs_Bucket" is not a valid S3 bucket name',
    );
    expect(build({ accessLogs: { bucketName: 'webapp-logs', retentionDays: 0 } })).toThrow(
      'load-balancer.accessLogs.retentionDays: 0 is not a whole number from 1 to 36500 (days)',
    );
  });

  test('fails when the DNS zone id or record name is invalid', () => {
    expect(build({ dns: { zoneId: 'example.com', recordName: 'dev.example.com' } })).toThrow(
      'load-balancer.dns.zoneId: "example.com" is not a Route53 hosted zone ID',
    );
    expect(build({ dns: { zoneId: 'Z0123456789ABCDEFGHIJ', recordName: 'Dev Example' } })).toThrow(
      'load-balancer.dns.recordName: "Dev Example" is not a DNS name',
    );
  });
});
