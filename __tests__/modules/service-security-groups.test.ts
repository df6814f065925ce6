import { ServiceSecurityGroups, type ServicePorts } from '../../modules/service-security-groups';
import { resources, synthConstruct } from '../helpers';

const services: ServicePorts[] = [
  { name: 'frontend', port: 80, behindLoadBalancer: true, clients: [] },
  { name: 'backend', port: 8080, behindLoadBalancer: false, clients: ['frontend'] },
];
const synth = (list = services, extra?: (g: ServiceSecurityGroups) => void) =>
  synthConstruct((scope) => {
    const groups = new ServiceSecurityGroups(scope, 'firewall', {
      namePrefix: 'webapp-dev',
      vpcId: 'vpc-1',
      services: list,
      loadBalancerSecurityGroupId: 'sg-alb',
      endpointAccess: { endpointSecurityGroupId: 'sg-endpoints', s3PrefixListId: 'pl-123' },
    });
    extra?.(groups);
  });

type Rule = Record<string, any>;

describe('ServiceSecurityGroups', () => {
  test('one group per service, with no inline rules', () => {
    const groups = resources(synth(), 'aws_security_group');
    expect(groups.map((g) => g.name).sort()).toEqual(['webapp-dev-backend', 'webapp-dev-frontend']);
    expect(groups.every((g) => g.ingress === undefined && g.egress === undefined)).toBe(true);
  });

  test('the load balancer reaches only the services behind it, on their port', () => {
    // GIVEN frontend behind the ALB and backend not WHEN synthesized
    const json = synth();
    // THEN the ALB group gets one egress rule, to the frontend group, and the frontend admits it
    const fromAlb = (resources(json, 'aws_vpc_security_group_egress_rule') as Rule[]).filter(
      (r) => r.security_group_id === 'sg-alb',
    );
    expect(fromAlb).toEqual([
      expect.objectContaining({ from_port: 80, to_port: 80, description: 'to frontend on 80' }),
    ]);
    expect(fromAlb[0].referenced_security_group_id).toMatch(/firewall_frontend/);
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule') as Rule[];
    expect(ingress.find((r) => r.referenced_security_group_id === 'sg-alb')).toMatchObject({
      from_port: 80,
      security_group_id: expect.stringMatching(/firewall_frontend/),
    });
  });

  test('a client reaches an internal service on its port, and nothing else reaches it', () => {
    const ingress = (resources(synth(), 'aws_vpc_security_group_ingress_rule') as Rule[]).filter((r) =>
      /firewall_backend/.test(r.security_group_id),
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({
      from_port: 8080,
      to_port: 8080,
      description: 'from frontend on 8080',
    });
    expect(ingress[0].referenced_security_group_id).toMatch(/firewall_frontend/);
  });

  test("every service may reach the endpoints' group and S3 on 443, no CIDR, and every rule has a description", () => {
    const egress = resources(synth(), 'aws_vpc_security_group_egress_rule') as Rule[];
    for (const service of ['frontend', 'backend']) {
      const own = egress.filter((r) => new RegExp(`firewall_${service}`).test(r.security_group_id));
      expect(own).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ referenced_security_group_id: 'sg-endpoints', from_port: 443 }),
          expect.objectContaining({ prefix_list_id: 'pl-123', from_port: 443 }),
        ]),
      );
    }
    expect(egress.every((r) => typeof r.description === 'string' && r.description.length > 0)).toBe(true);
    expect(egress.some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
  });

  test('allowServicesTo opens a port on an outside group, such as the database', () => {
    const json = synth(services, (g) => g.allowServicesTo(['backend'], 'database', 'sg-db', 3306));
    const ingress = (resources(json, 'aws_vpc_security_group_ingress_rule') as Rule[]).filter(
      (r) => r.security_group_id === 'sg-db',
    );
    expect(ingress).toEqual([
      expect.objectContaining({ from_port: 3306, description: 'from backend on 3306' }),
    ]);
  });

  test('fails when a client is not a service', () => {
    expect(() =>
      synth([{ name: 'backend', port: 8080, behindLoadBalancer: false, clients: ['mobile'] }]),
    ).toThrow('firewall.services[0].clients: "mobile" is not one of the services (accepted: backend)');
  });

  test('fails when allowServicesTo names an unknown service', () => {
    expect(() => synth(services, (g) => g.allowServicesTo(['worker'], 'database', 'sg-db', 3306))).toThrow(
      'allowServicesTo(database), 1 problem(s):\n  - services: "worker" is not one of the services (accepted: ',
    );
  });
});
