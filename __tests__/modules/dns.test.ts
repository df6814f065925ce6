import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import {
  normalizedRecordName,
  PrivateZone,
  PublicZone,
  RecordWriterRole,
  type RecordWriterRoleProps,
} from '../../modules/dns';
import { dataSources, synthConstruct } from '../helpers';
import { changeDecision, decisionWithContext, ZONE_ARN, type RecordChange } from '../route53-changes';

type DocumentStatement = {
  actions?: string[];
  effect?: string;
  condition?: { test: string; variable: string; values: string[] }[];
  [key: string]: unknown;
};

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
  const props: RecordWriterRoleProps = {
    roleName: 'webapp-dev-dns-records',
    zoneArn: ZONE_ARN,
    trustedAccountId: '222222222222',
    domainName: 'dev.example.com',
    recordTypes: ['A', 'CNAME'],
  };
  /** The apex environment's role, in a zone shared with dev and stg. */
  const apex: RecordWriterRoleProps = {
    ...props,
    roleName: 'webapp-prod-dns-records',
    domainName: 'example.com',
    excludedDomains: ['dev.example.com', 'stg.example.com', 'example.net'],
  };
  const documents = (json: string) =>
    dataSources(json, 'aws_iam_policy_document') as { statement: DocumentStatement[] }[];
  const permissions = (roleProps: RecordWriterRoleProps) =>
    documents(synthConstruct((scope) => new RecordWriterRole(scope, 'dns', roleProps))).find((d) =>
      d.statement.some((st) => st.actions?.includes('route53:ChangeResourceRecordSets')),
    )!.statement;
  const decision = (roleProps: RecordWriterRoleProps, ...changes: RecordChange[]) =>
    changeDecision({ statement: permissions(roleProps) }, changes);

  test('only the environment account may assume it', () => {
    const json = synthConstruct((scope) => new RecordWriterRole(scope, 'dns', props));
    const trust = documents(json).find((d) => d.statement[0].actions?.includes('sts:AssumeRole'))!;
    expect((trust.statement[0] as Record<string, unknown>).principals).toEqual([
      {
        type: 'AWS',
        identifiers: [
          expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::222222222222:root$/),
        ],
      },
    ]);
  });

  test('it may change only records named the domain or below it, of its types, in that zone', () => {
    const write = permissions(props).filter((st) => st.actions?.includes('route53:ChangeResourceRecordSets'));
    expect(write).toEqual([
      {
        sid: 'OwnNamesOnly',
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [ZONE_ARN],
        condition: [
          {
            test: 'ForAllValues:StringLike',
            variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
            values: ['dev.example.com', '*.dev.example.com'],
          },
          {
            test: 'ForAllValues:StringEquals',
            variable: 'route53:ChangeResourceRecordSetsRecordTypes',
            values: ['A', 'CNAME'],
          },
          {
            test: 'ForAllValues:StringEquals',
            variable: 'route53:ChangeResourceRecordSetsActions',
            values: ['CREATE', 'UPSERT', 'DELETE'],
          },
          {
            test: 'Null',
            variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
            values: ['false'],
          },
          { test: 'Null', variable: 'route53:ChangeResourceRecordSetsRecordTypes', values: ['false'] },
        ],
      },
    ]);
  });

  test.each([
    ['its alias record', { action: 'UPSERT', name: 'dev.example.com', type: 'A' }],
    ['an ACM validation record', { action: 'CREATE', name: '_3f1c9a.dev.example.com.', type: 'CNAME' }],
    ['a record it deletes', { action: 'DELETE', name: 'www.Dev.Example.com', type: 'A' }],
  ] as [string, RecordChange][])('may write %s', async (_what, change) => {
    expect(await decision(props, change)).toBe('allowed');
  });

  test.each([
    ['another environment', { action: 'UPSERT', name: 'stg.example.com', type: 'A' }],
    ['the apex', { action: 'UPSERT', name: 'example.com', type: 'A' }],
    ['a look-alike name', { action: 'UPSERT', name: 'xdev.example.com', type: 'A' }],
    ['a type it does not write (MX)', { action: 'UPSERT', name: 'dev.example.com', type: 'MX' }],
    ['a type it does not write (TXT)', { action: 'UPSERT', name: 'dev.example.com', type: 'TXT' }],
  ] as [string, RecordChange][])('may not write %s', async (_what, change) => {
    expect(await decision(props, change)).toBe('implicitly denied');
  });

  test('refuses a request that lacks the names or the types, where ForAllValues alone would allow it', async () => {
    const document = { statement: permissions(props) };
    expect(
      await decisionWithContext(document, {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['dev.example.com'],
      }),
    ).toBe('implicitly denied');
    expect(
      await decisionWithContext(document, { 'route53:ChangeResourceRecordSetsRecordTypes': ['A'] }),
    ).toBe('implicitly denied');
    // (and with both, the same request is allowed: the refusal above is the missing key's)
    expect(
      await decisionWithContext(document, {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['dev.example.com'],
        'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
        'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
      }),
    ).toBe('allowed');
  });

  describe('of an environment whose domain holds other environments', () => {
    test('explicitly denies every name at or below the other domains inside its own', () => {
      const deny = permissions(apex).filter((st) => st.effect === 'Deny');
      expect(deny).toEqual([
        {
          sid: 'NotOtherEnvironmentsNames',
          effect: 'Deny',
          actions: ['route53:ChangeResourceRecordSets'],
          resources: [ZONE_ARN],
          condition: [
            {
              test: 'ForAnyValue:StringLike',
              variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
              values: ['dev.example.com', '*.dev.example.com', 'stg.example.com', '*.stg.example.com'],
            },
          ],
        },
      ]);
    });

    test.each([
      ['its own alias record', { action: 'UPSERT', name: 'example.com', type: 'A' }],
      ['its own validation record', { action: 'UPSERT', name: '_9a8b7c.example.com', type: 'CNAME' }],
      [
        'a name of its own that starts like another',
        { action: 'UPSERT', name: 'devtools.example.com', type: 'A' },
      ],
    ] as [string, RecordChange][])('may still write %s', async (_what, change) => {
      expect(await decision(apex, change)).toBe('allowed');
    });

    test.each([
      ["dev's alias record", { action: 'UPSERT', name: 'dev.example.com', type: 'A' }],
      ["dev's alias record, deleted", { action: 'DELETE', name: 'DEV.example.com.', type: 'A' }],
      ["stg's validation record", { action: 'UPSERT', name: '_5e6f.stg.example.com', type: 'CNAME' }],
      ['a wildcard under dev', { action: 'CREATE', name: '*.dev.example.com', type: 'A' }],
      ['a name deep under stg', { action: 'CREATE', name: 'a.b.stg.example.com', type: 'CNAME' }],
    ] as [string, RecordChange][])('may not write %s', async (_what, change) => {
      expect(await decision(apex, change)).toBe('explicitly denied');
    });

    test("refuses a batch that mixes its own names with another environment's", async () => {
      expect(
        await decision(
          apex,
          { action: 'UPSERT', name: 'example.com', type: 'A' },
          { action: 'DELETE', name: 'dev.example.com', type: 'A' },
        ),
      ).toBe('explicitly denied');
    });

    test.each(['MX', 'TXT', 'NS'])('may not write the apex %s records', async (type) => {
      expect(await decision(apex, { action: 'UPSERT', name: 'example.com', type })).toBe('implicitly denied');
    });
  });

  test('an environment inside another gets no Deny: the other lies outside what it may write anyway', () => {
    const dev = permissions({ ...props, excludedDomains: ['example.com', 'stg.example.com'] });
    expect(dev.filter((st) => st.effect === 'Deny')).toEqual([]);
  });

  test('writes names as Route 53 normalizes them: lower case, no trailing dot', () => {
    const write = permissions({ ...apex, domainName: 'Example.COM.', excludedDomains: ['Dev.Example.com.'] });
    expect(
      write
        .flatMap((st) => st.condition ?? [])
        .filter((c) => c.variable.endsWith('RecordNames') && c.test !== 'Null'),
    ).toEqual([
      expect.objectContaining({ values: ['example.com', '*.example.com'] }),
      expect.objectContaining({ values: ['dev.example.com', '*.dev.example.com'] }),
    ]);
  });

  test('normalizedRecordName escapes what Route 53 escapes, as octal codes', () => {
    expect(normalizedRecordName('*.Dev.Example.com.')).toBe('\\052.dev.example.com');
    expect(normalizedRecordName('_acm-x.dev.example.com')).toBe('_acm-x.dev.example.com');
  });

  test('fails when the trusted account is not an account ID', () => {
    expect(() =>
      synthConstruct((scope) => new RecordWriterRole(scope, 'dns', { ...props, trustedAccountId: '2222' })),
    ).toThrow(
      'dns.trustedAccountId: "2222" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
    );
  });

  test('fails when the record types are empty or not Route 53 types', () => {
    expect(() =>
      synthConstruct((scope) => new RecordWriterRole(scope, 'dns', { ...props, recordTypes: [] })),
    ).toThrow('dns.recordTypes: [] is empty: the role could change nothing');
    expect(() =>
      synthConstruct(
        (scope) => new RecordWriterRole(scope, 'dns', { ...props, recordTypes: ['A', 'cname'] }),
      ),
    ).toThrow('dns.recordTypes[1]: "cname" is not a Route 53 record type (accepted: A, AAAA, CAA, CNAME,');
  });
});
