import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { map, startWith } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { CrmApiService } from '../shared/crm-api.service';
import {
  LeadCreate,
  LeadCreated,
  PRIORITIES,
  Priority,
  RFQ_DEPARTMENTS,
  RfqDepartment,
  RfqInput,
  SERVICE_TYPES,
  SOURCE_CHANNELS,
  ServiceType,
  SourceChannel,
} from '../shared/crm.models';
import {
  EMAIL_MAX,
  npwpDigits,
  optionalEmail,
  optionalNpwp,
  optionalPhone,
  optionalPositive,
  requiredText,
} from '../shared/crm-validators';
import { IdempotentSubmission } from '../shared/idempotency';

export const NAME_MAX = 200;
export const NOTES_MAX = 4000;
export const RFQ_TEXT_MAX = 200;

/** The department an RFQ goes to when none is chosen (domain.md "Create lead bundle"). */
export const DEFAULT_RFQ_DEPARTMENT: Readonly<Record<ServiceType, RfqDepartment>> = {
  air: 'EXI',
  sea_fcl: 'EXI',
  sea_lcl: 'EXI',
  land: 'DOM',
  express: 'DTD',
};

function text(max: number, required = false) {
  return new FormControl('', {
    nonNullable: true,
    validators: required ? [requiredText, Validators.maxLength(max)] : [Validators.maxLength(max)],
  });
}

function trimmed(value: string): string | undefined {
  const v = value.trim();
  return v ? v : undefined;
}

function numberOrUndefined(value: number | string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

/**
 * CRM → New lead: a full page that works on a phone. Minimal fields with inline validation that
 * mirrors the server (required, email format, phone, NPWP 15/16 digits), an RFQ slide toggle
 * revealing the tariff-inquiry fields (origin, destination and service required when on).
 * One Idempotency-Key per submission, reused when the same submission is retried, so a double
 * click or a retry after a timeout never creates a second lead. A 201 shows which customer was
 * matched; a 422 puts each error on its input (`rfq.origin` → the RFQ origin field).
 */
@Component({
  selector: 'bcc-lead-new-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    TranslocoDirective,
    TranslocoPipe,
    PageHeaderComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './lead-new-page.component.html',
  styleUrl: './lead-new-page.component.scss',
})
export class LeadNewPageComponent {
  private readonly api = inject(CrmApiService);
  private readonly transloco = inject(TranslocoService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly channels = SOURCE_CHANNELS;
  protected readonly serviceTypes = SERVICE_TYPES;
  protected readonly departments = RFQ_DEPARTMENTS;
  protected readonly priorities = PRIORITIES;
  protected readonly nameMax = NAME_MAX;
  protected readonly notesMax = NOTES_MAX;
  protected readonly emailMax = EMAIL_MAX;
  protected readonly rfqTextMax = RFQ_TEXT_MAX;

  readonly form = new FormGroup({
    company_name: text(NAME_MAX, true),
    contact_name: text(NAME_MAX, true),
    email: new FormControl('', { nonNullable: true, validators: [optionalEmail, Validators.maxLength(EMAIL_MAX)] }),
    phone: new FormControl('', { nonNullable: true, validators: [optionalPhone, Validators.maxLength(40)] }),
    npwp: new FormControl('', { nonNullable: true, validators: [optionalNpwp, Validators.maxLength(40)] }),
    source_channel: new FormControl<SourceChannel | null>(null, { validators: [Validators.required] }),
    notes: text(NOTES_MAX),
    rfqEnabled: new FormControl(false, { nonNullable: true }),
    rfq: new FormGroup({
      origin: text(RFQ_TEXT_MAX, true),
      destination: text(RFQ_TEXT_MAX, true),
      service_type: new FormControl<ServiceType | null>(null, { validators: [Validators.required] }),
      commodity: text(RFQ_TEXT_MAX),
      weight_kg: new FormControl<number | null>(null, { validators: [optionalPositive] }),
      volume_cbm: new FormControl<number | null>(null, { validators: [optionalPositive] }),
      ready_date: new FormControl('', { nonNullable: true }),
      priority: new FormControl<Priority | ''>('', { nonNullable: true }),
      dept_target: new FormControl<RfqDepartment | ''>('', { nonNullable: true }),
      notes: text(NOTES_MAX),
    }),
  });

  /** One submission's key (see IdempotentSubmission); exposed for tests. */
  readonly submission = new IdempotentSubmission();

  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly result = signal<LeadCreated | null>(null);
  protected readonly resultCompany = signal('');

  protected readonly rfqOn = toSignal(
    this.form.controls.rfqEnabled.valueChanges.pipe(startWith(this.form.controls.rfqEnabled.value)),
    { requireSync: true },
  );
  private readonly npwpValue = toSignal(
    this.form.controls.npwp.valueChanges.pipe(startWith(''), map((v) => v ?? '')),
    { requireSync: true },
  );
  protected readonly npwpCount = computed(() => npwpDigits(this.npwpValue()));
  private readonly serviceType = toSignal(
    this.form.controls.rfq.controls.service_type.valueChanges.pipe(startWith(null)),
    { requireSync: true },
  );
  protected readonly defaultDepartment = computed(() => {
    const service = this.serviceType();
    return service ? DEFAULT_RFQ_DEPARTMENT[service] : null;
  });

  constructor() {
    // A message about the last attempt goes once the user edits the form again.
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.formError() && !this.saving()) this.formError.set(null);
    });
    // The RFQ fields count (and are validated) only while the toggle is on.
    this.form.controls.rfq.disable({ emitEvent: false });
    this.form.controls.rfqEnabled.valueChanges.pipe(takeUntilDestroyed()).subscribe((on) => {
      const rfq = this.form.controls.rfq;
      if (on) {
        rfq.enable();
      } else {
        rfq.disable();
      }
    });
  }

  /** The request body: trimmed, optional fields left out when empty, `rfq` only when on. */
  body(): LeadCreate {
    const v = this.form.getRawValue();
    const body: LeadCreate = {
      company_name: v.company_name.trim(),
      contact_name: v.contact_name.trim(),
      source_channel: v.source_channel as SourceChannel,
    };
    const email = trimmed(v.email);
    if (email) body.email = email;
    const phone = trimmed(v.phone);
    if (phone) body.phone = phone;
    const npwp = trimmed(v.npwp);
    if (npwp) body.npwp = npwp;
    const notes = trimmed(v.notes);
    if (notes) body.notes = notes;
    if (v.rfqEnabled) {
      const r = v.rfq;
      const rfq: RfqInput = {
        origin: r.origin.trim(),
        destination: r.destination.trim(),
        service_type: r.service_type as ServiceType,
      };
      const commodity = trimmed(r.commodity);
      if (commodity) rfq.commodity = commodity;
      const weight = numberOrUndefined(r.weight_kg);
      if (weight !== undefined) rfq.weight_kg = weight;
      const volume = numberOrUndefined(r.volume_cbm);
      if (volume !== undefined) rfq.volume_cbm = volume;
      if (r.ready_date) rfq.ready_date = r.ready_date;
      if (r.priority) rfq.priority = r.priority;
      if (r.dept_target) rfq.dept_target = r.dept_target;
      const rfqNotes = trimmed(r.notes);
      if (rfqNotes) rfq.notes = rfqNotes;
      body.rfq = rfq;
    }
    return body;
  }

  submit(): void {
    if (this.saving()) {
      return; // a double click while the first request is out
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.formError.set(this.t('crm.newLead.checkFields'));
      this.focusFirstInvalid();
      return;
    }
    const body = this.body();
    const key = this.submission.keyFor(body);
    this.saving.set(true);
    this.formError.set(null);
    this.api.createLead(body, key).subscribe({
      next: (created) => {
        this.saving.set(false);
        this.submission.complete();
        this.resultCompany.set(body.company_name);
        this.result.set(created);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.handleError(err);
      },
    });
  }

  /** "Create another": a clean form and, with it, a new submission. */
  protected another(): void {
    this.result.set(null);
    this.formError.set(null);
    this.submission.complete();
    this.form.reset();
  }

  protected matchKey(match: string): string {
    return `crm.newLead.match.${match}`;
  }

  private handleError(err: unknown): void {
    const problem = toProblem(err);
    if (problem.status === 422) {
      // New data will be a new submission; a 422 stored nothing on the server.
      const placed = applyServerErrors(problem, this.serverControls());
      this.formError.set(placed ? this.t('crm.newLead.checkFields') : (problem.detail ?? this.t('errors.unexpected')));
      this.focusFirstInvalid();
      return;
    }
    if (problem.status === 409) {
      // The same submission is still being processed: retrying with the same key is safe.
      this.formError.set(problem.detail ?? this.t('crm.newLead.inFlight'));
      return;
    }
    // Network failure or server error: the lead may or may not exist. Saving again replays
    // the same key, so the server answers with the original result instead of a duplicate.
    this.formError.set(this.t('crm.newLead.retrySafe'));
  }

  /** API field names (snake_case, `rfq.` prefixed for the RFQ) → form controls. */
  private serverControls(): Record<string, AbstractControl> {
    const c = this.form.controls;
    const r = c.rfq.controls;
    const controls: Record<string, AbstractControl> = {
      company_name: c.company_name,
      contact_name: c.contact_name,
      email: c.email,
      phone: c.phone,
      npwp: c.npwp,
      source_channel: c.source_channel,
      notes: c.notes,
    };
    for (const [name, control] of Object.entries(r)) {
      controls[`rfq.${name}`] = control;
    }
    return controls;
  }

  private focusFirstInvalid(): void {
    queueMicrotask(() => {
      const invalid = this.host.nativeElement.querySelector<HTMLElement>(
        'form .ng-invalid[formControlName], form .ng-invalid [formControlName].ng-invalid, form mat-select.ng-invalid',
      );
      invalid?.focus();
    });
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }
}
