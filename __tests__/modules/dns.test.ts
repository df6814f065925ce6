import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { PrivateZone, PublicZone } from '../../modules/dns';
import { synthConstruct } from '../helpers';

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
