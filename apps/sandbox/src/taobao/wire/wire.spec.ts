import { fenToYuan, formatGmt8, parseGmt8 } from './gmt8';
import { toWireJson } from './json';
import { renderTop, TopList } from './render';

describe('wire formats', () => {
  it('formats and parses GMT+8 times', () => {
    const ms = Date.UTC(2024, 0, 31, 16, 5, 9);
    expect(formatGmt8(ms)).toBe('2024-02-01 00:05:09');
    expect(parseGmt8('2024-02-01 00:05:09')).toBe(ms);
    expect(parseGmt8('2024-02-30 00:00:00')).toBeNull();
    expect(parseGmt8('2024-02-01T00:05:09')).toBeNull();
    expect(parseGmt8('2024-02-01 24:00:00')).toBeNull();
  });

  it('writes money as yuan with two decimals, without floating point', () => {
    expect(fenToYuan(1230)).toBe('12.30');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(-250)).toBe('-2.50');
  });

  it('keeps 64-bit ids exact as bare JSON numbers', () => {
    expect(toWireJson({ tid: 3600000000001234567n, s: 'a"b', n: undefined })).toBe(
      '{"tid":3600000000001234567,"s":"a\\"b"}',
    );
  });

  it('wraps lists, drops the wrappers with simplify, and renders XML', () => {
    const payload = { total_results: 1, trades: new TopList('trade', [{ tid: 1n }]) };
    expect(renderTop('x_response', payload, 'json', false).text).toBe(
      '{"x_response":{"total_results":1,"trades":{"trade":[{"tid":1}]}}}',
    );
    expect(renderTop('x_response', payload, 'json', true).text).toBe(
      '{"total_results":1,"trades":[{"tid":1}]}',
    );
    expect(renderTop('x_response', payload, 'xml', false).text).toContain(
      '<x_response><total_results>1</total_results><trades><trade><tid>1</tid></trade></trades></x_response>',
    );
  });
});
