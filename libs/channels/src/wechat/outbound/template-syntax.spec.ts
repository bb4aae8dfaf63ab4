import { fieldMappingProblems, renderFields } from './template-syntax';

describe('notification template syntax', () => {
  it('fills known placeholders once, leaving injected braces literal', () => {
    const data = renderFields(
      { first: '订单{{ orderId }}已付款', keyword1: '{{paidYuan}} 元', remark: 'no vars' },
      { orderId: '{{paidYuan}}', paidYuan: '128.00' },
    );
    expect(data).toEqual({
      first: { value: '订单{{paidYuan}}已付款' },
      keyword1: { value: '128.00 元' },
      remark: { value: 'no vars' },
    });
  });

  it('accepts a valid mapping and names every bad keyword', () => {
    expect(fieldMappingProblems('order.shipped', { keyword1: '{{trackingNo}} via {{carrierCode}}' })).toEqual(
      [],
    );
    const problems = fieldMappingProblems('order.paid', {
      keyword1: '{{trackingNo}}',
      keyword2: '{{ orderId',
      'bad key': 'x',
      keyword3: '',
      keyword4: 7,
      keyword5: '{{constructor}}',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'fields.keyword1',
      'fields.keyword2',
      'fields.bad key',
      'fields.keyword3',
      'fields.keyword4',
      'fields.keyword5',
    ]);
    expect(fieldMappingProblems('order.paid', [])).toEqual([
      { field: 'fields', problem: expect.any(String) },
    ]);
    expect(fieldMappingProblems('order.paid', {})[0].field).toBe('fields');
  });

  it('renders a variable without a value as empty, never as an inherited property', () => {
    expect(renderFields({ a: '[{{trackingNo}}]' }, {})).toEqual({ a: { value: '[]' } });
  });
});
