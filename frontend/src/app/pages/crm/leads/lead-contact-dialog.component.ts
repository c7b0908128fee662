import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { CrmApiService } from '../shared/crm-api.service';
import { provideCrmTranslations } from '../shared/crm-i18n';
import type { Lead, LeadUpdate } from '../shared/crm.models';
import { EMAIL_MAX, optionalEmail, optionalPhone, requiredText } from '../shared/crm-validators';

/**
 * "Edit contact": the lead's contact fields (the ones salespeople may change too). Sends only
 * what changed; empty optional fields are cleared (null).
 * Test ids: lead-contact-dialog, lead-contact-name, lead-contact-email, lead-contact-phone,
 * lead-contact-notes, lead-contact-submit.
 */
@Component({
  selector: 'bcc-crm-lead-contact-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideCrmTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'crm.contact.editTitle' | transloco }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content data-testid="lead-contact-dialog">
        <mat-form-field appearance="outline" class="field">
          <mat-label>{{ 'crm.fields.contact_name' | transloco }}</mat-label>
          <input matInput formControlName="contact_name" required maxlength="200" autocomplete="name" data-testid="lead-contact-name" />
          @if (form.controls.contact_name.hasError('server')) {
            <mat-error>{{ form.controls.contact_name.getError('server') }}</mat-error>
          } @else if (form.controls.contact_name.invalid) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="field">
          <mat-label>{{ 'crm.fields.email' | transloco }}</mat-label>
          <input matInput type="email" inputmode="email" formControlName="email" [maxlength]="emailMax" autocomplete="email" data-testid="lead-contact-email" />
          @if (form.controls.email.hasError('server')) {
            <mat-error>{{ form.controls.email.getError('server') }}</mat-error>
          } @else if (form.controls.email.invalid) {
            <mat-error>{{ 'validation.email' | transloco }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="field">
          <mat-label>{{ 'crm.fields.phone' | transloco }}</mat-label>
          <input matInput type="tel" inputmode="tel" formControlName="phone" maxlength="40" autocomplete="tel" data-testid="lead-contact-phone" />
          @if (form.controls.phone.hasError('server')) {
            <mat-error>{{ form.controls.phone.getError('server') }}</mat-error>
          } @else if (form.controls.phone.invalid) {
            <mat-error>{{ 'crm.validation.phone' | transloco }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="field">
          <mat-label>{{ 'crm.fields.notes' | transloco }}</mat-label>
          <textarea matInput formControlName="notes" rows="3" maxlength="4000" data-testid="lead-contact-notes"></textarea>
          @if (form.controls.notes.hasError('server')) {
            <mat-error>{{ form.controls.notes.getError('server') }}</mat-error>
          }
        </mat-form-field>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="lead-contact-submit">{{ 'common.save' | transloco }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .field {
      display: block;
      width: 100%;
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class LeadContactDialogComponent {
  private readonly api = inject(CrmApiService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<LeadContactDialogComponent, Lead>>(MatDialogRef);
  private readonly lead = inject<Lead>(MAT_DIALOG_DATA);
  protected readonly emailMax = EMAIL_MAX;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = new FormGroup({
    contact_name: new FormControl(this.lead.contact_name, { nonNullable: true, validators: [requiredText, Validators.maxLength(200)] }),
    email: new FormControl(this.lead.email ?? '', { nonNullable: true, validators: [optionalEmail] }),
    phone: new FormControl(this.lead.phone ?? '', { nonNullable: true, validators: [optionalPhone] }),
    notes: new FormControl(this.lead.notes ?? '', { nonNullable: true, validators: [Validators.maxLength(4000)] }),
  });

  protected submit(): void {
    if (this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const update: LeadUpdate = {};
    if (v.contact_name.trim() !== this.lead.contact_name) update.contact_name = v.contact_name.trim();
    const optional = (value: string) => (value.trim() ? value.trim() : null);
    if (optional(v.email) !== (this.lead.email ?? null)) update.email = optional(v.email);
    if (optional(v.phone) !== (this.lead.phone ?? null)) update.phone = optional(v.phone);
    if (optional(v.notes) !== (this.lead.notes ?? null)) update.notes = optional(v.notes);
    if (Object.keys(update).length === 0) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.api.updateLead(this.lead.lead_id, update).subscribe({
      next: (lead) => this.dialogRef.close(lead),
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        if (problem.status === 422 || problem.status === 409) {
          const c = this.form.controls;
          const placed = applyServerErrors(problem, { contact_name: c.contact_name, email: c.email, phone: c.phone, notes: c.notes });
          if (!placed) this.error.set(problem.detail ?? this.transloco.translate('errors.unexpected'));
        }
      },
    });
  }
}
