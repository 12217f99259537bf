import type { RecordedRequest } from './fake-upstream-types.js';
import { errorResponse, jsonResponse, type OutgoingResponse } from './outgoing-response.js';

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  contentType: string;
  createdAt: number;
  data: Buffer;
}

function describe(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: file.data.length,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'ok',
  };
}

/**
 * Kimi's files API, kept in memory: upload (multipart `file` + `purpose`), list, retrieve, the
 * extracted content (the file's bytes read as UTF-8 text) and delete.
 */
export function createFilesApi() {
  const files = new Map<string, StoredFile>();
  let uploadCount = 0;

  const notFound = (id: string): OutgoingResponse =>
    errorResponse(404, `fake upstream: no file with id ${id}`, 'resource_not_found_error');

  return {
    upload(request: RecordedRequest): OutgoingResponse {
      const upload = request.multipart?.files.find((file) => file.field === 'file');
      if (upload === undefined) {
        return errorResponse(400, 'fake upstream: expected a multipart/form-data body with a `file` part');
      }
      uploadCount += 1;
      const file: StoredFile = {
        id: `file-fake${String(uploadCount).padStart(6, '0')}`,
        filename: upload.filename,
        purpose: request.multipart?.fields.purpose ?? 'file-extract',
        contentType: upload.contentType,
        createdAt: Math.floor(Date.now() / 1000),
        data: upload.data,
      };
      files.set(file.id, file);
      return jsonResponse(200, describe(file));
    },

    list(): OutgoingResponse {
      return jsonResponse(200, { object: 'list', data: [...files.values()].map(describe) });
    },

    retrieve(id: string): OutgoingResponse {
      const file = files.get(id);
      return file === undefined ? notFound(id) : jsonResponse(200, describe(file));
    },

    content(id: string): OutgoingResponse {
      const file = files.get(id);
      if (file === undefined) return notFound(id);
      return jsonResponse(200, {
        content: file.data.toString('utf8'),
        file_type: file.contentType,
        filename: file.filename,
        title: '',
        type: 'file',
      });
    },

    remove(id: string): OutgoingResponse {
      if (!files.delete(id)) return notFound(id);
      return jsonResponse(200, { id, object: 'file', deleted: true });
    },

    clear(): void {
      files.clear();
    },
  };
}

export type FilesApi = ReturnType<typeof createFilesApi>;
