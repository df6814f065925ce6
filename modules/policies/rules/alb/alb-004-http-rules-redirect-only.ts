import { blocks } from '../../../core';
import { referencedElement } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';
import { LISTENERS, LISTENER_RULES, isHttp, notRedirectToHttps } from './listeners';

export const ALB_004_HTTP_RULES_REDIRECT_ONLY: PolicyRule = {
  id: 'ALB-004',
  reason: 'listener rules on an HTTP listener only redirect to HTTPS (the gap CKV2_AWS_20 leaves)',
  severity: 'error',
  appliesTo: LISTENER_RULES,
  check: (a, _ctx, stack) => {
    const listener = referencedElement(a.listener_arn, stack);
    return listener && LISTENERS.includes(listener.type) && isHttp(listener.attrs)
      ? notRedirectToHttps(blocks(a.action), `action (listener ${listener.address} is HTTP)`)
      : undefined;
  },
};
