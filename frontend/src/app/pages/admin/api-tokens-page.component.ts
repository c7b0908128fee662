import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

import { ApiTokensComponent } from '../../shared/api-tokens/api-tokens.component';
import { PageHeaderComponent } from '../../shared/components/page-header.component';

/** Admin → API tokens: the administrator's own partner tokens (the same card as on /me). */
@Component({
  selector: 'bcc-api-tokens-page',
  imports: [TranslocoPipe, ApiTokensComponent, PageHeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bcc-page" data-testid="page-api-tokens">
      <bcc-page-header
        [title]="'nav.apiTokens' | transloco"
        [subtitle]="'apiTokens.adminSubtitle' | transloco"
        icon="key"
        titleTestId="page-title"
      />
      <bcc-api-tokens />
    </div>
  `,
})
export class ApiTokensPageComponent {}
