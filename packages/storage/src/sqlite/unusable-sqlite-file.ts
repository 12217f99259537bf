/**
 * What to do about a file SQLite cannot use as a database whatever is retried — not a database at
 * all (`SQLITE_NOTADB`), or damaged (`SQLITE_CORRUPT`) — as a sentence about `subject` ("it", "the
 * database file"); undefined for every other error code.
 */
export function describeUnusableSqliteFile(code: string, subject: string): string | undefined {
  if (code.startsWith('SQLITE_NOTADB')) {
    return (
      `${subject} is not a SQLite database (another program's file, or an encrypted one); point --store ` +
      'or EXAI_STORE at an exai database, or at a new file to start an empty one'
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return (
      `${subject} is damaged (SQLite: "database disk image is malformed"); stop every exai process using ` +
      'it, then restore your latest backup into a new file (EXAI_STORE=sqlite:/path/to/new.db exai ' +
      "restore --latest DIR) or salvage what is readable with sqlite3's .recover " +
      '(docs/operations.md, "A damaged SQLite file")'
    );
  }
  return undefined;
}
