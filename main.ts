import { App } from 'cdktf';
import { environments, project } from './envs';
import { ConfigError, assertValid } from './envs/validate';
import { EnvironmentStack } from './stacks/environment-stack';
import { ServiceStack } from './stacks/service-stack';
import { SharedStack } from './stacks/shared-stack';
import { StateStack } from './stacks/state-stack';

// Validate before any construct exists, so bad config writes nothing to cdktf.out.
try {
  assertValid(project, environments);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = new App();
new StateStack(app, 'state', project);
const shared = new SharedStack(app, 'shared', project, environments);
for (const env of environments) {
  const environment = new EnvironmentStack(app, env.name, { project, env, shared });
  for (const serviceName of Object.keys(env.services)) {
    new ServiceStack(app, `${env.name}-${serviceName}`, { project, env, serviceName, environment, shared });
  }
}
app.synth();
