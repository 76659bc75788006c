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

  it('says when there is nothing to show', () => {
    expect(renderBarChart('orders', [])).toContain('No orders in this selection.');
  });
});
