import { jsonContentType, type OutgoingResponse } from './outgoing-response.js';

/** The model ids `GET …/models` lists. */
export const fakeModelIds = [
  'fake-model',
  'kimi-k2-0905-preview',
  'kimi-k2-turbo-preview',
  'glm-4.6',
  'glm-4.5-air',
] as const;

const modelsBody = JSON.stringify({
  object: 'list',
  data: fakeModelIds.map((id) => ({ id, object: 'model', created: 1735689600, owned_by: 'fake' })),
});

export function respondToModels(): OutgoingResponse {
  return { kind: 'bytes', status: 200, contentType: jsonContentType, body: modelsBody };
}
