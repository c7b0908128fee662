import { HttpClient, HttpHeaders, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { API_BASE } from '../../../core/http/api-url';
import { handledErrors, silentErrors } from '../../../core/http/http-context';
import type { Page } from '../../../core/http/page';
import type {
  Assignee,
  FirstResponseDay,
  MaskedRfq,
  MaskedRfqDetail,
  RfqListQuery,
  SlaEvent,
  SlaSummary,
  StaleTicket,
  TicketAttachment,
  TicketCreate,
  TicketDetail,
  TicketListQuery,
  TicketMessage,
  TicketPatch,
  TicketSummary,
} from './tickets.models';

export const TICKETS_URL = `${API_BASE}/tickets`;
export const OPS_RFQS_URL = `${API_BASE}/ops/rfqs`;
export const PAGE_SIZE = 50;

type QueryValue = string | number | boolean | null | undefined;

/** Query params without empty values (an empty filter means "any"). */
export function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query as Record<string, QueryValue>)) {
    if (value === null || value === undefined || value === '' || value === false) {
      continue;
    }
    params = params.set(key, String(value));
  }
  return params;
}

function idempotent(key: string | null | undefined): HttpHeaders | undefined {
  return key ? new HttpHeaders({ 'Idempotency-Key': key }) : undefined;
}

/**
 * The ticketing endpoints. Calls that feed a form or an action declare the statuses the screen
 * shows itself (422 field errors, 409 with the allowed moves, 413/415 for files); anything else
 * unexpected is shown by the problem interceptor.
 */
@Injectable({ providedIn: 'root' })
export class TicketsApiService {
  private readonly http = inject(HttpClient);

  list(query: TicketListQuery, cursor: string | null = null): Observable<Page<TicketSummary>> {
    return this.http.get<Page<TicketSummary>>(TICKETS_URL, { params: toParams({ ...query, cursor, limit: PAGE_SIZE }) });
  }

  stale(query: { queue?: boolean; mine?: boolean; dept_target?: string }, cursor: string | null = null): Observable<Page<StaleTicket>> {
    return this.http.get<Page<StaleTicket>>(`${TICKETS_URL}/stale`, { params: toParams({ ...query, cursor, limit: PAGE_SIZE }) });
  }

  get(id: string): Observable<TicketDetail> {
    return this.http.get<TicketDetail>(`${TICKETS_URL}/${encodeURIComponent(id)}`, { context: handledErrors([404]) });
  }

  create(body: TicketCreate, key: string): Observable<TicketDetail> {
    return this.http.post<TicketDetail>(TICKETS_URL, body, { headers: idempotent(key), context: handledErrors([422, 403]) });
  }

  update(id: string, patch: TicketPatch): Observable<TicketDetail> {
    return this.http.patch<TicketDetail>(`${TICKETS_URL}/${encodeURIComponent(id)}`, patch, { context: handledErrors([409, 422]) });
  }

  messages(id: string): Observable<Page<TicketMessage>> {
    return this.http.get<Page<TicketMessage>>(`${TICKETS_URL}/${encodeURIComponent(id)}/messages`, { params: toParams({ limit: 200 }) });
  }

  postMessage(id: string, body: { body: string; is_internal?: boolean; visible_to_ops?: boolean }, key: string): Observable<TicketMessage> {
    return this.http.post<TicketMessage>(`${TICKETS_URL}/${encodeURIComponent(id)}/messages`, body, { headers: idempotent(key), context: handledErrors([422, 403]) });
  }

  attachments(id: string): Observable<{ items: TicketAttachment[] }> {
    return this.http.get<{ items: TicketAttachment[] }>(`${TICKETS_URL}/${encodeURIComponent(id)}/attachments`);
  }

  upload(id: string, file: File, flags: { is_internal?: boolean; visible_to_ops?: boolean }): Observable<TicketAttachment> {
    const form = new FormData();
    form.append('file', file, file.name);
    if (flags.is_internal) form.append('is_internal', 'true');
    if (flags.visible_to_ops) form.append('visible_to_ops', 'true');
    return this.http.post<TicketAttachment>(`${TICKETS_URL}/${encodeURIComponent(id)}/attachments`, form, { context: handledErrors([413, 415, 422, 403]) });
  }

  download(id: string, attachmentId: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`${TICKETS_URL}/${encodeURIComponent(id)}/attachments/${attachmentId}`, { observe: 'response', responseType: 'blob' });
  }

  slaEvents(id: string): Observable<{ items: SlaEvent[] }> {
    return this.http.get<{ items: SlaEvent[] }>(`${TICKETS_URL}/${encodeURIComponent(id)}/sla-events`, { context: silentErrors() });
  }

  firstResponse(query: { from?: string; to?: string; dept_target?: string }): Observable<{ items: FirstResponseDay[] }> {
    return this.http.get<{ items: FirstResponseDay[] }>(`${TICKETS_URL}/sla/first-response`, { params: toParams(query) });
  }

  slaSummary(dept?: string): Observable<SlaSummary> {
    return this.http.get<SlaSummary>(`${TICKETS_URL}/sla/summary`, { params: toParams({ dept_target: dept }) });
  }

  assignees(dept: string): Observable<{ items: Assignee[] }> {
    return this.http.get<{ items: Assignee[] }>(`${TICKETS_URL}/assignees`, { params: toParams({ dept_target: dept }), context: silentErrors() });
  }

  // ---------------------------------------------------------- ops (masked)
  rfqs(query: RfqListQuery, cursor: string | null = null): Observable<Page<MaskedRfq>> {
    return this.http.get<Page<MaskedRfq>>(OPS_RFQS_URL, { params: toParams({ ...query, cursor, limit: PAGE_SIZE }) });
  }

  rfq(id: string): Observable<MaskedRfqDetail> {
    return this.http.get<MaskedRfqDetail>(`${OPS_RFQS_URL}/${encodeURIComponent(id)}`, { context: handledErrors([404]) });
  }

  updateRfq(id: string, patch: TicketPatch): Observable<MaskedRfqDetail> {
    return this.http.patch<MaskedRfqDetail>(`${OPS_RFQS_URL}/${encodeURIComponent(id)}`, patch, { context: handledErrors([409, 422]) });
  }

  postRfqMessage(id: string, body: { body: string; is_internal?: boolean }, key: string): Observable<TicketMessage> {
    return this.http.post<TicketMessage>(`${OPS_RFQS_URL}/${encodeURIComponent(id)}/messages`, body, { headers: idempotent(key), context: handledErrors([422]) });
  }

  uploadRfq(id: string, file: File, flags: { is_internal?: boolean }): Observable<TicketAttachment> {
    const form = new FormData();
    form.append('file', file, file.name);
    if (flags.is_internal) form.append('is_internal', 'true');
    return this.http.post<TicketAttachment>(`${OPS_RFQS_URL}/${encodeURIComponent(id)}/attachments`, form, { context: handledErrors([413, 415, 422]) });
  }

  downloadRfq(id: string, attachmentId: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`${OPS_RFQS_URL}/${encodeURIComponent(id)}/attachments/${attachmentId}`, { observe: 'response', responseType: 'blob' });
  }
}
