import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { provideReferenceTranslations } from './reference-i18n';
import {
  STALE_DESCRIPTION_MAX,
  StaleUnit,
  decimalText,
  requiredTrimmed,
  staleDisplay,
  staleMinutes,
  staleValueValidator,
} from './reference-validation';
import { KNOWN_STALE_ENTITIES, type StaleThreshold, type StaleThresholdUpdate } from './reference.models';
import { ReferenceService } from './reference.service';

export interface StaleThresholdDialogData {
  threshold: StaleThreshold;
}

/** Translation key of an entity's label, or null for an entity the console does not know yet. */
export function staleEntityKey(entity: string): string | null {
  return (KNOWN_STALE_ENTITIES as readonly string[]).includes(entity) ? `reference.stale.entities.${entity}` : null;
}

/**
 * Edit how long an open item may stay idle before it is listed as stuck: a number of hours or
 * days (sent as hours) and the description. Stuck lists read the new value at once.
 */
@Component({
  selector: 'bcc-stale-threshold-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideReferenceTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'reference.stale.editTitle' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p class="identity">
          <span class="identity__value" data-testid="stale-form-entity">
            @if (entityKey; as key) { {{ key | transloco }} } @else { {{ threshold.entity }} }
          </span>
        </p>
        <div class="row">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'reference.stale.threshold' | transloco }}</mat-label>
            <input matInput type="text" inputmode="decimal" formControlName="value" autocomplete="off" required data-testid="stale-form-value" />
            @if (form.controls.value.hasError('server')) {
              <mat-error data-testid="stale-form-value-error">{{ form.controls.value.getError('server') }}</mat-error>
            } @else if (form.controls.value.errors) {
              <mat-error data-testid="stale-form-value-error">{{ valueError(form.controls.value.errors) }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'reference.stale.unit' | transloco }}</mat-label>
            <select matNativeControl formControlName="unit" data-testid="stale-form-unit">
              <option value="hours">{{ 'reference.units.hours' | transloco }}</option>
              <option value="days">{{ 'reference.units.days' | transloco }}</option>
            </select>
          </mat-form-field>
        </div>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>{{ 'reference.stale.description' | transloco }}</mat-label>
          <textarea matInput formControlName="description" rows="3" [maxlength]="descriptionMax" required data-testid="stale-form-description"></textarea>
          @if (form.controls.description.hasError('required')) {
            <mat-error data-testid="stale-form-description-error">{{ 'validation.required' | transloco }}</mat-error>
          } @else if (form.controls.description.hasError('server')) {
            <mat-error data-testid="stale-form-description-error">{{ form.controls.description.getError('server') }}</mat-error>
          }
        </mat-form-field>
        <p class="note">{{ 'reference.stale.effectNote' | transloco }}</p>
        @if (formError()) {
          <p class="form-error" role="alert" data-testid="stale-form-error">{{ formError() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="stale-form-cancel">{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="stale-form-submit">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './reference-dialog.scss',
})
export class StaleThresholdDialogComponent {
  private readonly reference = inject(ReferenceService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<StaleThresholdDialogComponent, StaleThreshold>>(MatDialogRef);
  protected readonly threshold = inject<StaleThresholdDialogData>(MAT_DIALOG_DATA).threshold;
  protected readonly entityKey = staleEntityKey(this.threshold.entity);
  protected readonly descriptionMax = STALE_DESCRIPTION_MAX;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  private readonly initial = staleDisplay(this.threshold.threshold_minutes);

  readonly form = new FormGroup({
    value: new FormControl(decimalText(this.initial.value), { nonNullable: true, validators: [staleValueValidator] }),
    unit: new FormControl<StaleUnit>(this.initial.unit, { nonNullable: true }),
    description: new FormControl(this.threshold.description, {
      nonNullable: true,
      validators: [requiredTrimmed, Validators.maxLength(STALE_DESCRIPTION_MAX)],
    }),
  });

  constructor() {
    // The value's limits depend on the unit (8760 hours = 365 days).
    this.form.controls.unit.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.form.controls.value.updateValueAndValidity());
    // The unit control exists only after construction of the group: validate once more.
    this.form.controls.value.updateValueAndValidity();
  }

  protected valueError(errors: Record<string, unknown>): string {
    if (errors['required']) {
      return this.transloco.translate('validation.required');
    }
    if (errors['maxHours']) {
      return this.transloco.translate('reference.validation.staleMax');
    }
    if (errors['wholeMinutes']) {
      return this.transloco.translate('reference.validation.wholeMinutes');
    }
    return this.transloco.translate('reference.validation.positive');
  }

  submit(): void {
    const description = this.form.controls.description;
    if (description.value.trim() !== description.value) {
      description.setValue(description.value.trim());
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const body: StaleThresholdUpdate = {};
    const minutes = staleMinutes(value.value, value.unit);
    if (minutes !== null && minutes !== this.threshold.threshold_minutes) {
      body.threshold_hours = minutes / 60;
    }
    if (value.description !== this.threshold.description) {
      body.description = value.description;
    }
    if (!Object.keys(body).length) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    this.reference.updateStaleThreshold(this.threshold.entity, body).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (err: unknown) => this.showError(err),
    });
  }

  private showError(err: unknown): void {
    this.saving.set(false);
    const problem = toProblem(err);
    if (problem.status !== 422) {
      return; // Shown by the problem interceptor.
    }
    const c = this.form.controls;
    const placed = applyServerErrors(problem, { threshold_hours: c.value, description: c.description });
    this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
  }
}
