import { PROSPECT_STAGES, Prospect, ProspectStage } from '../shared/crm.models';

/**
 * The pipeline board's move rules. The server decides (allowed_stages comes with every
 * prospect and a PATCH outside it is a 409); the board only refuses early, explains why, and
 * lists the moves that would work.
 */

export type MoveRefusal = 'same' | 'read-only' | 'not-allowed';

export type MoveCheck =
  | { ok: true; to: ProspectStage }
  | { ok: false; reason: MoveRefusal; to: ProspectStage; allowed: ProspectStage[] };

/** The stages a prospect may move to, in board order (the server's list, de-duplicated). */
export function moveTargets(prospect: Pick<Prospect, 'stage' | 'allowed_stages'>): ProspectStage[] {
  const allowed = new Set(prospect.allowed_stages ?? []);
  return PROSPECT_STAGES.filter((stage) => stage !== prospect.stage && allowed.has(stage));
}

/** May the user move `prospect` to `to`? When not, why, and which moves would be accepted. */
export function checkMove(prospect: Pick<Prospect, 'stage' | 'allowed_stages'>, to: ProspectStage): MoveCheck {
  const allowed = moveTargets(prospect);
  if (to === prospect.stage) {
    return { ok: false, reason: 'same', to, allowed };
  }
  if (allowed.length === 0) {
    return { ok: false, reason: 'read-only', to, allowed };
  }
  if (!allowed.includes(to)) {
    return { ok: false, reason: 'not-allowed', to, allowed };
  }
  return { ok: true, to };
}

export function isProspectStage(value: unknown): value is ProspectStage {
  return typeof value === 'string' && (PROSPECT_STAGES as readonly string[]).includes(value);
}

/** The board's columns after moving `prospect` to `to` (placed first in its new column). */
export function applyMove(
  columns: Readonly<Record<ProspectStage, readonly Prospect[]>>,
  prospect: Prospect,
  to: ProspectStage,
): Record<ProspectStage, Prospect[]> {
  const next = {} as Record<ProspectStage, Prospect[]>;
  for (const stage of PROSPECT_STAGES) {
    next[stage] = columns[stage].filter((p) => p.prospect_id !== prospect.prospect_id);
  }
  next[to] = [{ ...prospect, stage: to }, ...next[to]];
  return next;
}
