import { InteractionLogParser, parseInteractionLog } from './interaction-log';
import { InteractionKind } from './model';

describe('InteractionLogParser', () => {
  it('keeps ids as written: numeric and other ids, leading zeros distinct', () => {
    const log = parseInteractionLog(
      '7\t007\t10\treply\n007\tu7\t11\tlike\nu7\t7\t12\tshare\n0\t70\t13\tmention\n',
    );
    expect(log.ids).toEqual(['7', '007', 'u7', '0', '70']);
    expect(Array.from(log.actor)).toEqual([0, 1, 2, 3]);
    expect(Array.from(log.target)).toEqual([1, 2, 0, 4]);
    expect(Array.from(log.kind)).toEqual([
      InteractionKind.Reply,
      InteractionKind.Like,
      InteractionKind.Share,
      InteractionKind.Mention,
    ]);
  });

  it('reads lines split across pieces anywhere, CRLF endings and a last line without newline', () => {
    const text = 'a\tb\t100\tcomment\r\n12345678901234567\tb\t200.5\tanswer\nc\td\t300\treply';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new InteractionLogParser();
      parser.push(text.slice(0, cut));
      parser.push(text.slice(cut));
      const log = parser.finish();
      expect(log.rows).toBe(3);
      expect(log.ids).toEqual(['a', 'b', '12345678901234567', 'c', 'd']);
      expect(Array.from(log.time)).toEqual([100, 200.5, 300]);
      expect(Array.from(log.kind)).toEqual([1, 1, 1]);
    }
  });

  it('counts unknown kinds and malformed lines with their line numbers, and skips blank lines', () => {
    const log = parseInteractionLog('\na\tb\t1\tpoke\na\t\t1\treply\na\tb\t-5\treply\na\tb\t1\ttoString\n');
    expect(log.rows).toBe(0);
    expect(log.lines).toBe(4);
    expect([...log.unknownKinds]).toEqual([
      ['poke', 1],
      ['toString', 1],
    ]);
    expect(log.malformedExamples).toEqual([
      { line: 3, reason: 'empty actor or target' },
      { line: 4, reason: 'unix_seconds "-5" is not a number' },
    ]);
  });
});
