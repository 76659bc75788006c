import { renderBarChart } from './report-chart';

describe('renderBarChart', () => {
  it('draws one bar per group, rates on a 0–100 % scale', () => {
    const svg = renderBarChart('onTimeRate', [
      { label: '2026-01', value: 0.5 },
      { label: '2026-02', value: 1 },
    ]);
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]).toBe(widths[0] * 2);
    expect(svg).toContain('50 %');
    expect(svg).toContain('100 %');
    expect(svg).toContain('Delivered on time');
  });

  it('scales counts to the largest value and says "no data" rather than drawing zero', () => {
    const svg = renderBarChart('orders', [
      { label: 'Communications', value: 40 },
      { label: 'IT', value: 10 },
      { label: 'HR', value: null },
    ]);
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBe(widths[1] * 4);
    expect(svg).toContain('no data');
  });

  it('escapes labels, so a unit name cannot inject markup', () => {
    const svg = renderBarChart('orders', [{ label: '<script>alert(1)</script> & "x"', value: 1 }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp; &quot;x&quot;');
  });

  it('drops characters XML does not allow, so a name stored with control characters cannot break the chart', () => {
    const svg = renderBarChart('orders', [{ label: 'IT\u0000\u0007\u001b[31m \ud800 unit', value: 1 }]);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(svg).not.toMatch(/[\ud800-\udfff]/);
    expect(svg).toContain('IT[31m  unit');
  });

  it('says when there is nothing to show', () => {
    expect(renderBarChart('orders', [])).toContain('No orders in this selection.');
  });
});
