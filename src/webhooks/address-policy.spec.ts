import { classifyAddress, refusedAddress, v6Bytes } from './address-policy.js';

const kindOf = (ip: string) => classifyAddress(ip)?.kind ?? 'public';

describe('the addresses a webhook may not reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.7', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ])('IPv4 %s is %s', (ip, kind) => {
    expect(kindOf(ip)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '11.0.0.1',
    '223.255.255.255',
  ])('IPv4 %s is on the internet (the edges of each block too)', (ip) => {
    expect(kindOf(ip)).toBe('public');
  });

  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['FD00:0EC2:0000:0000:0000:0000:0000:0254', 'metadata'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['64:ff9b:1::10', 'private'],
  ])('IPv6 %s is %s', (ip, kind) => {
    expect(kindOf(ip)).toBe(kind);
  });

  it.each(['2606:4700:4700::1111', '2a00:1450:4007:80f::200e', '2001:4860:4860::8888', 'fbff::1'])('IPv6 %s is on the internet', (ip) => {
    expect(kindOf(ip)).toBe('public');
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['::FFFF:10.1.2.3', 'private', '10.1.2.3'],
    ['::ffff:a9fe:a9fe', 'metadata', '169.254.169.254'],
    ['::ffff:169.254.169.254', 'metadata', '169.254.169.254'],
    ['::ffff:100.64.1.1', 'carrier-grade NAT', '100.64.1.1'],
    ['::127.0.0.1', 'loopback', '127.0.0.1'],
    ['64:ff9b::10.0.0.1', 'private', '10.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'metadata', '169.254.169.254'],
    ['2002:c0a8:0101::1', 'private', '192.168.1.1'],
    ['2002:7f00:1::', 'loopback', '127.0.0.1'],
  ])('an IPv6 address carrying IPv4 is judged by it: %s is %s (%s)', (ip, kind, embedded) => {
    expect(classifyAddress(ip)).toEqual({ kind, embedded });
  });

  it('lets IPv6 carrying a public IPv4 address through', () => {
    expect(classifyAddress('::ffff:8.8.8.8')).toBeNull();
    expect(classifyAddress('64:ff9b::808:808')).toBeNull();
    expect(classifyAddress('2002:808:808::1')).toBeNull();
  });

  it('refuses what is not an IP address at all', () => {
    expect(kindOf('localhost')).toBe('reserved');
    expect(kindOf('')).toBe('reserved');
    expect(kindOf('999.1.1.1')).toBe('reserved');
  });

  it('reads IPv6 text into its 16 bytes', () => {
    expect(v6Bytes('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(v6Bytes('fd00:ec2::254')).toEqual([0xfd, 0, 0x0e, 0xc2, ...Array(10).fill(0), 0x02, 0x54]);
    expect(v6Bytes('::ffff:1.2.3.4')).toEqual([...Array(10).fill(0), 0xff, 0xff, 1, 2, 3, 4]);
    expect(v6Bytes('1:2:3:4:5:6:7:8')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(v6Bytes('1::')).toEqual([0, 1, ...Array(14).fill(0)]);
  });

  describe('refusedAddress', () => {
    it('says why', () => {
      expect(refusedAddress('10.0.0.5', false)).toBe('a private address');
      expect(refusedAddress('::ffff:127.0.0.1', false)).toBe('a loopback address (this machine) (the IPv4 address 127.0.0.1 inside an IPv6 one)');
      expect(refusedAddress('169.254.169.254', false)).toBe('a cloud metadata address');
      expect(refusedAddress('93.184.216.34', false)).toBeNull();
    });

    it('lets WEBHOOK_ALLOW_PRIVATE open everything but the metadata addresses', () => {
      for (const ip of ['127.0.0.1', '::1', '10.0.0.5', '192.168.0.2', 'fd12::1', 'fe80::1', '100.64.0.1', '::ffff:127.0.0.1']) {
        expect([ip, refusedAddress(ip, true)]).toEqual([ip, null]);
      }
      for (const ip of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe']) {
        expect(refusedAddress(ip, true)).toMatch(/^a cloud metadata address/);
      }
    });
  });
});
