import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';
import { Subscription } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { HistoryLinkComponent } from '../../../shared/components/history-link.component';
import { IdDatePipe, IdDateTimePipe, IdPercentPipe } from '../../../shared/format/format.pipes';
import { CrmApiService } from '../shared/crm-api.service';
import type { Customer360, CustomerActivity } from '../shared/crm.models';
import { isProspectStage } from '../prospects/pipeline';
import { ACTIVITY_ICONS } from '../shared/crm-icons';
import { StatusChipComponent } from '../shared/status-chip.component';
import { DetailPanelComponent } from '../shared/detail-panel.component';
import { TimelineComponent, TimelineRow } from '../shared/timeline.component';


/**
 * CRM → Customer 360: identity, prospects (stage chips), leads, tickets, recent activity,
 * possible duplicates, and the AR summary (a dash until the AR module lands).
 * Test ids: customer-detail, customer-identity, customer-prospects, customer-leads,
 * customer-tickets, customer-activities, customer-duplicates, customer-invoices.
 */
@Component({
  selector: 'bcc-customer-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDatePipe,
    IdDateTimePipe,
    IdPercentPipe,
    PageHeaderComponent,
    HistoryLinkComponent,
    StatusChipComponent,
    DetailPanelComponent,
    TimelineComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-detail-page.component.html',
  styleUrl: './customer-detail-page.component.scss',
})
export class CustomerDetailPageComponent {
  private readonly api = inject(CrmApiService);
  private readonly destroyRef = inject(DestroyRef);

  readonly id = input.required<string>();
  protected readonly data = signal<Customer360 | null>(null);
  protected readonly loading = signal(true);
  protected readonly notFound = signal(false);
  /** Recent activities as timeline rows: system entries (stage changes) in the stage colour. */
  protected readonly activityRows = computed<TimelineRow[]>(() =>
    (this.data()?.recent_activities ?? []).map((a) => {
      const move = this.stageMove(a);
      return {
        kind: a.is_system ? 'stage_change' : 'activity',
        icon: ACTIVITY_ICONS[a.activity_type] || 'info',
        title: [{ key: 'crm.activityType.' + a.activity_type }],
        detail: move
          ? [{ key: 'crm.stage.' + move[0] }, { text: ' → ' }, { key: 'crm.stage.' + move[1] }]
          : a.notes
            ? [{ text: a.notes }]
            : null,
        at: a.occurred_at,
        actor: a.owner_name,
      };
    }),
  );
  private sub: Subscription | null = null;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  /** A stage-change entry's `FROM → TO` note as two stage codes (to show them translated). */
  protected stageMove(a: CustomerActivity): [string, string] | null {
    if (a.activity_type !== 'stage_change' || !a.notes) return null;
    const m = /^([A-Z_]+)\s*→\s*([A-Z_]+)$/.exec(a.notes.trim());
    return m && isProspectStage(m[1]) && isProspectStage(m[2]) ? [m[1], m[2]] : null;
  }

  protected similarity(value: number | string | null): number | null {
    if (value === null || value === undefined || value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n * 100 : null;
  }

  private load(id: string): void {
    this.sub?.unsubscribe();
    this.loading.set(true);
    this.notFound.set(false);
    this.sub = this.api
      .getCustomer(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (data) => {
          this.data.set(data);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          if (toProblem(err).status === 404) this.notFound.set(true);
        },
      });
  }
}
