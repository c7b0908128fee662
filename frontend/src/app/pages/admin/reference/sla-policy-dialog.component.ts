import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { startWith } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { formatNumber } from '../../../shared/format/format';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { provideReferenceTranslations } from './reference-i18n';
import {
  BUSINESS_DAY_MINUTES,
  FIRST_RESPONSE_MAX_MINUTES,
  GroupErrorStateMatcher,
  RESOLUTION_MAX_MINUTES,
  decimalText,
  hoursToMinutes,
  hoursValidator,
  parseDecimal,
  slaOrderValidator,
} from './reference-validation';
import type { SlaPolicy, SlaPolicyUpdate } from './reference.models';
import { ReferenceService } from './reference.service';

export interface SlaPolicyDialogData {
  policy: SlaPolicy;
}

/** Minutes of a valid hours field, else null. */
function minutesOf(text: string): number | null {
  const hours = parseDecimal(text);
  return hours === null || hours <= 0 ? null : hoursToMinutes(hours);
}

/**
 * Edit the SLA targets of one ticket type × priority, in business hours (the API stores
 * business minutes; `1,5` = 90). Changes apply to tickets created afterwards only.
 */
@Component({
  selector: 'bcc-sla-policy-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideReferenceTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'reference.sla.editTitle' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p class="identity">
          <span class="identity__value" data-testid="sla-form-policy">
            {{ 'reference.ticketTypes.' + policy.ticket_type | transloco }} · {{ 'reference.priorities.' + policy.priority | transloco }}
          </span>
        </p>
        <div class="row">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'reference.sla.firstResponse' | transloco }}</mat-label>
            <input matInput type="text" inputmode="decimal" formControlName="first_response_hours" autocomplete="off" required data-testid="sla-form-first-response" />
            <span matTextSuffix>{{ 'reference.units.hoursShort' | transloco }}</span>
            <mat-hint>{{ hint(firstMinutes()) }}</mat-hint>
            @if (form.controls.first_response_hours.hasError('server')) {
              <mat-error data-testid="sla-form-first-response-error">{{ form.controls.first_response_hours.getError('server') }}</mat-error>
            } @else if (form.controls.first_response_hours.errors) {
              <mat-error data-testid="sla-form-first-response-error">{{ hoursError(form.controls.first_response_hours.errors) }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'reference.sla.resolution' | transloco }}</mat-label>
            <input
              matInput
              type="text"
              inputmode="decimal"
              formControlName="resolution_hours"
              autocomplete="off"
              required
              [errorStateMatcher]="orderMatcher"
              data-testid="sla-form-resolution"
            />
            <span matTextSuffix>{{ 'reference.units.hoursShort' | transloco }}</span>
            <mat-hint>{{ hint(resolutionMinutes()) }}</mat-hint>
            @if (form.controls.resolution_hours.hasError('server')) {
              <mat-error data-testid="sla-form-resolution-error">{{ form.controls.resolution_hours.getError('server') }}</mat-error>
            } @else if (form.controls.resolution_hours.errors) {
              <mat-error data-testid="sla-form-resolution-error">{{ hoursError(form.controls.resolution_hours.errors) }}</mat-error>
            } @else if (form.hasError('resolutionBeforeResponse')) {
              <mat-error data-testid="sla-form-resolution-error">{{ 'reference.validation.resolutionBeforeResponse' | transloco }}</mat-error>
            }
          </mat-form-field>
        </div>
        <p class="note">{{ 'reference.sla.businessHoursNote' | transloco }}</p>
        <p class="note" data-testid="sla-form-effect">{{ 'reference.sla.effectNote' | transloco }}</p>
        @if (formError()) {
          <p class="form-error" role="alert" data-testid="sla-form-error">{{ formError() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="sla-form-cancel">{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="sla-form-submit">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './reference-dialog.scss',
})
export class SlaPolicyDialogComponent {
  private readonly reference = inject(ReferenceService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<SlaPolicyDialogComponent, SlaPolicy>>(MatDialogRef);
  protected readonly policy = inject<SlaPolicyDialogData>(MAT_DIALOG_DATA).policy;

  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly orderMatcher = new GroupErrorStateMatcher('resolutionBeforeResponse');

  readonly form = new FormGroup(
    {
      first_response_hours: new FormControl(decimalText(this.policy.first_response_minutes / 60), {
        nonNullable: true,
        validators: [hoursValidator(FIRST_RESPONSE_MAX_MINUTES)],
      }),
      resolution_hours: new FormControl(decimalText(this.policy.resolution_minutes / 60), {
        nonNullable: true,
        validators: [hoursValidator(RESOLUTION_MAX_MINUTES)],
      }),
    },
    { validators: [slaOrderValidator] },
  );

  private readonly values = toSignal(this.form.valueChanges.pipe(startWith(this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });
  protected readonly firstMinutes = computed(() => minutesOf(this.values().first_response_hours ?? ''));
  protected readonly resolutionMinutes = computed(() => minutesOf(this.values().resolution_hours ?? ''));

  /** "= 90 business minutes (0,17 business days)". */
  protected hint(minutes: number | null): string {
    if (minutes === null) {
      return '';
    }
    return this.transloco.translate('reference.sla.minutesHint', {
      minutes: formatNumber(minutes),
      days: formatNumber(Math.round((minutes / BUSINESS_DAY_MINUTES) * 100) / 100),
    });
  }

  protected hoursError(errors: Record<string, unknown>): string {
    if (errors['required']) {
      return this.transloco.translate('validation.required');
    }
    if (errors['maxHours']) {
      return this.transloco.translate('reference.validation.maxHours', errors['maxHours'] as Record<string, unknown>);
    }
    if (errors['wholeMinutes']) {
      return this.transloco.translate('reference.validation.wholeMinutes');
    }
    return this.transloco.translate('reference.validation.positiveHours');
  }

  submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const body: SlaPolicyUpdate = {};
    const fr = this.firstMinutes();
    const res = this.resolutionMinutes();
    if (fr !== null && fr !== this.policy.first_response_minutes) {
      body.first_response_minutes = fr;
    }
    if (res !== null && res !== this.policy.resolution_minutes) {
      body.resolution_minutes = res;
    }
    if (!Object.keys(body).length) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    this.reference.updateSlaPolicy(this.policy, body).subscribe({
      next: (policy) => this.dialogRef.close(policy),
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
    const placed = applyServerErrors(problem, { first_response_minutes: c.first_response_hours, resolution_minutes: c.resolution_hours });
    this.formError.set(placed ? null : (problem.detail ?? this.transloco.translate('errors.unexpected')));
  }
}
