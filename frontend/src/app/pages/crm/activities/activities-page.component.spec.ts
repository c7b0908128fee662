import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { problemBody, seedSession, testUser } from '../../../../testing/test-helpers';
import { NotificationService } from '../../../core/notification.service';
import { byTestId, provideCrmTranslocoTesting } from '../shared/crm-testing';
import type { Prospect } from '../shared/crm.models';
import { ActivitiesPageComponent } from './activities-page.component';
import { GEOLOCATION, SECURE_CONTEXT, geoFailureOf, missingForActivity, toGeoLocation } from './visit-rules';

const PROSPECT: Prospect = {
  prospect_id: 'PR-2026-000009',
  customer_id: 'CU-2026-000007',
  customer_company_name: 'PT Maju Jaya',
  owner_user_id: testUser('salesperson').user_id,
  owner_name: 'Budi Santoso',
  stage: 'CONTACTED',
  stage_changed_at: '2026-01-10T09:00:00+07:00',
  allowed_stages: ['NEEDS_ANALYSIS'],
};

type GeoSuccess = (p: GeolocationPosition) => void;
type GeoError = (e: GeolocationPositionError) => void;

class FakeGeolocation {
  calls: PositionOptions[] = [];
  next: { coords: Partial<GeolocationCoordinates> } | { code: number } = {
    coords: { latitude: -6.2000001, longitude: 106.8166667, accuracy: 12.34 },
  };
  getCurrentPosition(success: GeoSuccess, error: GeoError, options: PositionOptions): void {
    this.calls.push(options);
    const next = this.next;
    if ('code' in next) {
      error({ code: next.code, message: 'x' } as GeolocationPositionError);
    } else {
      success({ coords: next.coords, timestamp: Date.now() } as GeolocationPosition);
    }
  }
}

const photo = () => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'visit.jpg', { type: 'image/jpeg' });

describe('visit rules', () => {
  it('missingForActivity: only a visit needs photo and location', () => {
    expect(missingForActivity('call', null, null)).toEqual([]);
    expect(missingForActivity('visit', null, null)).toEqual(['photo', 'location']);
    expect(missingForActivity('visit', photo(), null)).toEqual(['location']);
    expect(missingForActivity('visit', null, { lat: 1, lng: 2 })).toEqual(['photo']);
    expect(missingForActivity('visit', photo(), { lat: 1, lng: 2 })).toEqual([]);
  });

  it('toGeoLocation rounds to the stored precision; geoFailureOf names the failure', () => {
    const position = { coords: { latitude: -6.12345678, longitude: 106.87654321, accuracy: 8.76 } } as GeolocationPosition;
    expect(toGeoLocation(position)).toEqual({ lat: -6.123457, lng: 106.876543, accuracy_m: 8.8 });
    expect(geoFailureOf({ code: 1 })).toBe('denied');
    expect(geoFailureOf({ code: 2 })).toBe('unavailable');
    expect(geoFailureOf({ code: 3 })).toBe('timeout');
  });
});

describe('ActivitiesPageComponent (quick log)', () => {
  let fixture: ComponentFixture<ActivitiesPageComponent>;
  let component: ActivitiesPageComponent;
  let http: HttpTestingController;
  let host: HTMLElement;
  let geo: FakeGeolocation;

  async function setup(secure = true): Promise<void> {
    sessionStorage.clear();
    seedSession('salesperson');
    geo = new FakeGeolocation();
    TestBed.configureTestingModule({
      imports: [ActivitiesPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideCrmTranslocoTesting(),
        { provide: GEOLOCATION, useValue: geo },
        { provide: SECURE_CONTEXT, useValue: secure },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(NotificationService), 'info').mockResolvedValue();
    fixture = TestBed.createComponent(ActivitiesPageComponent);
    component = fixture.componentInstance;
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const recent = http.expectOne((r) => r.url === '/api/activities' && r.method === 'GET');
    expect(recent.request.params.get('owner_user_id')).toBe(testUser('salesperson').user_id);
    expect(recent.request.params.get('include_system')).toBe('false');
    recent.flush({ items: [], next_cursor: null });
    await fixture.whenStable();
  }

  async function chooseType(type: string): Promise<void> {
    byTestId(host, `activity-type-${type}`)!.querySelector('button')!.click();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('offers big type buttons; the visit evidence controls appear only for a visit', async () => {
    await setup();
    for (const type of ['visit', 'call', 'meeting', 'email', 'whatsapp']) {
      expect(byTestId(host, `activity-type-${type}`), type).not.toBeNull();
    }
    expect(byTestId(host, 'activity-photo')).toBeNull();
    await chooseType('visit');
    const input = byTestId<HTMLInputElement>(host, 'activity-photo')!;
    expect(input.getAttribute('accept')).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('environment');
    expect(byTestId(host, 'activity-locate')).not.toBeNull();
  });

  it('refuses to send a visit without photo and location, and says what is missing', async () => {
    await setup();
    component.form.controls.prospect.setValue(PROSPECT);
    await chooseType('visit');
    component.submit();
    await fixture.whenStable();
    http.expectNone((r) => r.method === 'POST');
    expect(component.missing()).toEqual(['photo', 'location']);
    expect(byTestId(host, 'activity-visit-missing')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Kunjungan belum lengkap: foto, lokasi GPS.',
    );

    component.setPhoto(photo());
    component.submit();
    await fixture.whenStable();
    http.expectNone((r) => r.method === 'POST');
    expect(byTestId(host, 'activity-visit-missing')?.textContent).toContain('lokasi GPS');
    expect(byTestId(host, 'activity-visit-missing')?.textContent).not.toContain('foto,');
  });

  it('gets a high-accuracy fix, uploads the photo, then posts the visit with evidence and location', async () => {
    await setup();
    component.form.controls.prospect.setValue(PROSPECT);
    await chooseType('visit');
    component.form.controls.notes.setValue('  Bertemu manajer logistik  ');
    component.setPhoto(photo());
    byTestId(host, 'activity-locate')!.click();
    await fixture.whenStable();
    expect(geo.calls).toEqual([{ enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }]);
    expect(component.location()).toEqual({ lat: -6.2, lng: 106.816667, accuracy_m: 12.3 });
    expect(byTestId(host, 'activity-location')?.textContent).toContain('akurasi ±12,3 m');

    component.submit();
    const upload = http.expectOne((r) => r.url === '/api/files');
    expect(upload.request.method).toBe('POST');
    const form = upload.request.body as FormData;
    expect(form.get('bucket')).toBe('prospect-evidence');
    expect((form.get('file') as File).name).toBe('visit.jpg');
    expect(upload.request.headers.get('Idempotency-Key')).toBeTruthy();
    upload.flush({ object_id: 'obj-1', bucket: 'prospect-evidence', size: 4, content_type: 'image/jpeg' }, { status: 201, statusText: 'Created' });

    const post = http.expectOne((r) => r.url === '/api/activities' && r.method === 'POST');
    expect(post.request.body).toEqual({
      activity_type: 'visit',
      prospect_id: 'PR-2026-000009',
      notes: 'Bertemu manajer logistik',
      location: { lat: -6.2, lng: 106.816667, accuracy_m: 12.3 },
      evidence_object_id: 'obj-1',
    });
    const key = post.request.headers.get('Idempotency-Key');
    expect(key).toBeTruthy();

    // The activity call fails: a retry reuses the uploaded photo and the same key.
    post.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await fixture.whenStable();
    expect(byTestId(host, 'activity-error')).not.toBeNull();
    component.submit();
    http.expectNone('/api/files');
    const retry = http.expectOne((r) => r.url === '/api/activities' && r.method === 'POST');
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    expect(retry.request.body.evidence_object_id).toBe('obj-1');
    retry.flush({ activity_id: 'a-1' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    // Saved: the list reloads and the evidence is cleared for the next visit.
    http.expectOne((r) => r.url === '/api/activities' && r.method === 'GET').flush({ items: [], next_cursor: null });
    expect(component.photo()).toBeNull();
    expect(component.location()).toBeNull();
  });

  it('explains a denied location permission and a non-HTTPS page', async () => {
    await setup();
    await chooseType('visit');
    geo.next = { code: 1 };
    component.locate();
    await fixture.whenStable();
    expect(byTestId(host, 'activity-geo-error')?.getAttribute('data-reason')).toBe('denied');
    expect(byTestId(host, 'activity-geo-error')?.textContent).toContain('Izin lokasi ditolak');
    geo.next = { code: 3 };
    component.locate();
    await fixture.whenStable();
    expect(byTestId(host, 'activity-geo-error')?.getAttribute('data-reason')).toBe('timeout');
  });

  it('does not even ask for the location on an insecure page', async () => {
    await setup(false);
    await chooseType('visit');
    component.locate();
    await fixture.whenStable();
    expect(geo.calls).toEqual([]);
    expect(byTestId(host, 'activity-geo-error')?.getAttribute('data-reason')).toBe('insecure');
  });

  it('a call needs neither photo nor location', async () => {
    await setup();
    component.form.controls.prospect.setValue(PROSPECT);
    await chooseType('call');
    component.submit();
    const post = http.expectOne((r) => r.url === '/api/activities' && r.method === 'POST');
    expect(post.request.body).toEqual({ activity_type: 'call', prospect_id: 'PR-2026-000009' });
    post.flush({ activity_id: 'a-2' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/activities' && r.method === 'GET').flush({ items: [], next_cursor: null });
  });

  it('shows the server 422 for a visit on the evidence it is about', async () => {
    await setup();
    component.form.controls.prospect.setValue(PROSPECT);
    await chooseType('visit');
    component.setPhoto(photo());
    component.locate();
    component.submit();
    http.expectOne('/api/files').flush({ object_id: 'obj-2', bucket: 'prospect-evidence', size: 4, content_type: 'image/jpeg' }, { status: 201, statusText: 'Created' });
    http.expectOne((r) => r.url === '/api/activities' && r.method === 'POST').flush(
      problemBody(422, 'Unprocessable Entity', 'A visit needs a photo and the GPS location', [
        { field: 'evidence_object_id', message: 'must be your uploaded photo' },
      ]),
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();
    expect(host.textContent).toContain('must be your uploaded photo');
  });

  it('wants a prospect picked from the list, not just typed', async () => {
    await setup();
    component.form.controls.prospect.setValue('PT Maju');
    expect(component.form.controls.prospect.hasError('choose')).toBe(true);
    component.submit();
    http.expectNone((r) => r.method === 'POST');
    // The typed text searched the prospects (debounced).
    await new Promise((r) => setTimeout(r, 300));
    const search = http.expectOne((r) => r.url === '/api/prospects');
    expect(search.request.params.get('q')).toBe('PT Maju');
    search.flush({ items: [PROSPECT], next_cursor: null });
  });
});
