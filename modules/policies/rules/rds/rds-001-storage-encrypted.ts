import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const RDS_001_STORAGE_ENCRYPTED: PolicyRule = {
  id: 'RDS-001',
  reason: 'Aurora storage is encrypted (CKV_AWS_96 / AVD-AWS-0079)',
  severity: 'error',
  appliesTo: ['aws_rds_cluster'],
  check: (a) =>
    a.storage_encrypted === true ? undefined : `storage_encrypted is ${show(a.storage_encrypted)}`,
};
