import { describe, expect, it } from 'vitest';
import { parseSuppressions } from '../../server/src/engine/suppress';
import { LineIndex } from '../../server/src/engine/text';

const parse = (text: string, slashes = false) => parseSuppressions(new LineIndex(text), slashes);

describe('parseSuppressions', () => {
  it('reads the end-of-line form for its own line', () => {
    const [suppression] = parse('a: 1\nb: 2 # shipshape-ignore[x/y, x/z] because reasons\n');
    expect(suppression).toMatchObject({ scope: 'line', targetLine: 1, reason: 'because reasons', standalone: false });
    expect(suppression.rules.map((rule) => rule.id)).toEqual(['x/y', 'x/z']);
    expect(suppression.rules[1].range).toEqual({ start: { line: 1, character: 29 }, end: { line: 1, character: 32 } });
  });

  it('reads the own-line form for the next code line, skipping blanks and comments', () => {
    const [suppression] = parse('  # shipshape-ignore[x/y] reason\n\n  # more words\n  - uses: a@b\n');
    expect(suppression).toMatchObject({ scope: 'line', targetLine: 3, standalone: true });
  });

  it('reads the file form, until= dates and the reason around them', () => {
    const [suppression] = parse('# shipshape-ignore-file[x/y] until=2027-01-31 legacy module # and a note\n');
    expect(suppression).toMatchObject({ scope: 'file', until: '2027-01-31', untilValid: true, reason: 'legacy module' });
    expect(parse('a: 1 # shipshape-ignore[x/y] until=2027-02-30 x')[0].untilValid).toBe(false);
  });

  it('ignores the marker outside comments, and // comments outside HCL', () => {
    expect(parse('run: echo shipshape-ignore[x/y]\n')).toEqual([]);
    expect(parse('a = 1 // shipshape-ignore[x/y] r\n')).toEqual([]);
    expect(parse('a = 1 // shipshape-ignore[x/y] r\n', true)).toHaveLength(1);
  });

  it('finds several suppressions on consecutive lines', () => {
    expect(parse('a: 1 # shipshape-ignore[x/y] r\nb: 2 # shipshape-ignore[x/z] r\n').map((suppression) => suppression.targetLine)).toEqual([0, 1]);
  });
});
