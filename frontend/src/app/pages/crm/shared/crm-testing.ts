import { EnvironmentProviders, importProvidersFrom, makeEnvironmentProviders, provideEnvironmentInitializer } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { TranslocoTestingModule } from '@jsverse/transloco';

import { registerIcons } from '../../../core/icons';
import { registerCrmIcons } from './crm-icons';

import en from '../../../../../public/i18n/en.json';
import id from '../../../../../public/i18n/id.json';
import crmEn from '../../../../../public/i18n/crm/en.json';
import crmId from '../../../../../public/i18n/crm/id.json';

/**
 * For the CRM specs only (never imported by the app): Transloco with the real global and "crm"
 * scope files, loaded synchronously, so rendered texts are the real Indonesian ones.
 */
export function provideCrmTranslocoTesting(): EnvironmentProviders {
  return makeEnvironmentProviders([
    importProvidersFrom(
      TranslocoTestingModule.forRoot({
        langs: { id, en, 'crm/id': crmId, 'crm/en': crmEn },
        translocoConfig: { availableLangs: ['id', 'en'], defaultLang: 'id', fallbackLang: 'id' },
        preloadLangs: true,
      }),
    ),
    // Dialogs and menus close at once (no exit animation to wait for).
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    // The app registers its icons at start-up and the CRM ones with the /crm route.
    provideEnvironmentInitializer(() => {
      registerIcons();
      registerCrmIcons();
    }),
  ]);
}

export function byTestId<T extends HTMLElement = HTMLElement>(host: ParentNode, testId: string): T | null {
  return host.querySelector<T>(`[data-testid="${testId}"]`);
}
