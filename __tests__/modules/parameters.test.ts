import { Lazy, TerraformOutput } from 'cdktf';
import { Parameters, ParametersProps, SECURE_PLACEHOLDER } from '../../modules/parameters';
import { parse, resources, synthConstruct } from '../helpers';

const PROPS: ParametersProps = {
  prefix: '/webapp/dev',
  values: { 'db/host': 'db.dev.internal', 'backend/feature-flag': 'on' },
  secureNames: ['backend/api-key'],
};

function synth(props: ParametersProps) {
  let parameters: Parameters | undefined;
  const json = synthConstruct((scope) => {
    parameters = new Parameters(scope, 'parameters', props);
    for (const path of Object.keys(parameters.arns)) {
      new TerraformOutput(scope, `arn-${path.replace(/\//g, '-')}`, { value: parameters.arn(path) });
    }
  });
  const byName = (name: string) => {
    const found = resources(json, 'aws_ssm_parameter').filter((p) => p.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { json, parameters: parameters!, byName };
}

describe('Parameters', () => {
  test('creates a String parameter per value, named under the prefix', () => {
    // GIVEN / WHEN
    const { json, byName } = synth(PROPS);

    // THEN
    expect(
      resources(json, 'aws_ssm_parameter')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['/webapp/dev/backend/api-key', '/webapp/dev/backend/feature-flag', '/webapp/dev/db/host']);
    expect(byName('/webapp/dev/db/host')).toMatchObject({
      type: 'String',
      insecure_value: 'db.dev.internal',
      tier: 'Standard',
    });
    expect(byName('/webapp/dev/backend/feature-flag')).toMatchObject({
      type: 'String',
      insecure_value: 'on',
    });
  });

  test('creates secure names as SecureString with the placeholder written write-only', () => {
    // GIVEN / WHEN
    const { byName } = synth(PROPS);

    // THEN
    const secure = byName('/webapp/dev/backend/api-key');
    expect(secure).toMatchObject({
      type: 'SecureString',
      value_wo: SECURE_PLACEHOLDER,
      value_wo_version: 1,
    });
    expect(SECURE_PLACEHOLDER).toBe('set-me-outside-terraform');
    // `value` (or `insecure_value`) would be read back into state on every refresh.
    expect(secure).not.toHaveProperty('value');
    expect(secure).not.toHaveProperty('insecure_value');
    // Any in-place update of these would send an empty value, which AWS refuses.
    expect(secure).not.toHaveProperty('description');
    expect(secure).not.toHaveProperty('tier');
  });

  test('the placeholder appears only as a write-only value', () => {
    const { json } = synth(PROPS);
    const occurrences = json.split(SECURE_PLACEHOLDER).length - 1;
    expect(occurrences).toBe(1);
    expect(json).toContain(`"value_wo": "${SECURE_PLACEHOLDER}"`);
  });

  test('accepts token values', () => {
    // GIVEN
    const props = {
      ...PROPS,
      values: { 'db/host': Lazy.stringValue({ produce: () => '${aws_rds_cluster.db.endpoint}' }) },
    };

    // WHEN
    const { byName } = synth(props);

    // THEN
    expect(byName('/webapp/dev/db/host').insecure_value).toBe('${aws_rds_cluster.db.endpoint}');
  });

  test('arn() and name() answer for every path, plain and secure', () => {
    // GIVEN / WHEN
    const { parameters, json } = synth(PROPS);

    // THEN
    expect(parameters.name('db/host')).toBe('/webapp/dev/db/host');
    expect(parameters.name('backend/api-key')).toBe('/webapp/dev/backend/api-key');
    expect(Object.keys(parameters.arns).sort()).toEqual([
      'backend/api-key',
      'backend/feature-flag',
      'db/host',
    ]);
    const synthesized = parse(json);
    const resourceName = Object.entries(synthesized.resource?.aws_ssm_parameter ?? {}).find(
      ([, body]) => body.name === '/webapp/dev/backend/api-key',
    )?.[0];
    expect(synthesized.output?.['arn-backend-api-key']?.value).toBe(
      `\${aws_ssm_parameter.${resourceName}.arn}`,
    );
  });

  test('fails when arn() or name() is asked for an unknown path', () => {
    const { parameters } = synth(PROPS);
    expect(() => parameters.arn('db/port')).toThrow(
      'Parameters parameters: no parameter "db/port"; known: backend/api-key, backend/feature-flag, db/host',
    );
    expect(() => parameters.name('/webapp/dev/db/host')).toThrow('no parameter "/webapp/dev/db/host"');
  });

  test('has no secure parameters by default', () => {
    const { json } = synth({ prefix: '/webapp/dev', values: { a: 'b' } });
    expect(resources(json, 'aws_ssm_parameter').map((p) => p.type)).toEqual(['String']);
  });

  describe('validation', () => {
    const fails = (props: Partial<ParametersProps>, message: string) =>
      expect(() => synth({ ...PROPS, ...props })).toThrow(message);

    test.each(['webapp/dev', '/webapp/dev/', '/webapp//dev', '/webapp/d ev', '/'])(
      'fails when the prefix is %p',
      (prefix) => {
        fails(
          { prefix },
          `parameters.prefix: "${prefix}" is not an absolute SSM path (accepted: /segment[/segment...]`,
        );
      },
    );

    test('fails when the prefix starts with a segment SSM reserves', () => {
      fails({ prefix: '/aws/webapp' }, 'parameters.prefix: "/aws/webapp" starts with a segment SSM reserves');
      fails({ prefix: '/SSM-things' }, 'parameters.prefix: "/SSM-things" starts with a segment SSM reserves');
    });

    test.each(['/db/host', 'db/host/', 'db//host', 'db/ho st', ''])(
      'fails when a relative path is %p',
      (path) => {
        fails({ values: { [path]: 'x' } }, `parameters.values.${path}: "${path}" is not a relative SSM path`);
        fails(
          { values: {}, secureNames: [path] },
          `parameters.secureNames[0]: "${path}" is not a relative SSM path`,
        );
      },
    );

    test('fails when a name is both plain and secure', () => {
      fails(
        { secureNames: ['db/host'] },
        'parameters.secureNames[0]: "db/host" is both a plain value and a secure name (or listed twice)',
      );
    });

    test('fails when two paths would share a state address', () => {
      fails(
        { values: { 'db/host': 'a', 'db.host': 'b' } },
        'parameters.values.db.host: "db.host" differs from "db/host" only in / . _ - (they would share a state address)',
      );
    });

    test('fails when the hierarchy is deeper than SSM allows', () => {
      const deep = Array.from({ length: 14 }, (_, i) => `l${i}`).join('/');
      fails({ values: { [deep]: 'x' } }, 'deeper than 15 levels (accepted: at most 15 levels in all)');
    });

    test('accepts a token prefix without judging it', () => {
      expect(() =>
        synth({ ...PROPS, prefix: Lazy.stringValue({ produce: () => 'not checked' }) }),
      ).not.toThrow();
    });
  });
});
