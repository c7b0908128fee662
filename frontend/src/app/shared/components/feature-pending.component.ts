import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

import { NavKey, navItem } from '../../core/permissions';
import { PageHeaderComponent } from './page-header.component';

/**
 * Placeholder page for a console screen whose module is still being rolled out. Driven by route
 * data (`data: { navKey: 'leads' }`, bound through withComponentInputBinding): the header and
 * description come from the permissions map and `features.<navKey>` translations. Each feature
 * issue replaces its route's component with the real page.
 */
@Component({
  selector: 'bcc-feature-pending',
  imports: [MatButtonModule, MatCardModule, MatIconModule, RouterLink, TranslocoPipe, PageHeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bcc-page" [attr.data-testid]="'page-' + navKey()">
      <bcc-page-header
        [title]="item().labelKey | transloco"
        [subtitle]="'features.' + navKey() + '.summary' | transloco"
        [icon]="item().icon"
        titleTestId="page-title"
      />
      <mat-card appearance="outlined" class="pending" data-testid="feature-pending">
        <mat-card-header>
          <mat-icon mat-card-avatar svgIcon="info" class="pending__icon" />
          <mat-card-title>
            <h2 class="pending__title">{{ 'pending.title' | transloco }}</h2>
          </mat-card-title>
        </mat-card-header>
        <mat-card-content>
          <p>{{ 'features.' + navKey() + '.description' | transloco }}</p>
          <p class="pending__note">{{ 'pending.body' | transloco }}</p>
        </mat-card-content>
        <mat-card-actions>
          <a mat-button routerLink="/">{{ 'pending.backHome' | transloco }}</a>
        </mat-card-actions>
      </mat-card>
    </div>
  `,
  styles: `
    .pending {
      max-width: 720px;
    }
    .pending__icon {
      color: var(--mat-sys-primary);
      width: 40px;
      height: 40px;
    }
    .pending__title {
      margin: 0;
      font: inherit;
    }
    .pending__note {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class FeaturePendingComponent {
  readonly navKey = input.required<NavKey>();
  protected readonly item = computed(() => navItem(this.navKey()));
}
