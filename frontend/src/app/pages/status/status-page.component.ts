import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

import { PageHeaderComponent } from '../../shared/components/page-header.component';

export type StatusKind = 'forbidden' | 'not-found';

/** /forbidden (role may not open a screen) and the catch-all "page not found". */
@Component({
  selector: 'bcc-status-page',
  imports: [MatButtonModule, MatCardModule, RouterLink, TranslocoPipe, PageHeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let key = kind() === 'forbidden' ? 'status.forbidden' : 'status.notFound';
    <div class="bcc-page" [attr.data-testid]="'status-' + kind()">
      <bcc-page-header [title]="key + '.title' | transloco" [icon]="kind() === 'forbidden' ? 'lock' : 'search'" titleTestId="page-title" />
      <mat-card appearance="outlined" class="status-card">
        <mat-card-content>
          <p>{{ key + '.body' | transloco }}</p>
        </mat-card-content>
        <mat-card-actions>
          <a mat-flat-button routerLink="/">{{ 'status.goHome' | transloco }}</a>
        </mat-card-actions>
      </mat-card>
    </div>
  `,
  styles: `
    .status-card {
      max-width: 640px;
    }
  `,
})
export class StatusPageComponent {
  readonly kind = input<StatusKind>('not-found');
}
