import { nonProduction } from '../base';
import { defineEnvironment } from '../define';

export default defineEnvironment(nonProduction, {
  name: 'stg',
  accountId: '333333333333',
  domain: 'stg.example.com',
  network: { cidr: '10.20.0.0/16' },
});
