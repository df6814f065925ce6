import { nonProduction } from '../base';
import { defineEnvironment } from '../define';

export default defineEnvironment(nonProduction, {
  name: 'dev',
  accountId: '222222222222',
  domain: 'dev.example.com',
  network: { cidr: '10.10.0.0/16' },
  services: {
    frontend: { environment: { LOG_LEVEL: 'debug' } },
    backend: { environment: { LOG_LEVEL: 'debug' } },
  },
  // Dev data is rebuilt from fixtures; a day of backups is enough.
  database: { backupRetentionDays: 1 },
});
