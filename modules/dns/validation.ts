import { ACCOUNT_ID, check, isKnown, type Problem } from '../core';
import type { RecordWriterRoleProps } from './record-writer-role';
import type { ZoneReaderRoleProps } from './zone-reader-role';

/** Record types Route 53 serves (`ResourceRecordSet.Type` of its API). */
export const ROUTE53_RECORD_TYPES: readonly string[] = [
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'DS',
  'HTTPS',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SOA',
  'SPF',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
];

/** Problems with the props: the trusted account, the record types. */
export function recordWriterRoleProblems(props: RecordWriterRoleProps): Problem[] {
  return [
    ...check(
      !isKnown(props.trustedAccountId) || ACCOUNT_ID.test(props.trustedAccountId),
      'trustedAccountId',
      props.trustedAccountId,
      'is not an AWS account ID',
      'exactly 12 digits, as a string',
    ),
    ...check(
      props.recordTypes.length > 0,
      'recordTypes',
      props.recordTypes,
      'is empty: the role could change nothing',
      'the record types the environment writes, such as ["A", "CNAME"]',
    ),
    ...props.recordTypes.flatMap((type, i) =>
      check(
        ROUTE53_RECORD_TYPES.includes(type),
        `recordTypes[${i}]`,
        type,
        'is not a Route 53 record type',
        ROUTE53_RECORD_TYPES.join(', '),
      ),
    ),
  ];
}

/** Problems with the props: the trusted account. */
export function zoneReaderRoleProblems(props: ZoneReaderRoleProps): Problem[] {
  return check(
    !isKnown(props.trustedAccountId) || ACCOUNT_ID.test(props.trustedAccountId),
    'trustedAccountId',
    props.trustedAccountId,
    'is not an AWS account ID',
    'exactly 12 digits, as a string',
  );
}
