import { attributeProblem, parseAttributeText, sameAttributes } from './attributes';

describe('attribute text', () => {
  it('parses name=value pairs, trimming blanks', () => {
    expect(parseAttributeText('colour=红;size=L')).toEqual({
      ok: true,
      attributes: { colour: '红', size: 'L' },
    });
    expect(parseAttributeText(' colour = 红 ; size=L ;')).toEqual({
      ok: true,
      attributes: { colour: '红', size: 'L' },
    });
    expect(parseAttributeText('')).toEqual({ ok: true, attributes: {} });
  });

  it('reports what is wrong', () => {
    expect(parseAttributeText('colour')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('name=value'),
    });
    expect(parseAttributeText('a=1;a=2')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('twice'),
    });
    expect(parseAttributeText('=红')).toMatchObject({ ok: false });
    expect(parseAttributeText('colour=')).toMatchObject({ ok: false });
    expect(parseAttributeText('a=b=c')).toMatchObject({ ok: false });
  });

  it('validates maps from JSON', () => {
    expect(attributeProblem({ 颜色: '红' })).toBeNull();
    expect(attributeProblem({ colour: 5 })).toMatch(/string/);
    expect(attributeProblem(['红'])).toMatch(/object/);
    expect(attributeProblem({ 'a;b': 'x' })).toMatch(/;/);
    expect(
      attributeProblem(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))),
    ).toMatch(/20/);
  });

  it('compares regardless of key order', () => {
    expect(sameAttributes({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameAttributes({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameAttributes({ a: '1' }, { a: '2' })).toBe(false);
  });
});
