/**
 * @exai/testkit — every export of this file is public API.
 *
 * A fake OpenAI-compatible upstream on a real local socket (chat completions, Kimi's files API and
 * `$web_search` builtin, GLM's web search) that records every request and can be scripted per
 * request with statuses, delays and faults.
 */
export { createFakeUpstream } from './fake-upstream.js';
export {
  formatFakeUpstreamLogLine,
  startFakeUpstreamFromCli,
  type StartFakeUpstreamFromCliOptions,
} from './start-fake-upstream-from-cli.js';
export { fakeModelIds } from './models-api.js';
export type {
  FakeFault,
  FakeReply,
  FakeRequestHandler,
  FakeResponseScript,
  FakeToolCall,
  FakeUpstream,
  FakeUpstreamOptions,
  FakeUpstreamResponseInfo,
  RecordedMultipartFile,
  RecordedRequest,
} from './fake-upstream-types.js';
export {
  createPostgrestShim,
  signTestJwt,
  type JwtClaims,
  type PostgrestErrorBody,
  type PostgrestShim,
  type PostgrestShimOptions,
} from './postgrest-shim/index.js';
export { createSelfSignedCertificate } from './self-signed-certificate.js';
export { createTcpProxy, type TcpProxy, type TcpProxyOptions } from './tcp-proxy.js';
