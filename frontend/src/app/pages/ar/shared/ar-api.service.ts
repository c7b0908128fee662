import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { handledErrors } from '../../../core/http/http-context';
import type { Page } from '../../../core/http/page';
import type {
  Aging, CollectionTicket, CreatedPayment, CustomerOption, Invoice, InvoiceDetail, InvoiceListQuery, NewInvoice, NewPayment,
  Outstanding, Payment, Rolling,
} from './ar.models';

const API = '/api';

function params(values: Record<string, string | number | boolean | null | undefined>): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== null && v !== undefined && v !== '') p = p.set(k, String(v));
  }
  return p;
}

/** The AR/DSO endpoints of api.md. Forms pass `handled` statuses they show inline. */
@Injectable({ providedIn: 'root' })
export class ArApiService {
  private readonly http = inject(HttpClient);

  invoices(q: InvoiceListQuery): Observable<Page<Invoice>> {
    return this.http.get<Page<Invoice>>(`${API}/invoices`, { params: params({ limit: 50, ...q }) });
  }

  invoice(id: string, context?: HttpContext): Observable<InvoiceDetail> {
    return this.http.get<InvoiceDetail>(`${API}/invoices/${encodeURIComponent(id)}`, { context });
  }

  createInvoice(body: NewInvoice, key: string): Observable<Invoice> {
    return this.http.post<Invoice>(`${API}/invoices`, body, { headers: { 'Idempotency-Key': key }, context: handledErrors([409, 422]) });
  }

  payments(invoiceId: string): Observable<Page<Payment>> {
    return this.http.get<Page<Payment>>(`${API}/payments`, { params: params({ invoice_id: invoiceId, limit: 200 }) });
  }

  /** Every visible payment, newest first (`GET /api/payments` with date filters). */
  paymentList(q: { from?: string; to?: string; customer_id?: string; cursor?: string | null }): Observable<Page<Payment>> {
    return this.http.get<Page<Payment>>(`${API}/payments`, { params: params({ limit: 50, ...q }) });
  }

  createPayment(body: NewPayment, key: string): Observable<CreatedPayment> {
    return this.http.post<CreatedPayment>(`${API}/payments`, body, { headers: { 'Idempotency-Key': key }, context: handledErrors([409, 422]) });
  }

  customers(q: string): Observable<{ items: CustomerOption[] }> {
    return this.http.get<{ items: CustomerOption[] }>(`${API}/dso/customers`, { params: params({ q, limit: 20 }) });
  }

  aging(asOf: string | null, limit = 200): Observable<Aging> {
    return this.http.get<Aging>(`${API}/dso/aging`, { params: params({ as_of: asOf, limit }) });
  }

  outstanding(q: { overdue?: boolean; as_of?: string | null; cursor?: string | null; limit?: number }): Observable<Outstanding> {
    return this.http.get<Outstanding>(`${API}/dso/outstanding`, { params: params({ limit: 50, ...q }) });
  }

  rolling(from: string | null, to: string | null): Observable<Rolling> {
    return this.http.get<Rolling>(`${API}/dso/rolling`, { params: params({ from, to }) });
  }

  collectionTicket(customerId: string, key: string): Observable<CollectionTicket> {
    return this.http.post<CollectionTicket>(`${API}/dso/collection-tickets`, { customer_id: customerId }, {
      headers: { 'Idempotency-Key': key }, context: handledErrors([404, 422]),
    });
  }
}
