import { TerraformOutput, TerraformVariable } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Certificate, type CertificateProps, validationRecordNames } from '../../modules/certificate';
import { parse, resources, synthConstruct } from '../helpers';

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const base: CertificateProps = { domainName: 'dev.example.com', zoneId: ZONE_ID };
const synthCertificate = (props: Partial<CertificateProps> = {}) =>
  synthConstruct((scope) => {
    const certificate = new Certificate(scope, 'certificate', { ...base, ...props });
    new TerraformOutput(scope, 'certificate-arn', { value: certificate.certificateArn });
  });
const build = (props: Partial<CertificateProps>) => () => synthCertificate(props);

type ValidationRecord = { for_each: Record<string, string>; [key: string]: unknown };
const validationRecords = (json: string) =>
  resources(json, Route53Record.tfResourceType) as ValidationRecord[];

describe('validationRecordNames', () => {
  test('a name and its wildcard share one record; other names keep their own', () => {
    expect(validationRecordNames(['dev.example.com', '*.dev.example.com'])).toEqual(['dev.example.com']);
    expect(validationRecordNames(['a.example.com', '*.a.example.com', 'b.example.com'])).toEqual([
      'a.example.com',
      'b.example.com',
    ]);
    expect(validationRecordNames(['dev.example.com', '*.example.com'])).toEqual([
      'dev.example.com',
      'example.com',
    ]);
  });
});

describe('Certificate', () => {
  test('requests a DNS-validated certificate for the domain and its wildcard, replaced create-before-destroy', () => {
    // GIVEN only a domain name WHEN synthesized
    const json = synthCertificate();
    // THEN the wildcard is the default SAN
    expect(json).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: 'dev.example.com',
      subject_alternative_names: ['*.dev.example.com'],
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
  });

  test('one for_each record resource with a single key for a domain and its wildcard', () => {
    // GIVEN the default SANs WHEN synthesized
    const records = validationRecords(synthCertificate());
    // THEN one resource, one instance: ACM asks for the same CNAME for both names
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0].for_each)).toEqual(['dev.example.com']);
    expect(records[0]).toMatchObject({
      zone_id: ZONE_ID,
      allow_overwrite: true,
      ttl: 60,
      name: '${each.value.resource_record_name}',
      type: 'CNAME',
      records: ['${each.value.resource_record_value}'],
    });
  });

  test('for_each keys are the distinct literal names, each picking its validation option', () => {
    // GIVEN two names, one with its wildcard, and a longer TTL
    const records = validationRecords(
      synthCertificate({
        domainName: 'a.example.com',
        subjectAlternativeNames: ['*.a.example.com', 'b.example.com'],
        validationRecordTtl: 300,
      }),
    );
    // THEN two instances keyed by plan-time-known names, never by resource_record_name
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0].for_each)).toEqual(['a.example.com', 'b.example.com']);
    expect(records[0].for_each['b.example.com']).toContain('domain_validation_options');
    expect(records[0].for_each['b.example.com']).toContain('["b.example.com"]');
    expect(JSON.stringify(records[0].for_each)).not.toContain('resource_record_name');
    expect(records[0].ttl).toBe(300);
  });

  test('an empty SAN list yields a certificate for the domain only', () => {
    const json = synthCertificate({ subjectAlternativeNames: [] });
    expect(resources(json, AcmCertificate.tfResourceType)[0].subject_alternative_names).toEqual([]);
    expect(Object.keys(validationRecords(json)[0].for_each)).toEqual(['dev.example.com']);
  });

  test('the exported ARN comes from the validation resource, which waits for the records', () => {
    // GIVEN the certificate ARN used elsewhere WHEN synthesized
    const json = synthCertificate();
    const [validationName] = Object.keys(parse(json).resource![AcmCertificateValidation.tfResourceType]);
    const [recordName] = Object.keys(parse(json).resource![Route53Record.tfResourceType]);
    // THEN using it means waiting for issuance
    expect(parse(json).output!['certificate-arn'].value).toBe(
      `\${aws_acm_certificate_validation.${validationName}.certificate_arn}`,
    );
    const validation = resources(json, AcmCertificateValidation.tfResourceType)[0];
    expect(validation.validation_record_fqdns).toBe(
      `\${[ for key, val in aws_route53_record.${recordName}: val.fqdn]}`,
    );
  });

  test('accepts a zone id that is a token from another stack', () => {
    expect(() =>
      synthConstruct((scope) => {
        const zone = new TerraformVariable(scope, 'zone', { type: 'string' });
        new Certificate(scope, 'certificate', { ...base, zoneId: zone.stringValue });
      }),
    ).not.toThrow();
  });

  test('fails when the domain name is not a lower-case DNS name', () => {
    expect(build({ domainName: 'Dev.Example.com' })).toThrow(
      'certificate.domainName: "Dev.Example.com" is not a DNS name ACM accepts (accepted: lower-case labels',
    );
    expect(build({ domainName: 'dev..example.com' })).toThrow(
      'certificate.domainName: "dev..example.com" is not',
    );
  });

  test('fails when the domain name is a token', () => {
    expect(() =>
      synthConstruct((scope) => {
        const domain = new TerraformVariable(scope, 'domain', { type: 'string' });
        new Certificate(scope, 'certificate', { ...base, domainName: domain.stringValue });
      }),
    ).toThrow('certificate.domainName: "<token>" is a token (accepted: a literal DNS name');
  });

  test('fails when the domain name exceeds the 64-character CN limit', () => {
    const long = `${'a'.repeat(60)}.example.com`;
    expect(build({ domainName: long, subjectAlternativeNames: [] })).toThrow(
      `certificate.domainName: "${long}" has 72 characters, more than the 64 ACM accepts for the first name`,
    );
  });

  test('fails when a SAN is malformed or repeats the domain name', () => {
    expect(build({ subjectAlternativeNames: ['dev.*.example.com'] })).toThrow(
      'certificate.subjectAlternativeNames[0]: "dev.*.example.com" is not a DNS name ACM accepts',
    );
    expect(build({ subjectAlternativeNames: ['dev.example.com'] })).toThrow(
      'certificate.subjectAlternativeNames[0]: "dev.example.com" repeats a name of the certificate (accepted: each name once',
    );
  });

  test('fails when the zone id is not a hosted zone id', () => {
    expect(build({ zoneId: 'example.com' })).toThrow(
      'certificate.zoneId: "example.com" is not a Route53 hosted zone ID (accepted: "Z" followed by',
    );
  });

  test.each([-1, 1.5])('fails when the TTL is %p', (ttl) => {
    expect(build({ validationRecordTtl: ttl })).toThrow(
      `certificate.validationRecordTtl: ${ttl} is not a whole number from 0 to 2147483647 (seconds)`,
    );
  });
});
