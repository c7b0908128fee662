import { isoTimestamptz } from './pg-types.js';

describe('isoTimestamptz', () => {
  it('turns PostgreSQL text output into ISO-8601 with a full offset', () => {
    expect(isoTimestamptz('2026-11-26 07:16:23.836+07')).toBe('2026-11-26T07:16:23.836+07:00');
    expect(isoTimestamptz('2026-01-01 00:00:00+05:30')).toBe('2026-01-01T00:00:00+05:30');
    expect(isoTimestamptz('2026-01-01 00:00:00-03')).toBe('2026-01-01T00:00:00-03:00');
  });
});
