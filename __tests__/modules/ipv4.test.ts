import { cidrsOverlap, formatCidr, parseCidr, subnetCidr } from '../../modules/core';

describe('ipv4', () => {
  test('parses and formats a network CIDR', () => {
    const cidr = parseCidr('10.20.0.0/16');
    expect(cidr).toEqual({ network: 10 * 2 ** 24 + 20 * 2 ** 16, prefix: 16 });
    expect(formatCidr(cidr!)).toBe('10.20.0.0/16');
  });

  test.each(['10.0.0.0/33', '10.0.0.256/24', '10.0.0/16', '10.0.0.1/16', 'abc', '010.0.0.0/16', ''])(
    'refuses %p',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  test('subnetCidr carves the n-th block like Terraform cidrsubnet', () => {
    expect(subnetCidr('10.0.0.0/16', 20, 0)).toBe('10.0.0.0/20');
    expect(subnetCidr('10.0.0.0/16', 20, 15)).toBe('10.0.240.0/20');
    expect(subnetCidr('192.168.4.0/24', 28, 9)).toBe('192.168.4.144/28');
  });

  test('fails when the block does not fit', () => {
    expect(() => subnetCidr('10.0.0.0/16', 20, 16)).toThrow('block 16 of /20 does not fit in 10.0.0.0/16');
    expect(() => subnetCidr('10.0.0.0/16', 15, 0)).toThrow('does not fit');
  });

  test('overlap: nested and equal ranges overlap, adjacent ones do not', () => {
    const a = parseCidr('10.0.0.0/16')!;
    expect(cidrsOverlap(a, parseCidr('10.0.128.0/20')!)).toBe(true);
    expect(cidrsOverlap(a, parseCidr('10.0.0.0/16')!)).toBe(true);
    expect(cidrsOverlap(a, parseCidr('10.1.0.0/16')!)).toBe(false);
    expect(cidrsOverlap(parseCidr('10.0.0.0/8')!, a)).toBe(true);
  });
});
