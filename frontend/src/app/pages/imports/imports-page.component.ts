import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Subscription } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { toProblem } from '../../core/http/problem';
import { NotificationService } from '../../core/notification.service';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../shared/components/filter-chips.component';
import { syncQueryParams } from '../../shared/url-state';
import { IdDateTimePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { type ColumnCheck, type CsvPreview, checkColumns, parseCsvPreview } from './csv-preview';
import { ImportStatusChipComponent } from './import-status-chip.component';
import { saveDownload } from '../../shared/download';
import { ImportsApiService } from './imports-api.service';
import {
  IMPORT_MODULES,
  type ImportModule,
  type ImportRecord,
  type ImportStatus,
  type TemplateColumn,
  isActive,
  modulesForRole,
} from './imports.models';
import { ExportMenuComponent } from '../../shared/components/export-menu.component';

const PREVIEW_BYTES = 64 * 1024;
const MAX_BYTES = 100 * 1024 * 1024;
const XLSX = /\.xlsx$/i;
const CSV = /\.(csv|txt)$/i;

/**
 * Imports: pick a module, download its template, drop a CSV/XLSX, see the first rows and the
 * column check before uploading, upload (processing starts right away by default) and follow
 * it on the import's page; below, the history of imports the user may see.
 * Test ids: imports-module, imports-template, imports-columns, imports-dropzone,
 * imports-file-input, imports-file, imports-preview, imports-column-check, imports-process-now,
 * imports-upload, imports-upload-progress, imports-error, imports-history,
 * imports-history-row-<import_id>, imports-history-more, imports-filter-module, imports-filter-status.
 */
export const IMPORT_DRILL: DrillDefs = {
  ranges: [{ from: 'created_from', to: 'created_to', kind: 'date', label: 'imports.drill.created' }],
  params: [
    { key: 'open', kind: 'flag', label: 'imports.drill.open' },
    { key: 'stale', kind: 'flag', label: 'imports.drill.stale' },
  ],
};

@Component({
  selector: 'bcc-imports-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    TranslocoPipe,
    IdDateTimePipe,
    IdNumberPipe,
    PageHeaderComponent,
    ImportStatusChipComponent,
    FilterChipsComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './imports-page.component.html',
  styleUrl: './imports-page.component.scss',
})
export class ImportsPageComponent {
  private readonly api = inject(ImportsApiService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly route = inject(ActivatedRoute);

  protected readonly modules = computed(() => modulesForRole(this.auth.role()));
  protected readonly allModules = IMPORT_MODULES;
  protected readonly statuses: ImportStatus[] = ['STAGED', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'];

  protected readonly module = signal<ImportModule | null>(null);
  protected readonly template = signal<TemplateColumn[]>([]);
  protected readonly file = signal<File | null>(null);
  protected readonly preview = signal<CsvPreview | null>(null);
  protected readonly dragging = signal(false);
  protected readonly processNow = signal(true);
  protected readonly uploading = signal(false);
  protected readonly uploadPercent = signal<number | null>(null);
  protected readonly error = signal<{ detail: string; errors: { field: string; message: string }[] } | null>(null);

  /** The template's columns for the hint; alternatives (customer_id or customer_npwp) as one entry. */
  protected readonly templateChips = computed(() => {
    const chips: { label: string; required: boolean }[] = [];
    const seen = new Set<string>();
    for (const c of this.template()) {
      if (c.required_group === null) {
        chips.push({ label: c.column_name, required: false });
      } else if (!seen.has(c.required_group)) {
        seen.add(c.required_group);
        const alternatives = this.template().filter((t) => t.required_group === c.required_group).map((t) => t.column_name);
        chips.push({ label: alternatives.join(' / '), required: true });
      }
    }
    return chips;
  });
  protected readonly check = computed<ColumnCheck | null>(() => {
    const p = this.preview();
    const t = this.template();
    return p && t.length ? checkColumns(p.columns, t) : null;
  });
  protected readonly fileProblem = computed<string | null>(() => {
    const f = this.file();
    if (!f) return null;
    if (f.size > MAX_BYTES) return 'imports.upload.tooLarge';
    if (!CSV.test(f.name) && !XLSX.test(f.name)) return 'imports.upload.wrongType';
    if (f.size === 0) return 'imports.upload.empty';
    return null;
  });
  protected readonly canUpload = computed(
    () => !!this.module() && !!this.file() && !this.fileProblem() && !this.uploading() && this.check()?.ok !== false,
  );
  protected readonly fileKb = computed(() => Math.max(1, Math.ceil((this.file()?.size ?? 0) / 1024)));
  protected readonly previewColumns = computed(() => this.preview()?.columns.map((c, i) => c || `#${i + 1}`) ?? []);

  // History
  protected readonly history = signal<ImportRecord[]>([]);
  protected readonly historyCursor = signal<string | null>(null);
  protected readonly historyLoading = signal(false);
  protected readonly filterModule = signal<ImportModule | ''>('');
  protected readonly filterStatus = signal<ImportStatus | ''>(this.statusFromUrl());
  /** History filters a command-center drill may put in the URL with no control here (chips). */
  protected readonly drill = injectDrillFilters(IMPORT_DRILL);
  protected readonly historyColumns = ['import_id', 'module', 'file', 'status', 'rows', 'by', 'created'];
  /** The history's filters now: what the export menu downloads. */
  protected readonly historyQuery = computed(() => ({ ...this.drill.values(), module: this.filterModule(), status: this.filterStatus() }));
  private historySub: Subscription | null = null;

  constructor() {
    const wanted = inject(ActivatedRoute).snapshot.queryParamMap.get('module') as ImportModule | null;
    const first = wanted && this.modules().includes(wanted) ? wanted : (this.modules()[0] ?? null);
    if (first) this.selectModule(first);
    this.loadHistory(true);
    this.drill.changes.pipe(takeUntilDestroyed()).subscribe(() => {
      this.loadHistory(true);
      syncQueryParams(this.router, this.route, this.drill.urlParams());
    });
  }

  private statusFromUrl(): ImportStatus | '' {
    const s = this.route.snapshot.queryParamMap.get('status') ?? '';
    return (this.statuses as string[]).includes(s) ? (s as ImportStatus) : '';
  }

  protected selectModule(value: string): void {
    const m = (IMPORT_MODULES as readonly string[]).includes(value) ? (value as ImportModule) : null;
    this.module.set(m);
    this.template.set([]);
    this.error.set(null);
    if (!m) return;
    this.api
      .templateColumns(m)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((cols) => {
        if (this.module() === m) this.template.set(cols);
      });
  }

  protected downloadTemplate(): void {
    const m = this.module();
    if (!m) return;
    this.api.downloadTemplate(m).subscribe((res) => saveDownload(res, `import-template-${m}.csv`));
  }


  // ------------------------------------------------------------ file choice ---
  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  protected onDragLeave(): void {
    this.dragging.set(false);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const f = event.dataTransfer?.files?.[0];
    if (f) void this.choose(f);
  }

  protected onFileInput(input: HTMLInputElement): void {
    const f = input.files?.[0];
    if (f) void this.choose(f);
    input.value = '';
  }

  protected clearFile(): void {
    this.file.set(null);
    this.preview.set(null);
    this.error.set(null);
  }

  private async choose(f: File): Promise<void> {
    this.file.set(f);
    this.preview.set(null);
    this.error.set(null);
    if (!CSV.test(f.name) || f.size === 0) return;
    try {
      const head = await f.slice(0, PREVIEW_BYTES).text();
      this.preview.set(parseCsvPreview(head, 8, f.size <= PREVIEW_BYTES));
    } catch {
      this.preview.set(null);
    }
  }

  // ----------------------------------------------------------------- upload ---
  protected upload(): void {
    const m = this.module();
    const f = this.file();
    if (!m || !f || !this.canUpload()) return;
    this.uploading.set(true);
    this.uploadPercent.set(0);
    this.error.set(null);
    this.api
      .upload(m, f, this.processNow())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress && event.total) {
            this.uploadPercent.set(Math.round((event.loaded / event.total) * 100));
          } else if (event.type === HttpEventType.Response && event.body) {
            this.uploading.set(false);
            if (event.status === 200) void this.notifications.info(this.transloco.translate('imports.upload.sameFile'));
            void this.router.navigate(['/imports', event.body.import_id]);
          }
        },
        error: (err: HttpErrorResponse) => {
          this.uploading.set(false);
          this.uploadPercent.set(null);
          const p = toProblem(err);
          this.error.set({ detail: p.detail ?? this.transloco.translate('imports.upload.failed'), errors: p.errors });
        },
      });
  }

  // ---------------------------------------------------------------- history ---
  protected setFilterModule(v: string): void {
    this.filterModule.set(v as ImportModule | '');
    this.loadHistory(true);
  }

  protected setFilterStatus(v: string): void {
    this.filterStatus.set(v as ImportStatus | '');
    syncQueryParams(this.router, this.route, { status: v || null });
    this.loadHistory(true);
  }

  protected loadHistory(reset: boolean): void {
    this.historySub?.unsubscribe();
    this.historyLoading.set(true);
    this.historySub = this.api
      .list({ ...this.drill.values(), module: this.filterModule(), status: this.filterStatus(), cursor: reset ? null : this.historyCursor() })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.history.set(reset ? page.items : [...this.history(), ...page.items]);
          this.historyCursor.set(page.next_cursor);
          this.historyLoading.set(false);
        },
        error: () => this.historyLoading.set(false),
      });
  }

  protected active(imp: ImportRecord): boolean {
    return isActive(imp.status);
  }
}
