import { EnvironmentProviders, importProvidersFrom } from '@angular/core';
import { TranslocoTestingModule } from '@jsverse/transloco';

import en from '../../../../../public/i18n/en.json';
import id from '../../../../../public/i18n/id.json';
import ticketsEn from '../../../../../public/i18n/tickets/en.json';
import ticketsId from '../../../../../public/i18n/tickets/id.json';

/** Transloco with the global files plus the "tickets" scope merged in (as the route loads it). */
export function provideTicketsTranslocoTesting(): EnvironmentProviders {
  return importProvidersFrom(
    TranslocoTestingModule.forRoot({
      langs: { id: { ...id, tickets: ticketsId }, en: { ...en, tickets: ticketsEn } },
      translocoConfig: { availableLangs: ['id', 'en'], defaultLang: 'id', fallbackLang: 'id' },
      preloadLangs: true,
    }),
  );
}
