import {
  getDefaultHttpTransport,
  type LanguageModelV1,
  type LanguageModelV1CallOptions,
  type LanguageModelV1GenerateResult,
  type LanguageModelV1StreamResult,
  type LanguageModelV1Usage,
  type ModelInfo,
} from '@exai/core';
import {
  createEchoMessages,
  echoRoundsExhaustedWarning,
  getBuiltinToolEcho,
  visibleToolCalls,
  wantsEcho,
} from './builtin-tool-echo.js';
import {
  addUsage,
  mapOpenAICompatibleFinishReason,
  parseJsonResponse,
} from './map-openai-compatible-response.js';
import type { OpenAICompatibleProviderSettings } from './openai-compatible-settings.js';
import { parseChatCompletion } from './parse-chat-completion.js';
import type { PreparedChatCall } from './prepared-chat-call.js';
import { prepareChatRequestBody } from './prepare-chat-request-body.js';
import { openChatRound } from './read-chat-completion-json.js';
import { resolveRequestConfig, withQueryParams } from './resolve-request-config.js';
import { streamChatCompletion } from './stream-chat-completion.js';

/** A chat completions model at an OpenAI-compatible endpoint. */
export class OpenAICompatibleChatLanguageModel implements LanguageModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  /** The catalogue entry, when the model is in the catalogue. */
  readonly modelInfo: ModelInfo | undefined;
  private readonly settings: OpenAICompatibleProviderSettings;

  constructor(modelId: string, modelInfo: ModelInfo | undefined, settings: OpenAICompatibleProviderSettings) {
    this.provider = settings.name;
    this.modelId = modelId;
    this.modelInfo = modelInfo;
    this.settings = settings;
  }

  async doGenerate(options: LanguageModelV1CallOptions): Promise<LanguageModelV1GenerateResult> {
    const call = this.prepareCall(options, false);
    const echo = getBuiltinToolEcho(options.webSearch, this.settings.webSearch);
    let body = call.body;
    let text = '';
    let reasoning: string | undefined;
    let usage: LanguageModelV1Usage | undefined;

    for (let round = 1; ; round++) {
      const response = await call.transport.request({ ...call.request, body: JSON.stringify(body) });
      const completion = parseChatCompletion(parseJsonResponse(response.text(), response), response);
      text += completion.text;
      if (completion.reasoning !== undefined) reasoning = (reasoning ?? '') + completion.reasoning;
      usage = usage === undefined ? completion.usage : addUsage(usage, completion.usage);

      const again = wantsEcho(completion, echo);
      if (again && echo !== undefined && round < echo.maxRounds) {
        body = { ...body, messages: [...(body.messages as unknown[]), ...createEchoMessages(completion)] };
        continue;
      }
      if (again && echo !== undefined) call.warnings.push(echoRoundsExhaustedWarning(echo));

      return {
        text,
        reasoning,
        toolCalls: visibleToolCalls(completion, echo?.toolName),
        finishReason: again ? 'other' : mapOpenAICompatibleFinishReason(completion.finishReason),
        usage,
        warnings: call.warnings,
        response: {
          ...(completion.id === undefined ? {} : { id: completion.id }),
          ...(completion.modelId === undefined ? {} : { modelId: completion.modelId }),
          ...(completion.timestamp === undefined ? {} : { timestamp: completion.timestamp }),
          headers: response.headers,
        },
        request: { body },
      };
    }
  }

  async doStream(options: LanguageModelV1CallOptions): Promise<LanguageModelV1StreamResult> {
    const call = this.prepareCall(options, true);
    const response = await call.transport.stream({ ...call.request, body: JSON.stringify(call.body) });
    // A JSON answer (an error object with status 200, say) is read now, so an error rejects here.
    const firstRound = await openChatRound(response);
    return {
      stream: streamChatCompletion({
        call,
        firstRound,
        echo: getBuiltinToolEcho(options.webSearch, this.settings.webSearch),
        abortSignal: options.abortSignal,
      }),
      request: { body: call.body },
      response: { headers: response.headers },
    };
  }

  /** Builds the body and resolves the endpoint and secrets (at call time). */
  private prepareCall(options: LanguageModelV1CallOptions, stream: boolean): PreparedChatCall {
    const settings = this.settings;
    const { body, warnings } = prepareChatRequestBody(options, {
      provider: this.provider,
      modelId: this.modelId,
      modelInfo: this.modelInfo,
      stream,
      settings,
    });
    const { baseURL, headers } = resolveRequestConfig({
      provider: this.provider,
      baseURL: settings.baseURL,
      baseURLEnvironmentVariable: settings.baseURLEnvironmentVariable,
      apiKey: settings.apiKey,
      apiKeyEnvironmentVariables: settings.apiKeyEnvironmentVariables,
      requiresApiKey: settings.requiresApiKey,
      headers: settings.headers,
      env: settings.env,
    });
    return {
      transport: settings.transport ?? getDefaultHttpTransport(),
      request: {
        url: withQueryParams(`${baseURL}/chat/completions`, settings.queryParams),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...options.headers },
        target: { provider: this.provider, model: this.modelId },
        ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
        ...(options.onQueue === undefined ? {} : { onQueue: options.onQueue }),
        ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
      },
      body,
      warnings,
    };
  }
}
