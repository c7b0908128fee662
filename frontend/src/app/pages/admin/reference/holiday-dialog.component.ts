import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Observable, startWith } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { formatHolidayDate, isWeekend } from './reference-format';
import { provideReferenceTranslations } from './reference-i18n';
import { HOLIDAY_NAME_MAX, HOLIDAY_YEAR_MAX, HOLIDAY_YEAR_MIN, holidayDateValidator, requiredTrimmed } from './reference-validation';
import type { Holiday, HolidayCreate, HolidayUpdate } from './reference.models';
import { ReferenceService } from './reference.service';

export interface HolidayDialogData {
  /** The holiday to rename; absent for "Add holiday". */
  holiday?: Holiday;
  /** Pre-filled day for a new holiday (`YYYY-MM-DD`). */
  defaultDate?: string;
}

/**
 * "Add holiday" / "Edit holiday". The day is the holiday's key: it is chosen when adding and
 * read-only when editing (to move a holiday, delete it and add the new day). Saves itself and
 * closes with the saved holiday; 409 (day taken) and 422 land on their fields.
 */
@Component({
  selector: 'bcc-holiday-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideReferenceTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ (editing ? 'reference.holidays.editTitle' : 'reference.holidays.addTitle') | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.holidays.date' | transloco }}</mat-label>
          <input
            matInput
            type="date"
            formControlName="holiday_date"
            [min]="minDate"
            [max]="maxDate"
            required
            data-testid="holiday-form-date"
          />
          @if (dayLabel(); as label) {
            <mat-hint data-testid="holiday-form-day">
              {{ label }}@if (weekend()) { · {{ 'reference.holidays.weekendHint' | transloco }} }
            </mat-hint>
          }
          @if (form.controls.holiday_date.hasError('required')) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.holiday_date.hasError('dateFormat')) {
            <mat-error data-testid="holiday-form-date-error">{{ 'reference.validation.date' | transloco }}</mat-error>
          } @else if (form.controls.holiday_date.hasError('dateRange')) {
            <mat-error data-testid="holiday-form-date-error">{{ 'reference.validation.dateRange' | transloco: { min: yearMin, max: yearMax } }}</mat-error>
          } @else if (form.controls.holiday_date.hasError('server')) {
            <mat-error data-testid="holiday-form-date-error">{{ form.controls.holiday_date.getError('server') }}</mat-error>
          }
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.holidays.name' | transloco }}</mat-label>
          <input matInput formControlName="name" autocomplete="off" [maxlength]="nameMax" required data-testid="holiday-form-name" />
          @if (form.controls.name.hasError('required')) {
            <mat-error data-testid="holiday-form-name-error">{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.name.hasError('server')) {
            <mat-error data-testid="holiday-form-name-error">{{ form.controls.name.getError('server') }}</mat-error>
          }
        </mat-form-field>

        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.holidays.nameEn' | transloco }}</mat-label>
          <input matInput formControlName="name_en" autocomplete="off" [maxlength]="nameMax" data-testid="holiday-form-name-en" />
          <mat-hint>{{ 'reference.optional' | transloco }}</mat-hint>
          @if (form.controls.name_en.hasError('server')) {
            <mat-error>{{ form.controls.name_en.getError('server') }}</mat-error>
          }
        </mat-form-field>

        @if (editing) {
          <p class="note">{{ 'reference.holidays.dateFixed' | transloco }}</p>
        }
        <p class="note">{{ 'reference.holidays.effectNote' | transloco }}</p>
        @if (formError()) {
          <p class="form-error" role="alert" data-testid="holiday-form-error">{{ formError() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="holiday-form-cancel">{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="holiday-form-submit">
          {{ (editing ? 'common.save' : 'reference.holidays.add') | transloco }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './reference-dialog.scss',
})
export class HolidayDialogComponent {
  private readonly reference = inject(ReferenceService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<HolidayDialogComponent, Holiday>>(MatDialogRef);
  private readonly data = inject<HolidayDialogData>(MAT_DIALOG_DATA);

  protected readonly editing = this.data.holiday ?? null;
  protected readonly nameMax = HOLIDAY_NAME_MAX;
  protected readonly yearMin = HOLIDAY_YEAR_MIN;
  protected readonly yearMax = HOLIDAY_YEAR_MAX;
  protected readonly minDate = `${HOLIDAY_YEAR_MIN}-01-01`;
  protected readonly maxDate = `${HOLIDAY_YEAR_MAX}-12-31`;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  readonly form = new FormGroup({
    holiday_date: new FormControl(this.editing?.holiday_date ?? this.data.defaultDate ?? '', {
      nonNullable: true,
      validators: [holidayDateValidator],
    }),
    name: new FormControl(this.editing?.name ?? '', {
      nonNullable: true,
      validators: [requiredTrimmed, Validators.maxLength(HOLIDAY_NAME_MAX)],
    }),
    name_en: new FormControl(this.editing?.name_en ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(HOLIDAY_NAME_MAX)],
    }),
  });

  private readonly date = toSignal(
    this.form.controls.holiday_date.valueChanges.pipe(startWith(this.form.controls.holiday_date.value)),
    { initialValue: this.form.controls.holiday_date.value },
  );
  /** The chosen day spelled out (`Kamis, 24 Desember 2026`), so a mistyped date is noticed. */
  protected readonly dayLabel = computed(() => formatHolidayDate(this.date()));
  protected readonly weekend = computed(() => isWeekend(this.date()));

  constructor() {
    if (this.editing) {
      this.form.controls.holiday_date.disable();
    }
  }

  submit(): void {
    for (const name of ['name', 'name_en'] as const) {
      const control = this.form.controls[name];
      const trimmed = control.value.trim();
      if (trimmed !== control.value) {
        control.setValue(trimmed);
      }
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const request = this.editing ? this.update(this.editing) : this.create();
    if (!request) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    request.subscribe({
      next: (holiday) => this.dialogRef.close(holiday),
      error: (err: unknown) => this.showError(err),
    });
  }

  private create(): Observable<Holiday> {
    const value = this.form.getRawValue();
    const body: HolidayCreate = { holiday_date: value.holiday_date, name: value.name };
    if (value.name_en) {
      body.name_en = value.name_en;
    }
    return this.reference.addHoliday(body);
  }

  /** Sends only what changed; null when nothing did. */
  private update(holiday: Holiday): Observable<Holiday> | null {
    const value = this.form.getRawValue();
    const body: HolidayUpdate = {};
    if (value.name !== holiday.name) {
      body.name = value.name;
    }
    const nameEn = value.name_en || null;
    if (nameEn !== holiday.name_en) {
      body.name_en = nameEn;
    }
    return Object.keys(body).length ? this.reference.updateHoliday(holiday.holiday_date, body) : null;
  }

  private showError(err: unknown): void {
    this.saving.set(false);
    const problem = toProblem(err);
    if (problem.status !== 409 && problem.status !== 422) {
      return; // Shown by the problem interceptor.
    }
    const c = this.form.controls;
    const placed = applyServerErrors(
      problem,
      { holiday_date: c.holiday_date, name: c.name, name_en: c.name_en },
      problem.status === 409 ? { holiday_date: this.transloco.translate('reference.holidays.taken') } : {},
    );
    this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
  }
}
