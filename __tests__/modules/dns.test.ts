import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { PrivateZone, PublicZone, RecordWriterRole } from '../../modules/dns';
import { dataSources, synthConstruct } from '../helpers';

describe('PublicZone', () => {
  test('refuses destroy: a new zone would get new name servers and break delegation', () => {
    const json = synthConstruct((scope) => new PublicZone(scope, 'zone', { domainName: 'example.com' }));
    expect(json).toHaveResourceWithProperties(Route53Zone, {
      name: 'example.com',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe('PrivateZone', () => {
  const json = synthConstruct(
    (scope) => new PrivateZone(scope, 'internal', { domainName: 'dev.internal', vpcId: 'vpc-1' }),
  );

  test('is associated with the VPC', () => {
    expect(json).toHaveResourceWithProperties(Route53Zone, {
      name: 'dev.internal',
      vpc: [{ vpc_id: 'vpc-1' }],
    });
  });

  test('puts the Cloud Map namespace one level below, so ECS and Terraform never share a zone', () => {
    expect(json).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, {
      name: 'svc.dev.internal',
      vpc: 'vpc-1',
    });
  });
});

describe('RecordWriterRole', () => {
  const props = {
    roleName: 'webapp-dev-dns-records',
    zoneArn: 'arn-of-zone',
    trustedAccountId: '222222222222',
    domainName: 'dev.example.com',
  };
  const documents = (json: string) =>
    dataSources(json, 'aws_iam_policy_document') as { statement: Record<string, any>[] }[];

  test('only the environment account may assume it', () => {
    const json = synthConstruct((scope) => new RecordWriterRole(scope, 'dns', props));
    const trust = documents(json).find((d) => d.statement[0].actions.includes('sts:AssumeRole'))!;
    expect(trust.statement[0].principals).toEqual([
      {
        type: 'AWS',
        identifiers: [
          expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::222222222222:root$/),
        ],
      },
    ]);
  });

  test('it may change only records named the domain or below it, in that zone', () => {
    const json = synthConstruct((scope) => new RecordWriterRole(scope, 'dns', props));
    const write = documents(json)
      .flatMap((d) => d.statement)
      .find((st) => st.actions.includes('route53:ChangeResourceRecordSets'))!;
    expect(write.resources).toEqual(['arn-of-zone']);
    expect(write.condition).toEqual([
      {
        test: 'ForAllValues:StringLike',
        variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
        values: ['dev.example.com', '*.dev.example.com'],
      },
    ]);
  });

  test('fails when the trusted account is not an account ID', () => {
    expect(() =>
      synthConstruct((scope) => new RecordWriterRole(scope, 'dns', { ...props, trustedAccountId: '2222' })),
    ).toThrow(
      'dns.trustedAccountId: "2222" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
    );
  });
});
