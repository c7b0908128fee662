import { checkColumns, detectDelimiter, parseCsvPreview } from './csv-preview';
import { modulesForRole, progressPercent, type ImportRecord, type TemplateColumn } from './imports.models';

const INVOICES: TemplateColumn[] = [
  { column_name: 'invoice_number', required_group: 'invoice_number', example: '' },
  { column_name: 'customer_id', required_group: 'customer', example: '' },
  { column_name: 'customer_npwp', required_group: 'customer', example: '' },
  { column_name: 'invoice_date', required_group: 'invoice_date', example: '' },
  { column_name: 'due_date', required_group: 'due_date', example: '' },
  { column_name: 'amount', required_group: 'amount', example: '' },
  { column_name: 'notes', required_group: null, example: '' },
];

describe('csv preview', () => {
  it('detects the delimiter from the header line, outside quotes', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('parses a BOM + semicolon file with quotes, blank lines and CRLF; normalises the header', () => {
    const p = parseCsvPreview('\uFEFFInvoice Number;Amount;Notes\r\nA-1;"1.500.000,00";"say ""hi""; ok"\r\n;;\r\nA-2;2;\r\n');
    expect(p.delimiter).toBe(';');
    expect(p.columns).toEqual(['invoice_number', 'amount', 'notes']);
    expect(p.rows).toEqual([
      ['A-1', '1.500.000,00', 'say "hi"; ok'],
      ['A-2', '2', ''],
    ]);
    expect(p.truncated).toBe(false);
  });

  it('reads only the first rows and drops a record cut by the end of the slice', () => {
    const text = ['a,b', ...Array.from({ length: 20 }, (_, i) => `${i},x`)].join('\n');
    const p = parseCsvPreview(text, 5);
    expect(p.rows).toHaveLength(5);
    expect(p.truncated).toBe(true);
    const cut = parseCsvPreview('a,b\n1,x\n2,"unfinished', 10, false);
    expect(cut.rows).toEqual([['1', 'x']]);
  });

  it('checks the header like the server: required groups, unknown and repeated columns', () => {
    expect(checkColumns(['invoice_number', 'customer_npwp', 'invoice_date', 'due_date', 'amount'], INVOICES).ok).toBe(true);
    expect(checkColumns(['invoice_no', 'invoice_date', 'amount', 'amount'], INVOICES)).toEqual({
      ok: false,
      missing: ['invoice_number', 'customer_id / customer_npwp', 'due_date'],
      unknown: ['invoice_no'],
      duplicate: ['amount'],
    });
  });
});

describe('imports models', () => {
  it('offers each role the modules the database lets it import', () => {
    expect(modulesForRole('finance')).toEqual(['invoices', 'payments', 'customers', 'kpi_entries']);
    expect(modulesForRole('marketing_staff')).toEqual(['leads', 'marketing_spend', 'kpi_entries']);
    expect(modulesForRole('ops')).toEqual(['kpi_entries']);
    expect(modulesForRole('director')).toEqual([]);
    expect(modulesForRole('super_admin')).toHaveLength(6);
  });

  it('shows progress as rows gone through while processing', () => {
    const imp = { status: 'PROCESSING', total_rows: 200, progress_rows: 50 } as ImportRecord;
    expect(progressPercent(imp)).toBe(25);
    expect(progressPercent({ ...imp, status: 'COMPLETED_WITH_ERRORS' })).toBe(100);
    expect(progressPercent({ ...imp, status: 'STAGED', progress_rows: 0 })).toBe(0);
  });
});
