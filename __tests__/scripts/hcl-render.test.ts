import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

/**
 * The fixes patches/cdktf+0.21.0.patch makes to CDKTF's HCL renderer, on the constructs that need
 * them. The offline plan tier proves the whole app's HCL plans like its JSON; these say which
 * rendering each fix is for.
 */
describe('HCL renderer (patched)', () => {
  const app = new App();
  const stack = new TerraformStack(app, 'hcl');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  const dns = new AwsProvider(stack, 'dns', { region: 'us-east-1', alias: 'dns' });
  new DefaultSecurityGroup(stack, 'default-sg', { vpcId: 'vpc-1', ingress: [], egress: [] });
  new Route53Record(stack, 'record', {
    provider: dns,
    zoneId: 'Z1',
    name: 'a',
    type: 'A',
    ttl: 60,
    records: ['1.1.1.1'],
  });
  new EcsService(stack, 'service', {
    name: 's',
    lifecycle: { ignoreChanges: ['desired_count'], preventDestroy: true, createBeforeDestroy: true },
  });
  const hcl: string = Testing.synthHcl(stack);

  test('an empty list of blocks set on purpose stays an empty list (the default security group closed)', () => {
    expect(hcl).toMatch(/^ingress = \[\]$/m);
    expect(hcl).toMatch(/^egress = \[\]$/m);
  });

  test('a provider alias is a bare reference', () => {
    expect(hcl).toMatch(/^provider = aws\.dns$/m);
  });

  test('ignore_changes lists bare attribute names; the lifecycle flags stay booleans', () => {
    expect(hcl).toMatch(/^\s*ignore_changes = \[desired_count\]$/m);
    expect(hcl).toMatch(/^\s*prevent_destroy = true$/m);
    expect(hcl).toMatch(/^\s*create_before_destroy = true$/m);
  });
});
