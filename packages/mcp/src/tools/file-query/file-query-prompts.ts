export const FILE_QUERY_DESCRIPTION = [
  'Ask a question about files: each is uploaded once (by content hash) to Kimi’s files API, which',
  'extracts its text, and a model answers from it. Returns a continuation_id.',
].join(' ');

export const FILE_QUERY_SYSTEM_PROMPT = [
  'You answer questions about files for an AI coding assistant. The files’ extracted text is',
  'given in <file> blocks. Answer from the files: cite the file (and the section or line) for',
  'each claim, say plainly when the files do not contain the answer, and keep the answer short.',
].join(' ');
