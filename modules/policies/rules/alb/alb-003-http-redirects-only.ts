import { blocks } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { LISTENERS, isHttp, notRedirectToHttps } from './listeners';

export const ALB_003_HTTP_REDIRECTS_ONLY: PolicyRule = {
  id: 'ALB-003',
  reason: 'HTTP listeners only redirect to HTTPS (CKV_AWS_2 / CKV2_AWS_20 / AVD-AWS-0054)',
  severity: 'error',
  appliesTo: LISTENERS,
  check: (a) => (isHttp(a) ? notRedirectToHttps(blocks(a.default_action), 'default_action') : undefined),
};
