/** A page cursor: the thread holding the pages, and the `seq` of the page's turn in it. */
export function cursorFor(holderId: string, seq: number): string {
  return `${holderId}:${seq}`;
}

/** The parts of a cursor, or undefined when it is not one (the id may itself contain `:`). */
export function parseCursor(cursor: string): { holderId: string; seq: number } | undefined {
  const match = /^(.+):(\d+)$/.exec(cursor);
  if (!match) return undefined;
  return { holderId: match[1] ?? '', seq: Number(match[2]) };
}

/** The page's text with the line that says which page it is and how to get the next one. */
export function withFooter(
  text: string,
  page: number,
  pageCount: number,
  nextCursor: string | undefined,
): string {
  const footer =
    nextCursor === undefined
      ? `[page ${page} of ${pageCount}: the end of the result]`
      : `[page ${page} of ${pageCount}: call the page tool with cursor "${nextCursor}" for the next page]`;
  return `${text}\n\n${footer}`;
}
