import { PROSPECT_STAGES, Prospect, ProspectStage } from '../shared/crm.models';
import { applyMove, checkMove, isProspectStage, moveTargets } from './pipeline';

function prospect(stage: ProspectStage, allowed: ProspectStage[], id = 'PR-2026-000001'): Prospect {
  return {
    prospect_id: id,
    customer_id: 'CU-2026-000001',
    customer_company_name: 'PT Maju Jaya',
    owner_user_id: 'u-1',
    owner_name: 'Siti',
    stage,
    stage_changed_at: '2026-01-15T10:00:00+07:00',
    allowed_stages: allowed,
  };
}

describe('pipeline move rules', () => {
  const salesNew = prospect('NEW', ['CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST']);

  it('accepts a move to a stage in allowed_stages (forward, skipping stages)', () => {
    expect(checkMove(salesNew, 'CONTACTED')).toEqual({ ok: true, to: 'CONTACTED' });
    expect(checkMove(salesNew, 'QUOTATION')).toEqual({ ok: true, to: 'QUOTATION' });
    expect(checkMove(salesNew, 'LOST')).toEqual({ ok: true, to: 'LOST' });
  });

  it('refuses a stage outside allowed_stages and lists the allowed ones in board order', () => {
    const p = prospect('QUOTATION', ['LOST', 'NEGOTIATION', 'WON']);
    const check = checkMove(p, 'CONTACTED');
    expect(check).toEqual({ ok: false, reason: 'not-allowed', to: 'CONTACTED', allowed: ['NEGOTIATION', 'WON', 'LOST'] });
  });

  it('refuses every move of a prospect that is read-only for this user', () => {
    const won = prospect('WON', []);
    for (const stage of PROSPECT_STAGES.filter((s) => s !== 'WON')) {
      expect(checkMove(won, stage)).toEqual({ ok: false, reason: 'read-only', to: stage, allowed: [] });
    }
  });

  it('treats a drop on its own column as no move', () => {
    expect(checkMove(salesNew, 'NEW')).toMatchObject({ ok: false, reason: 'same' });
  });

  it('lets a manager reopen WON to CONTACTED when the server allows it', () => {
    const won = prospect('WON', ['CONTACTED']);
    expect(checkMove(won, 'CONTACTED')).toEqual({ ok: true, to: 'CONTACTED' });
    expect(checkMove(won, 'NEW')).toMatchObject({ ok: false, reason: 'not-allowed', allowed: ['CONTACTED'] });
  });

  it('moveTargets ignores the current stage and unknown values', () => {
    const odd = prospect('NEW', ['NEW', 'CONTACTED', 'BOGUS' as ProspectStage, 'CONTACTED']);
    expect(moveTargets(odd)).toEqual(['CONTACTED']);
  });

  it('applyMove puts the card first in its new column with the new stage', () => {
    const a = prospect('NEW', ['CONTACTED'], 'PR-A');
    const b = prospect('CONTACTED', ['QUOTATION'], 'PR-B');
    const columns = Object.fromEntries(PROSPECT_STAGES.map((s) => [s, [] as Prospect[]])) as Record<ProspectStage, Prospect[]>;
    columns.NEW = [a];
    columns.CONTACTED = [b];
    const next = applyMove(columns, a, 'CONTACTED');
    expect(next.NEW).toEqual([]);
    expect(next.CONTACTED.map((p) => [p.prospect_id, p.stage])).toEqual([
      ['PR-A', 'CONTACTED'],
      ['PR-B', 'CONTACTED'],
    ]);
    // The input is left untouched (signals get a new object).
    expect(columns.NEW).toEqual([a]);
  });

  it('isProspectStage guards drop-list data', () => {
    expect(isProspectStage('NEGOTIATION')).toBe(true);
    expect(isProspectStage('negotiation')).toBe(false);
    expect(isProspectStage(undefined)).toBe(false);
  });
});
