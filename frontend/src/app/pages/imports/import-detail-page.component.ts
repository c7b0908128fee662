import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Subscription, timer } from 'rxjs';

import { toProblem } from '../../core/http/problem';
import { NotificationService } from '../../core/notification.service';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { IdDateTimePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { ImportStatusChipComponent } from './import-status-chip.component';
import { saveDownload } from '../../shared/download';
import { ImportsApiService } from './imports-api.service';
import { type ImportRecord, type ImportRow, canProcess, isActive, progressPercent } from './imports.models';
import { ExportMenuComponent } from '../../shared/components/export-menu.component';

const POLL_MS = 1000;

/**
 * One import: live progress while the worker runs (polls GET /api/imports/{id} every second),
 * the summary, the error rows with their reasons ("column: reason") and the cells as uploaded,
 * the error download, and (re)processing.
 * Test ids: import-title, import-status, import-progress, import-progress-text, import-total,
 * import-success, import-errors, import-last-error, import-process, import-retry,
 * import-download-errors, import-errors-table, import-error-row-<row_number>, import-errors-more,
 * import-no-errors.
 */
@Component({
  selector: 'bcc-import-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    IdDateTimePipe,
    IdNumberPipe,
    PageHeaderComponent,
    ImportStatusChipComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './import-detail-page.component.html',
  styleUrl: './import-detail-page.component.scss',
})
export class ImportDetailPageComponent {
  private readonly api = inject(ImportsApiService);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';

  protected readonly imp = signal<ImportRecord | null>(null);
  protected readonly notFound = signal(false);
  protected readonly errors = signal<ImportRow[]>([]);
  protected readonly errorsCursor = signal<string | null>(null);
  protected readonly errorsLoading = signal(false);
  protected readonly busy = signal(false);

  protected readonly active = computed(() => {
    const i = this.imp();
    return !!i && isActive(i.status) && !i.is_stalled;
  });
  protected readonly percent = computed(() => {
    const i = this.imp();
    return i ? progressPercent(i) : 0;
  });
  protected readonly canRun = computed(() => {
    const i = this.imp();
    return !!i && canProcess(i);
  });
  protected readonly columns = computed(() => (this.imp()?.columns ?? []).filter((c) => c !== ''));
  private poll: Subscription | null = null;

  constructor() {
    this.refresh(true);
    this.destroyRef.onDestroy(() => this.poll?.unsubscribe());
  }

  /** Loads the import; keeps polling while it runs, then loads the error rows once. */
  private refresh(first: boolean): void {
    this.api
      .get(this.id, !first)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (i) => {
          const wasActive = this.active();
          this.imp.set(i);
          if (this.active()) {
            this.schedulePoll();
          } else if (first || wasActive) {
            this.loadErrors(true);
          }
        },
        error: (err: HttpErrorResponse) => {
          if (first && err.status === 404) this.notFound.set(true);
          else if (!first) this.schedulePoll();
        },
      });
  }

  private schedulePoll(): void {
    this.poll?.unsubscribe();
    this.poll = timer(POLL_MS).subscribe(() => this.refresh(false));
  }

  protected loadErrors(reset: boolean): void {
    this.errorsLoading.set(true);
    this.api
      .rows(this.id, 'ERROR', reset ? null : this.errorsCursor())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.errors.set(reset ? page.items : [...this.errors(), ...page.items]);
          this.errorsCursor.set(page.next_cursor);
          this.errorsLoading.set(false);
        },
        error: () => this.errorsLoading.set(false),
      });
  }

  /** Process (first time) or retry: rows already imported are skipped by the server. */
  protected process(): void {
    this.busy.set(true);
    this.api
      .process(this.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (i) => {
          this.busy.set(false);
          this.imp.set(i);
          this.errors.set([]);
          this.schedulePoll();
        },
        error: (err: unknown) => {
          this.busy.set(false);
          const p = toProblem(err);
          void this.notifications.error(p.detail ?? this.transloco.translate('imports.detail.processFailed'));
          this.refresh(false);
        },
      });
  }

  protected downloadErrors(): void {
    this.api.downloadErrors(this.id).subscribe((res) => saveDownload(res, `${this.id}-errors.csv`));
  }

  protected cell(row: ImportRow, column: string): string {
    return row.row_data?.[column] ?? '';
  }
}
