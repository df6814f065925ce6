import { changeRecords, decide, type DocumentStatement } from './iam-evaluation';

/** The test helper that evaluates policies must itself follow IAM's rules, or its verdicts prove nothing. */
describe('decide (IAM evaluation for tests)', () => {
  const allow = (condition: DocumentStatement['condition']): DocumentStatement => ({
    actions: ['route53:ChangeResourceRecordSets'],
    resources: ['zone'],
    condition,
  });
  const request = (context: Record<string, string[]>) => ({
    action: 'route53:ChangeResourceRecordSets',
    resource: 'zone',
    context,
  });
  const key = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';

  test('ForAllValues holds when every value matches, and when the key is absent', () => {
    const s = allow([{ test: 'ForAllValues:StringLike', variable: key, values: ['*.a.com'] }]);
    expect(decide([s], request({ [key]: ['x.a.com', 'y.a.com'] }))).toBe('allowed');
    expect(decide([s], request({ [key]: ['x.a.com', 'b.com'] }))).toBe('implicitly denied');
    expect(decide([s], request({}))).toBe('allowed');
  });

  test('Null "false" holds only when the key is present', () => {
    const s = allow([{ test: 'Null', variable: key, values: ['false'] }]);
    expect(decide([s], request({ [key]: ['x'] }))).toBe('allowed');
    expect(decide([s], request({}))).toBe('implicitly denied');
  });

  test('ForAnyValue holds when one value matches, never when the key is absent', () => {
    const s = allow([{ test: 'ForAnyValue:StringEquals', variable: key, values: ['b.com'] }]);
    expect(decide([s], request({ [key]: ['x.a.com', 'b.com'] }))).toBe('allowed');
    expect(decide([s], request({}))).toBe('implicitly denied');
  });

  test('an explicit Deny wins over an Allow; wildcards match across dots, case counts', () => {
    const statements: DocumentStatement[] = [
      allow([]),
      { ...allow([{ test: 'ForAnyValue:StringLike', variable: key, values: ['*.b.com'] }]), effect: 'Deny' },
    ];
    expect(decide(statements, request({ [key]: ['x.y.b.com'] }))).toBe('explicitly denied');
    expect(decide(statements, request({ [key]: ['X.Y.B.COM'] }))).toBe('allowed');
  });

  test('throws on operators it does not evaluate rather than guess', () => {
    const s = allow([{ test: 'StringNotEquals', variable: key, values: ['a'] }]);
    expect(() => decide([s], request({ [key]: ['a'] }))).toThrow('StringNotEquals is not evaluated here');
  });

  test('changeRecords normalizes names the way Route 53 documents', () => {
    expect(
      changeRecords('zone', [{ action: 'CREATE', name: '*.Dev.Example.com.', type: 'A' }]).context[key],
    ).toEqual(['\\052.dev.example.com']);
  });
});
