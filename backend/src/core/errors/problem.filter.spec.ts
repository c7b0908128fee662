import { problemFromPg } from './problem.filter.js';

const pgErr = (code: string, message = 'msg', detail?: string) => ({ code, message, detail, severity: 'ERROR' });

describe('problemFromPg', () => {
  it('maps our BCxxx SQLSTATEs to the same HTTP status with the user-facing message', () => {
    expect(problemFromPg(pgErr('BC409', 'Lead is already handed over', '{"allowed":["CONVERTED"]}'))).toEqual({
      type: expect.stringContaining('409'), title: 'Conflict', status: 409, detail: 'Lead is already handed over', allowed: ['CONVERTED'],
    });
    expect(problemFromPg(pgErr('BC422', 'Invalid', '{"errors":[{"field":"npwp","message":"must have 15 or 16 digits"}]}'))).toMatchObject({
      status: 422, errors: [{ field: 'npwp', message: 'must have 15 or 16 digits' }],
    });
    expect(problemFromPg(pgErr('BC404', 'Lead not found', 'not json'))).toMatchObject({ status: 404, detail: 'Lead not found' });
  });

  it('never passes standard error text (SQL, constraint names) through', () => {
    const dup = problemFromPg(pgErr('23505', 'duplicate key value violates unique constraint "profiles_email_key"', 'Key (email)=(a@b) already exists.'))!;
    expect(dup.status).toBe(409);
    expect(JSON.stringify(dup)).not.toMatch(/profiles_email_key|Key \(/);
    expect(problemFromPg(pgErr('42501', 'new row violates row-level security policy for table "leads"'))!).toMatchObject({ status: 403 });
    expect(JSON.stringify(problemFromPg(pgErr('42501', 'new row violates row-level security policy for table "leads"')))).not.toContain('leads');
    expect(problemFromPg(pgErr('22P02', 'invalid input syntax for type uuid: "x"'))!).toMatchObject({ status: 422 });
    expect(problemFromPg(pgErr('23P01', 'conflicting key value violates exclusion constraint'))!).toMatchObject({ status: 409 });
    expect(problemFromPg(pgErr('40001', 'could not serialize'))!).toMatchObject({ status: 409 });
    expect(problemFromPg(pgErr('57P01', 'terminating connection due to administrator command'))!).toMatchObject({ status: 503 });
  });

  it('leaves unknown errors to the generic 500 path', () => {
    expect(problemFromPg(pgErr('XX000', 'internal'))).toBeNull();
    expect(problemFromPg(pgErr('42P01', 'relation "x" does not exist'))).toBeNull();
  });
});
