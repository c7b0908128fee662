import { auditDiff, formatAuditValue, nameMap } from './audit-diff';

const WORDS = { yes: 'ya', no: 'tidak' };
const SITI = 'a3c1e2f4-1111-4222-8333-944455556666';

describe('audit diff', () => {
  it('UPDATE: only the fields that changed, old → new, without bookkeeping columns', () => {
    const lines = auditDiff({
      action: 'UPDATE',
      before_data: { lead_id: 'LD-1', status: 'NEW', sales_owner_user_id: null, updated_at: '2026-11-01T01:00:00Z', meta: { a: 1, b: 2 } },
      after_data: { lead_id: 'LD-1', status: 'QUALIFIED', sales_owner_user_id: SITI, updated_at: '2026-11-02T01:00:00Z', meta: { b: 2, a: 1 } },
    });
    expect(lines).toEqual([
      { field: 'sales_owner_user_id', kind: 'changed', before: null, after: SITI },
      { field: 'status', kind: 'changed', before: 'NEW', after: 'QUALIFIED' },
    ]);
  });

  it("UPDATE: uses the API's list of changes when given", () => {
    const lines = auditDiff({
      action: 'UPDATE',
      before_data: { a: 1 },
      after_data: { a: 2 },
      changes: [
        { field: 'a', before: 1, after: 2 },
        { field: 'last_activity_at', before: 'x', after: 'y' },
      ],
    });
    expect(lines).toEqual([{ field: 'a', kind: 'changed', before: 1, after: 2 }]);
  });

  it('INSERT: the values written (empty ones left out); DELETE: the values removed', () => {
    expect(auditDiff({ action: 'INSERT', before_data: null, after_data: { status: 'NEW', notes: null, amount: '10.00' } })).toEqual([
      { field: 'amount', kind: 'added', before: null, after: '10.00' },
      { field: 'status', kind: 'added', before: null, after: 'NEW' },
    ]);
    expect(auditDiff({ action: 'DELETE', before_data: { holiday_date: '2026-12-25', name: 'Natal', note: '' }, after_data: null })).toEqual([
      { field: 'holiday_date', kind: 'removed', before: '2026-12-25', after: null },
      { field: 'name', kind: 'removed', before: 'Natal', after: null },
    ]);
  });

  it('writes values readably: names for user ids, id-ID dates in WIB, rupiah, yes/no, JSON', () => {
    const names = nameMap([{ user_id: SITI.toUpperCase(), full_name: 'Siti Rahmawati' }]);
    expect(formatAuditValue(SITI, 'sales_owner_user_id', names, WORDS)).toBe('Siti Rahmawati');
    expect(formatAuditValue('b3c1e2f4-1111-4222-8333-944455556666', 'created_by', names, WORDS)).toBe('b3c1e2f4-1111-4222-8333-944455556666');
    expect(formatAuditValue('2026-11-25T17:30:00Z', 'changed_at', names, WORDS)).toBe('26 Nov 2026, 00.30 WIB');
    expect(formatAuditValue('2026-12-25', 'holiday_date', names, WORDS)).toBe('25 Des 2026');
    expect(formatAuditValue('1500000.00', 'amount', names, WORDS)).toBe('Rp\u00a01.500.000');
    expect(formatAuditValue('1500000.00', 'weight_kg', names, WORDS)).toBe('1500000.00');
    expect(formatAuditValue(true, 'is_active', names, WORDS)).toBe('ya');
    expect(formatAuditValue(null, 'x', names, WORDS)).toBe('—');
    expect(formatAuditValue({ lat: 1 }, 'location', names, WORDS)).toBe('{"lat":1}');
  });
});
