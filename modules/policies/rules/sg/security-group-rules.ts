import { blocks, strings, type Attributes, type SynthesizedElement } from '../../../core';

/** One security group rule, from whichever of the four ways Terraform can declare it. */
export interface SecurityGroupRule {
  /** Where the rule sits, for messages: `ingress[0]`, or `rule` for a rule resource. */
  readonly where: string;
  readonly direction: 'ingress' | 'egress';
  readonly description: unknown;
  readonly cidrs: readonly string[];
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
}

export const SECURITY_GROUP_RULE_TYPES: readonly string[] = [
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];

export const WORLD_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0'];

/** The HTTP listener only redirects (ALB-003), so port 80 from anywhere exposes nothing but a redirect. */
export const PUBLIC_PORTS = [80, 443];

export function securityGroupRules(element: SynthesizedElement): SecurityGroupRule[] {
  const a = element.attrs;
  switch (element.type) {
    case 'aws_vpc_security_group_ingress_rule':
    case 'aws_vpc_security_group_egress_rule':
      return [
        {
          where: 'rule',
          direction: element.type.endsWith('ingress_rule') ? 'ingress' : 'egress',
          description: a.description,
          cidrs: [...strings(a.cidr_ipv4), ...strings(a.cidr_ipv6)],
          protocol: String(a.ip_protocol),
          fromPort: port(a.from_port),
          toPort: port(a.to_port),
        },
      ];
    case 'aws_security_group_rule':
      return [
        {
          where: 'rule',
          direction: a.type === 'egress' ? 'egress' : 'ingress',
          description: a.description,
          ...classic(a),
        },
      ];
    case 'aws_security_group':
      return (['ingress', 'egress'] as const).flatMap((direction) =>
        blocks(a[direction]).map((b, i) => ({
          where: `${direction}[${i}]`,
          direction,
          description: b.description,
          ...classic(b),
        })),
      );
    default:
      return [];
  }
}

function classic(a: Attributes) {
  return {
    cidrs: [...strings(a.cidr_blocks), ...strings(a.ipv6_cidr_blocks)],
    protocol: String(a.protocol),
    fromPort: port(a.from_port),
    toPort: port(a.to_port),
  };
}

function port(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Only a single TCP port of the list; `-1` / `all` protocols and port ranges never qualify. */
export function isSingleTcpPortIn(rule: SecurityGroupRule, ports: readonly number[]): boolean {
  const tcp = rule.protocol === 'tcp' || rule.protocol === '6';
  return tcp && rule.fromPort !== undefined && rule.fromPort === rule.toPort && ports.includes(rule.fromPort);
}
