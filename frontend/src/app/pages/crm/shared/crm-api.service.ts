import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { API_BASE } from '../../../core/http/api-url';
import { handledErrors, silentErrors } from '../../../core/http/http-context';
import type { Page } from '../../../core/http/page';
import type {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  Assignee,
  Customer,
  Customer360,
  CustomerListQuery,
  Lead,
  LeadAssigned,
  LeadCreate,
  LeadCreated,
  LeadDetail,
  LeadListQuery,
  LeadUpdate,
  MarketingEvent,
  MarketingEventCreate,
  MarketingListQuery,
  MarketingSpend,
  MarketingSpendCreate,
  Prospect,
  ProspectHistoryItem,
  ProspectListQuery,
  ProspectStage,
  StoredFile,
  TimelineItem,
} from './crm.models';

export const LEADS_URL = `${API_BASE}/leads`;
export const CUSTOMERS_URL = `${API_BASE}/customers`;
export const PROSPECTS_URL = `${API_BASE}/prospects`;
export const ACTIVITIES_URL = `${API_BASE}/activities`;
export const ASSIGNEES_URL = `${API_BASE}/crm/assignees`;
export const FILES_URL = `${API_BASE}/files`;
export const MARKETING_EVENTS_URL = `${API_BASE}/marketing/events`;
export const MARKETING_SPEND_URL = `${API_BASE}/marketing/spend`;

export const DEFAULT_PAGE_SIZE = 50;

export interface PageRequest {
  cursor?: string | null;
  limit?: number;
}

type QueryValue = string | number | boolean | null | undefined;

/** Query params without the empty ones (an empty filter means "any"); booleans are sent as given. */
export function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query as Record<string, QueryValue>)) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    params = params.set(key, String(value));
  }
  return params;
}

function withIdempotency(key: string | null | undefined): HttpHeaders | undefined {
  return key ? new HttpHeaders({ 'Idempotency-Key': key }) : undefined;
}

/**
 * The CRM endpoints (leads, customers, prospects, activities, marketing). Requests that feed a
 * form declare the statuses the form shows itself (422 field errors, 409 with allowed moves);
 * anything else unexpected is shown by the problem interceptor.
 */
@Injectable({ providedIn: 'root' })
export class CrmApiService {
  private readonly http = inject(HttpClient);

  // ---------------------------------------------------------------- leads
  listLeads(query: LeadListQuery, page: PageRequest = {}): Observable<Page<Lead>> {
    return this.http.get<Page<Lead>>(LEADS_URL, {
      params: toParams({ ...query, limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor }),
    });
  }

  createLead(body: LeadCreate, idempotencyKey: string): Observable<LeadCreated> {
    return this.http.post<LeadCreated>(LEADS_URL, body, {
      headers: withIdempotency(idempotencyKey),
      context: handledErrors([409, 422]),
    });
  }

  getLead(leadId: string): Observable<LeadDetail> {
    return this.http.get<LeadDetail>(`${LEADS_URL}/${encodeURIComponent(leadId)}`, {
      context: handledErrors([404]),
    });
  }

  leadTimeline(leadId: string): Observable<{ items: TimelineItem[] }> {
    return this.http.get<{ items: TimelineItem[] }>(`${LEADS_URL}/${encodeURIComponent(leadId)}/timeline`);
  }

  updateLead(leadId: string, body: LeadUpdate): Observable<Lead> {
    return this.http.patch<Lead>(`${LEADS_URL}/${encodeURIComponent(leadId)}`, body, {
      context: handledErrors([409, 422]),
    });
  }

  assignLead(leadId: string, salesOwnerUserId: string, idempotencyKey?: string): Observable<LeadAssigned> {
    return this.http.post<LeadAssigned>(
      `${LEADS_URL}/${encodeURIComponent(leadId)}/assign`,
      { sales_owner_user_id: salesOwnerUserId },
      { headers: withIdempotency(idempotencyKey), context: handledErrors([409, 422]) },
    );
  }

  /** The people the caller may assign leads to (and filter by owner). */
  assignees(): Observable<{ items: Assignee[] }> {
    return this.http.get<{ items: Assignee[] }>(ASSIGNEES_URL, { context: silentErrors() });
  }

  // ------------------------------------------------------------ customers
  listCustomers(query: CustomerListQuery, page: PageRequest = {}): Observable<Page<Customer>> {
    return this.http.get<Page<Customer>>(CUSTOMERS_URL, {
      params: toParams({ ...query, limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor }),
    });
  }

  getCustomer(customerId: string): Observable<Customer360> {
    return this.http.get<Customer360>(`${CUSTOMERS_URL}/${encodeURIComponent(customerId)}`, {
      context: handledErrors([404]),
    });
  }

  // ------------------------------------------------------------ prospects
  listProspects(query: ProspectListQuery, page: PageRequest = {}): Observable<Page<Prospect>> {
    return this.http.get<Page<Prospect>>(PROSPECTS_URL, {
      params: toParams({ ...query, limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor }),
    });
  }

  /** Autocomplete: quiet on failure (the field just shows no options). */
  searchProspects(q: string, limit = 10): Observable<Page<Prospect>> {
    return this.http.get<Page<Prospect>>(PROSPECTS_URL, {
      params: toParams({ q, limit }),
      context: silentErrors(),
    });
  }

  moveProspect(prospectId: string, stage: ProspectStage, lostReason?: string): Observable<Prospect> {
    const body: { stage: ProspectStage; lost_reason?: string } = { stage };
    if (lostReason) {
      body.lost_reason = lostReason;
    }
    return this.http.patch<Prospect>(`${PROSPECTS_URL}/${encodeURIComponent(prospectId)}`, body, {
      context: handledErrors([409, 422]),
    });
  }

  prospectHistory(prospectId: string): Observable<{ items: ProspectHistoryItem[] }> {
    return this.http.get<{ items: ProspectHistoryItem[] }>(
      `${PROSPECTS_URL}/${encodeURIComponent(prospectId)}/history`,
    );
  }

  // ----------------------------------------------------------- activities
  listActivities(query: ActivityListQuery, page: PageRequest = {}): Observable<Page<Activity>> {
    return this.http.get<Page<Activity>>(ACTIVITIES_URL, {
      params: toParams({ ...query, limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor }),
    });
  }

  createActivity(body: ActivityCreate, idempotencyKey: string): Observable<Activity> {
    return this.http.post<Activity>(ACTIVITIES_URL, body, {
      headers: withIdempotency(idempotencyKey),
      context: handledErrors([409, 422]),
    });
  }

  /** `POST /api/files` (multipart); 413/415/422 are the caller's to explain. */
  uploadFile(file: Blob, bucket: string, idempotencyKey?: string, fileName?: string): Observable<StoredFile> {
    const form = new FormData();
    form.append('bucket', bucket);
    form.append('file', file, fileName ?? (file instanceof File ? file.name : 'upload'));
    return this.http.post<StoredFile>(FILES_URL, form, {
      headers: withIdempotency(idempotencyKey),
      context: handledErrors([409, 413, 415, 422]),
    });
  }

  // ------------------------------------------------------------ marketing
  listMarketingEvents(query: MarketingListQuery, page: PageRequest = {}): Observable<Page<MarketingEvent>> {
    return this.http.get<Page<MarketingEvent>>(MARKETING_EVENTS_URL, {
      params: toParams({ ...query, limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor }),
    });
  }

  createMarketingEvent(body: MarketingEventCreate, idempotencyKey: string): Observable<MarketingEvent> {
    return this.http.post<MarketingEvent>(MARKETING_EVENTS_URL, body, {
      headers: withIdempotency(idempotencyKey),
      context: handledErrors([409, 422]),
    });
  }

  listMarketingSpend(query: MarketingListQuery, page: PageRequest = {}): Observable<Page<MarketingSpend>> {
    return this.http.get<Page<MarketingSpend>>(MARKETING_SPEND_URL, {
      params: toParams({ ...query, limit: page.limit ?? DEFAULT_PAGE_SIZE, cursor: page.cursor }),
    });
  }

  createMarketingSpend(body: MarketingSpendCreate, idempotencyKey: string): Observable<MarketingSpend> {
    return this.http.post<MarketingSpend>(MARKETING_SPEND_URL, body, {
      headers: withIdempotency(idempotencyKey),
      context: handledErrors([409, 422]),
    });
  }
}
