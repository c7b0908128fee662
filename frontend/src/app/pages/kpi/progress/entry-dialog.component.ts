import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable, of, switchMap } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { SubmissionKey } from '../../ar/shared/util';
import { KpiApiService } from '../shared/kpi-api.service';
import { provideKpiTranslations } from '../shared/kpi-i18n';
import { Assignee, KpiEntry, ProgressItem, parseValue } from '../shared/kpi.models';

export interface EntryDialogData {
  item: ProgressItem;
  assignee: Assignee;
  /** The metric's name in the UI language. */
  name: string;
  /** Latest allowed date (today, or the end of a past period). */
  maxDate: string;
}

/** Files the kpi-evidence bucket takes (checked again by content on the server). */
export const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.xlsx';

/**
 * Records one value of a MANUAL/IMPORTED metric, with an optional evidence file: the entry
 * first (POST /api/kpi/entries), then the file (POST /api/kpi/evidence). If the file is refused
 * (type, size) the value stays recorded and only the upload is retried.
 * Test ids: kpi-entry-form, kpi-entry-date, kpi-entry-value, kpi-entry-notes, kpi-entry-file,
 * kpi-entry-error, kpi-entry-submit.
 */
@Component({
  selector: 'bcc-kpi-entry-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideKpiTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'kpi.entry.title' | transloco: { metric: data.name } }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="kpi-entry-form" novalidate>
      <mat-dialog-content class="grid">
        <p class="who">{{ data.assignee.full_name }}</p>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'kpi.fields.entry_date' | transloco }}</mat-label>
          <input matInput type="date" formControlName="entry_date" [max]="data.maxDate" data-testid="kpi-entry-date" [readonly]="entryId() !== null" />
          @if (form.controls.entry_date.invalid) {
            <mat-error>{{ form.controls.entry_date.getError('server') ?? ('kpi.common.required' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'kpi.fields.value' | transloco }}</mat-label>
          <input matInput formControlName="value" inputmode="decimal" data-testid="kpi-entry-value" [readonly]="entryId() !== null" />
          @if (form.controls.value.invalid) {
            <mat-error>{{ form.controls.value.getError('server') ?? ('kpi.common.valueInvalid' | transloco) }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ 'kpi.fields.notes' | transloco }}</mat-label>
          <input matInput formControlName="notes" maxlength="2000" data-testid="kpi-entry-notes" [readonly]="entryId() !== null" />
        </mat-form-field>
        <label class="wide file">
          <span>{{ 'kpi.entry.evidence' | transloco }}</span>
          <input type="file" [accept]="accept" (change)="pickFile($event)" data-testid="kpi-entry-file" />
          <span class="hint">{{ 'kpi.entry.evidenceHint' | transloco }}</span>
        </label>
        @if (entryId() !== null) {
          <p class="wide ok">{{ 'kpi.entry.savedRetryUpload' | transloco }}</p>
        }
        @if (error()) {
          <p class="wide error" role="alert" data-testid="kpi-entry-error">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="saved()">{{ (entryId() ? 'common.close' : 'common.cancel') | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="kpi-entry-submit">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
    .wide, .who { grid-column: 1 / -1; }
    .who { margin: 0 0 8px; color: var(--mat-sys-on-surface-variant); }
    @media (max-width: 599.98px) { .grid { grid-template-columns: 1fr; } }
    .file { display: flex; flex-direction: column; gap: 4px; margin-bottom: 8px; font: var(--mat-sys-body-medium); }
    .hint { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { margin: 0; color: #0b5a2a; }
  `,
})
export class EntryDialogComponent {
  private readonly api = inject(KpiApiService);
  private readonly ref = inject(MatDialogRef<EntryDialogComponent, KpiEntry>);
  private readonly key = new SubmissionKey();
  protected readonly data = inject<EntryDialogData>(MAT_DIALOG_DATA);
  protected readonly accept = EVIDENCE_ACCEPT;

  protected readonly form = new FormGroup({
    entry_date: new FormControl(this.data.maxDate, { nonNullable: true, validators: [Validators.required] }),
    value: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    notes: new FormControl('', { nonNullable: true }),
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Set once the value is recorded (then only the evidence upload may be retried). */
  protected readonly entryId = signal<string | null>(null);
  protected readonly saved = signal<KpiEntry | undefined>(undefined);
  private file: File | null = null;

  protected pickFile(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  protected submit(): void {
    this.error.set(null);
    const value = parseValue(this.form.controls.value.value);
    if (value === null) this.form.controls.value.setErrors({ value: true });
    this.form.markAllAsTouched();
    if (this.form.invalid || value === null) return;
    const v = this.form.getRawValue();
    const body = {
      metric_key: this.data.item.metric_key,
      entry_date: v.entry_date,
      value,
      ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
      ...(this.data.assignee.is_self ? {} : { assignee_user_id: this.data.assignee.user_id }),
    };
    this.saving.set(true);
    const existing = this.entryId();
    const entry$: Observable<KpiEntry | null> = existing ? of(null) : this.api.createEntry(body, this.key.for(body));
    entry$
      .pipe(
        switchMap((entry) => {
          if (entry) {
            this.key.complete();
            this.saved.set(entry);
            this.entryId.set(entry.entry_id);
          }
          const id = this.entryId()!;
          return this.file ? this.api.uploadEvidence(id, this.file) : of(null);
        }),
      )
      .subscribe({
        next: () => this.ref.close(this.saved()),
        error: (err: unknown) => {
          this.saving.set(false);
          const p = toProblem(err);
          if (this.entryId() !== null) {
            this.error.set(p.detail);
          } else if (!applyServerErrors(p, this.form.controls)) {
            this.error.set(p.detail);
          }
        },
      });
  }
}
