/**
 * test/allowed-skips.txt: the tests that may be skipped under CI, one a line as
 * `<test file> | <full test name, or * for every test of the file> | <why>`; `#` starts a comment.
 * A line without a reason is refused: the file exists to say why.
 */
export interface AllowedSkip {
  file: string;
  test: string;
  reason: string;
}

export function parseAllowedSkips(text: string): AllowedSkip[] {
  return text.split('\n').flatMap((line, i) => {
    const content = line.replace(/#.*$/, '').trim();
    if (content === '') return [];
    const [file, test, reason] = content.split('|').map((p) => p.trim());
    if (!file || !test || !reason) {
      throw new Error(
        `allowed-skips line ${i + 1}: want "<file> | <test or *> | <reason>", got ${JSON.stringify(line)}`,
      );
    }
    return [{ file, test, reason }];
  });
}

/** The skipped tests no line allows, as `<file> > <test>`. */
export function unlistedSkips(skips: { file: string; test: string }[], allowed: AllowedSkip[]): string[] {
  return skips
    .filter((s) => !allowed.some((a) => a.file === s.file && (a.test === '*' || a.test === s.test)))
    .map((s) => `${s.file} > ${s.test}`);
}
