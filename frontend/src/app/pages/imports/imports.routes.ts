import { Routes } from '@angular/router';

import { pendingRoute } from '../../shared/components/feature-pending.route';

/** /imports — upload, preview, progress, errors, retry, history, templates. */
export const IMPORTS_ROUTES: Routes = [pendingRoute('', 'imports')];
