import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { problemBody, provideTranslocoTesting } from '../../../testing/test-helpers';
import { NotificationService } from '../notification.service';
import { handledErrors } from './http-context';
import { fieldErrors, toProblem } from './problem';
import { problemInterceptor } from './problem.interceptor';

describe('toProblem', () => {
  it('reads an RFC 9457 body with field errors', () => {
    const problem = toProblem(
      new HttpErrorResponse({
        status: 422,
        error: problemBody(422, 'Unprocessable Entity', 'Validation failed', [
          { field: 'email', message: 'must be an email' },
          { field: 'email', message: 'second message' },
          { field: 'password', message: 'required' },
        ]),
      }),
    );
    expect(problem.status).toBe(422);
    expect(problem.detail).toBe('Validation failed');
    expect(fieldErrors(problem)).toEqual({ email: 'must be an email', password: 'required' });
  });

  it('parses a problem delivered as text and tolerates non-JSON bodies', () => {
    const fromText = toProblem(
      new HttpErrorResponse({ status: 409, error: JSON.stringify(problemBody(409, 'Conflict', 'Allowed: QUOTED')) }),
    );
    expect(fromText.detail).toBe('Allowed: QUOTED');

    const html = toProblem(new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>…</html>' }));
    expect(html.status).toBe(502);
    expect(html.detail).toBeNull();
    expect(html.errors).toEqual([]);
  });
});

describe('problemInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let notify: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    notify = vi.spyOn(TestBed.inject(NotificationService), 'error').mockResolvedValue() as unknown as ReturnType<
      typeof vi.fn
    >;
  });
  afterEach(() => http.verify());

  it('shows the detail of an unexpected error and still fails the call', async () => {
    const result = firstValueFrom(client.get('/api/leads')).catch((e: unknown) => e);
    http.expectOne('/api/leads').flush(problemBody(500, 'Internal Server Error', 'Database unavailable'), {
      status: 500,
      statusText: 'Internal Server Error',
    });
    expect(((await result) as HttpErrorResponse).status).toBe(500);
    expect(notify).toHaveBeenCalledWith('Database unavailable');
  });

  it('falls back to a translated message when there is no detail', async () => {
    const result = firstValueFrom(client.get('/api/leads')).catch((e: unknown) => e);
    http.expectOne('/api/leads').error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await result;
    expect(notify).toHaveBeenCalledWith('Server tidak dapat dihubungi. Periksa koneksi Anda lalu coba lagi.');
  });

  it('stays silent for errors the caller handles and for 401', async () => {
    const handled = firstValueFrom(client.post('/api/leads', {}, { context: handledErrors([422]) })).catch(() => null);
    http.expectOne('/api/leads').flush(problemBody(422, 'Unprocessable Entity', 'bad'), {
      status: 422,
      statusText: 'Unprocessable Entity',
    });
    const unauthorized = firstValueFrom(client.get('/api/me')).catch(() => null);
    http.expectOne('/api/me').flush(problemBody(401, 'Unauthorized', 'no'), { status: 401, statusText: 'Unauthorized' });
    await Promise.all([handled, unauthorized]);
    expect(notify).not.toHaveBeenCalled();
  });

  it('ignores non-API requests', async () => {
    const result = firstValueFrom(client.get('/i18n/xx.json')).catch(() => null);
    http.expectOne('/i18n/xx.json').flush('nope', { status: 404, statusText: 'Not Found' });
    await result;
    expect(notify).not.toHaveBeenCalled();
  });
});
