import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';

import { toProblem } from '../../core/http/problem';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { applyServerErrors } from '../../shared/forms/server-errors';
import { TicketsApiService } from './shared/tickets-api.service';
import {
  SERVICE_TYPES,
  ServiceType,
  TARGET_DEPARTMENTS,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  TicketCreate,
  TicketPriority,
  TicketType,
} from './shared/tickets.models';
import { jakartaDay, newKey } from './shared/util';

/** The minimal fields of each type (domain.md); the server checks the same. */
export const REQUIRED_BY_TYPE: Readonly<Record<TicketType, readonly string[]>> = {
  inquiry_tariff: ['origin', 'destination', 'service_type'],
  request_pickup: ['pickup_address', 'pickup_date', 'cargo_description', 'dept_target'],
  complaint: ['description', 'shipment_reference', 'dept_target'],
  general_request: ['subject', 'description', 'dept_target'],
};

const notBlank = (c: AbstractControl): ValidationErrors | null =>
  typeof c.value === 'string' && c.value.trim() === '' ? { required: true } : null;

/** The request body for the form's values: only the fields of the chosen type. */
export function ticketBody(v: Record<string, string>, links: Record<string, string | null>): TicketCreate {
  const type = v['ticket_type'] as TicketType;
  const body: TicketCreate = { ticket_type: type, priority: (v['priority'] || 'normal') as TicketPriority };
  const text = (k: string) => (v[k] ?? '').trim() || undefined;
  if (text('dept_target')) body.dept_target = text('dept_target');
  if (text('subject')) body.subject = text('subject');
  if (text('description')) body.description = text('description');
  if (type === 'inquiry_tariff') {
    body.rfq = { origin: text('origin') ?? '', destination: text('destination') ?? '', service_type: v['service_type'] as ServiceType };
    if (text('commodity')) body.rfq.commodity = text('commodity');
    if (text('weight_kg')) body.rfq.weight_kg = Number(v['weight_kg']);
    if (text('volume_cbm')) body.rfq.volume_cbm = Number(v['volume_cbm']);
    if (text('ready_date')) body.rfq.ready_date = text('ready_date');
  }
  if (type === 'request_pickup') {
    body.pickup_address = text('pickup_address');
    body.pickup_date = text('pickup_date');
    body.cargo_description = text('cargo_description');
  }
  if (type === 'complaint') body.shipment_reference = text('shipment_reference');
  for (const [k, id] of Object.entries(links)) if (id) (body as unknown as Record<string, string>)[k] = id;
  return body;
}

/**
 * Tickets → New ticket: the four types with only their minimal fields (plus optional ones),
 * inline validation mirroring the server's, field errors of a 422 shown under their fields.
 * Links to CRM records arrive as query parameters (?related_customer_id=…) — nothing re-typed.
 * Test ids: new-ticket-form, new-type-<type>, new-<field>, new-submit, new-error, new-rfq-warning.
 */
@Component({
  selector: 'bcc-ticket-new-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoDirective,
    TranslocoPipe,
    PageHeaderComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ticket-new-page.component.html',
  styleUrl: './ticket-new-page.component.scss',
})
export class TicketNewPageComponent {
  private readonly api = inject(TicketsApiService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly types = TICKET_TYPES;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly services = SERVICE_TYPES;
  protected readonly departments = TARGET_DEPARTMENTS;
  protected readonly today = jakartaDay();
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  private key = newKey();
  private lastBody = '';

  protected readonly form = new FormGroup<Record<string, FormControl<string>>>({
    ticket_type: new FormControl('complaint', { nonNullable: true, validators: Validators.required }),
    dept_target: new FormControl('DOM', { nonNullable: true }),
    priority: new FormControl('normal', { nonNullable: true }),
    subject: new FormControl('', { nonNullable: true, validators: Validators.maxLength(200) }),
    description: new FormControl('', { nonNullable: true, validators: Validators.maxLength(10000) }),
    shipment_reference: new FormControl('', { nonNullable: true, validators: Validators.maxLength(100) }),
    pickup_address: new FormControl('', { nonNullable: true, validators: Validators.maxLength(500) }),
    pickup_date: new FormControl('', { nonNullable: true }),
    cargo_description: new FormControl('', { nonNullable: true, validators: Validators.maxLength(1000) }),
    origin: new FormControl('', { nonNullable: true, validators: Validators.maxLength(200) }),
    destination: new FormControl('', { nonNullable: true, validators: Validators.maxLength(200) }),
    service_type: new FormControl('', { nonNullable: true }),
    commodity: new FormControl('', { nonNullable: true, validators: Validators.maxLength(200) }),
    weight_kg: new FormControl('', { nonNullable: true, validators: Validators.min(0.01) }),
    volume_cbm: new FormControl('', { nonNullable: true, validators: Validators.min(0.001) }),
    ready_date: new FormControl('', { nonNullable: true }),
  });

  protected readonly links: Record<string, string | null> = {
    related_customer_id: this.route.snapshot.queryParamMap.get('related_customer_id'),
    related_lead_id: this.route.snapshot.queryParamMap.get('related_lead_id'),
    related_prospect_id: this.route.snapshot.queryParamMap.get('related_prospect_id'),
  };
  protected readonly linkList = Object.entries(this.links).filter(([, v]) => !!v) as [string, string][];

  protected readonly type = toSignal(this.form.controls['ticket_type']!.valueChanges, { initialValue: 'complaint' });
  protected readonly required = computed(() => new Set(REQUIRED_BY_TYPE[this.type() as TicketType] ?? []));

  constructor() {
    const t = this.route.snapshot.queryParamMap.get('type');
    if (t && (TICKET_TYPES as readonly string[]).includes(t)) {
      this.form.controls['ticket_type']!.setValue(t);
    }
    const d = this.route.snapshot.queryParamMap.get('dept_target');
    if (d) {
      this.form.controls['dept_target']!.setValue(d);
    }
    this.applyRequired(this.form.controls['ticket_type']!.value as TicketType);
    this.form.controls['ticket_type']!.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => this.applyRequired(v as TicketType));
  }

  private applyRequired(type: TicketType): void {
    const req = REQUIRED_BY_TYPE[type];
    for (const name of ['subject', 'description', 'shipment_reference', 'pickup_address', 'pickup_date', 'cargo_description', 'origin', 'destination', 'service_type', 'dept_target']) {
      const c = this.form.controls[name]!;
      if (req.includes(name)) {
        c.addValidators([Validators.required, notBlank]);
      } else {
        c.removeValidators([Validators.required, notBlank]);
      }
      c.updateValueAndValidity({ emitEvent: false });
    }
    if (type === 'inquiry_tariff' && this.form.controls['dept_target']!.value === 'DOM' && !this.route.snapshot.queryParamMap.get('dept_target')) {
      // An RFQ goes to the department of its service unless one is chosen.
      this.form.controls['dept_target']!.setValue('');
    }
  }

  protected show(field: string): boolean {
    const type = this.type();
    switch (field) {
      case 'rfq':
        return type === 'inquiry_tariff';
      case 'pickup':
        return type === 'request_pickup';
      case 'shipment_reference':
        return type === 'complaint';
      default:
        return true;
    }
  }

  protected submit(): void {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const body = ticketBody(this.form.getRawValue(), this.links);
    const serialized = JSON.stringify(body);
    if (serialized !== this.lastBody) {
      this.key = newKey();
      this.lastBody = serialized;
    }
    this.saving.set(true);
    this.api.create(body, this.key).subscribe({
      next: (t) => {
        this.saving.set(false);
        void this.router.navigate(['/tickets', t.ticket_id]);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const problem = toProblem(err);
        // The server names RFQ fields rfq.origin …; the form has them flat.
        const controls: Record<string, AbstractControl | undefined> = { ...this.form.controls };
        for (const f of ['origin', 'destination', 'service_type', 'commodity', 'weight_kg', 'volume_cbm', 'ready_date']) controls[`rfq.${f}`] = this.form.controls[f];
        const placed = applyServerErrors(problem, controls);
        if (!placed) {
          this.error.set(problem.detail);
        }
      },
    });
  }
}
