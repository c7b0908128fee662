import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';

import { ExportMenuComponent } from '../../../shared/components/export-menu.component';
import { SOURCE_CHANNELS, type MarketingListQuery, type SourceChannel } from '../shared/crm.models';
import type { CursorList } from '../shared/list-state';

/** The filter form of a marketing list (channel, from, to). */
export type MarketingFilters = FormGroup<{
  channel: FormControl<SourceChannel | ''>;
  from: FormControl<string>;
  to: FormControl<string>;
}>;

/** What the card reads from (and asks of) the page's CursorList. */
export type MarketingListState = Pick<
  CursorList<unknown, MarketingListQuery>,
  'items' | 'loading' | 'loaded' | 'loadingMore' | 'nextCursor' | 'currentQuery' | 'loadMore'
>;

/**
 * The list card of a marketing tab (events, spend): the filter bar (channel, from, to, then any
 * content marked `filtersExtra`, then the export menu), the loading bar, the page's projected
 * `mat-table`, the empty text and "load more". Test ids: `<testPrefix>-filter-channel`,
 * `-filter-from`, `-filter-to`, `-export`, `-more`.
 */
@Component({
  selector: 'bcc-crm-marketing-list-card',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <form class="filters" [formGroup]="filters()" role="search" [attr.aria-label]="filtersLabel()" (submit)="$event.preventDefault()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="filters__field">
          <mat-label>{{ 'crm.marketing.channel' | transloco }}</mat-label>
          <mat-select formControlName="channel" [attr.data-testid]="testPrefix() + '-filter-channel'">
            <mat-option value="">{{ 'crm.common.any' | transloco }}</mat-option>
            @for (c of channels; track c) {
              <mat-option [value]="c">{{ 'crm.channel.' + c | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @for (bound of bounds; track bound) {
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="filters__field">
            <mat-label>{{ 'crm.marketing.' + bound | transloco }}</mat-label>
            <input matInput type="date" [formControlName]="bound" [attr.data-testid]="testPrefix() + '-filter-' + bound" />
          </mat-form-field>
        }
        <ng-content select="[filtersExtra]" />
        <bcc-export-menu [list]="exportList()" [params]="list().currentQuery()" [testId]="testPrefix() + '-export'" />
      </form>
      <div class="progress">
        @if (list().loading()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | transloco" />
        }
      </div>
      <div class="bcc-table-scroll">
        <ng-content />
      </div>
      @if (list().loaded() && list().items().length === 0) {
        <p class="empty">{{ emptyText() }}</p>
      }
      @if (list().nextCursor()) {
        <div class="more">
          <button mat-stroked-button type="button" (click)="list().loadMore()" [disabled]="list().loadingMore()" [attr.data-testid]="testPrefix() + '-more'">
            {{ (list().loadingMore() ? 'common.loading' : 'common.loadMore') | transloco }}
          </button>
        </div>
      }
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }

    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      padding: 16px 16px 8px;
    }

    .filters__field {
      flex: 1 1 170px;
      max-width: 240px;

      @media (max-width: 599.98px) {
        max-width: none;
      }
    }

    .progress {
      height: 4px;
    }

    .empty {
      padding: 24px 16px;
      text-align: center;
      color: var(--mat-sys-on-surface-variant);
    }

    .more {
      display: flex;
      justify-content: center;
      padding: 12px 0 16px;
    }
  `,
})
export class MarketingListCardComponent {
  readonly filters = input.required<MarketingFilters>();
  /** The filter bar's accessible name (role="search"). */
  readonly filtersLabel = input.required<string>();
  /** `mkt-events` | `mkt-spend`: the start of every test id in the card. */
  readonly testPrefix = input.required<string>();
  /** The export list key (`marketing/events`, `marketing/spend`). */
  readonly exportList = input.required<string>();
  readonly list = input.required<MarketingListState>();
  readonly emptyText = input.required<string>();

  protected readonly channels = SOURCE_CHANNELS;
  protected readonly bounds = ['from', 'to'] as const;
}
