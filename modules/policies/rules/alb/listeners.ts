import { block, type Attributes } from '../../../core';
import { show } from '../../attributes';

export const LOAD_BALANCERS = ['aws_lb', 'aws_alb'];
export const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
export const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];

export function isHttp(listener: Attributes): boolean {
  // The provider defaults an ALB listener's protocol to HTTP.
  return (listener.protocol ?? 'HTTP') === 'HTTP';
}

export function notRedirectToHttps(actions: readonly Attributes[], where: string): string | undefined {
  if (actions.length === 0) return `${where} is empty`;
  const wrong = actions.filter((x) => x.type !== 'redirect' || block(x.redirect)?.protocol !== 'HTTPS');
  return wrong.length > 0
    ? `${where} has ${wrong.map((x) => show(x.type)).join(', ')}, not only redirects to HTTPS`
    : undefined;
}
