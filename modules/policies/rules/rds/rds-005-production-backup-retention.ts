import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

/** RDS-005: the shortest backup retention of a production database. */
export const MIN_PRODUCTION_BACKUP_DAYS = 7;

export const RDS_005_PRODUCTION_BACKUP_RETENTION: PolicyRule = {
  id: 'RDS-005',
  reason: `production Aurora keeps backups >= ${MIN_PRODUCTION_BACKUP_DAYS} days (CKV_AWS_133 / AVD-AWS-0077 only want > 1)`,
  severity: 'error',
  appliesTo: ['aws_rds_cluster'],
  check: (a, ctx) => {
    const days = a.backup_retention_period;
    return ctx.production && !(typeof days === 'number' && days >= MIN_PRODUCTION_BACKUP_DAYS)
      ? `backup_retention_period is ${show(days)} in a production stack`
      : undefined;
  },
};
