import { canonicalJson, requestHash } from './idempotency.service.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined, keeping array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('hashes equal bodies equally and different bodies differently', () => {
    expect(requestHash({ x: 1, y: 'é' })).toBe(requestHash({ y: 'é', x: 1 }));
    expect(requestHash({ x: 1 })).not.toBe(requestHash({ x: '1' }));
    expect(requestHash(null)).toBe(requestHash(undefined));
  });
});
