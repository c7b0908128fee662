import { EnvironmentProviders, importProvidersFrom, makeEnvironmentProviders, provideEnvironmentInitializer } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { TranslocoTestingModule } from '@jsverse/transloco';

import { registerIcons } from '../../../core/icons';

import en from '../../../../../public/i18n/en.json';
import id from '../../../../../public/i18n/id.json';
import arEn from '../../../../../public/i18n/ar/en.json';
import arId from '../../../../../public/i18n/ar/id.json';
import kpiEn from '../../../../../public/i18n/kpi/en.json';
import kpiId from '../../../../../public/i18n/kpi/id.json';

/**
 * For the KPI and AR specs only (never imported by the app): Transloco with the real global,
 * "kpi" and "ar" files loaded synchronously, Material without animations, the console icons.
 */
export function provideKpiArTesting(): EnvironmentProviders {
  return makeEnvironmentProviders([
    importProvidersFrom(
      TranslocoTestingModule.forRoot({
        langs: { id, en, 'kpi/id': kpiId, 'kpi/en': kpiEn, 'ar/id': arId, 'ar/en': arEn },
        translocoConfig: { availableLangs: ['id', 'en'], defaultLang: 'id', fallbackLang: 'id' },
        preloadLangs: true,
      }),
    ),
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    provideEnvironmentInitializer(() => registerIcons()),
  ]);
}

export function byId<T extends HTMLElement = HTMLElement>(root: ParentNode, testId: string): T | null {
  return root.querySelector<T>(`[data-testid="${testId}"]`);
}
