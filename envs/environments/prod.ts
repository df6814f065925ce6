import { production } from '../base';
import { defineEnvironment } from '../define';

export default defineEnvironment(production, {
  name: 'prod',
  accountId: '444444444444',
  domain: 'example.com',
  network: { cidr: '10.30.0.0/16' },
});
