import { TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { allowedOf } from './problems';

/** A refused move (409): the server's explanation and the moves it would accept. */
export interface Conflict {
  detail: string;
  allowed: string[];
}

/**
 * Builds the Conflict shown for a 409: `detail` from the server, `allowed` from its body.
 * `labelPrefix` translates the allowed values (`crm.leadStatus.` / `crm.stage.`).
 */
export function conflictOf(err: unknown, transloco: TranslocoService, fallbackKey: string): Conflict {
  const problem = toProblem(err);
  return {
    detail: problem.detail ?? transloco.translate(fallbackKey),
    allowed: allowedOf(err),
  };
}

export function allowedLabels(allowed: readonly string[], transloco: TranslocoService, labelPrefix: string): string {
  if (allowed.length === 0) {
    return transloco.translate('crm.common.noneAllowed');
  }
  return allowed.map((value) => transloco.translate(`${labelPrefix}${value}`)).join(', ');
}
