import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type {
  AppendStreamEventInput,
  CreateTaskInput,
  PageOptions,
  TaskStatus,
  UpdateTaskInput,
} from './v1/index.js';
import {
  optionalDate,
  optionalId,
  optionalString,
  pageLimit,
  requireId,
  requireJsonObject,
  requirePositiveInteger,
} from './validate-store-input.js';

const taskStatuses: readonly TaskStatus[] = ['working', 'input_required', 'completed', 'failed', 'cancelled'];

function requireObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError({ argument, message: `\`${argument}\` must be an object.` });
  }
  return value as Record<string, unknown>;
}

export function requireTaskStatus(value: unknown): TaskStatus {
  if (!taskStatuses.includes(value as TaskStatus)) {
    throw new InvalidArgumentError({
      argument: 'status',
      message: `\`status\` must be one of ${taskStatuses.join(', ')}, not ${JSON.stringify(value) ?? String(value)}.`,
    });
  }
  return value as TaskStatus;
}

function optionalPositiveInteger(argument: string, value: unknown): number | undefined {
  return value === undefined ? undefined : requirePositiveInteger(argument, value);
}

/** The argument checks of the task and stream-event methods (see `storeInputChecks`). */
export const taskInputChecks = {
  createTask(input: CreateTaskInput): [CreateTaskInput] {
    requireObject('input', input);
    return [
      {
        tenantId: requireId('tenantId', input.tenantId),
        id: optionalId('id', input.id),
        request: requireJsonObject('request', input.request),
        ttlInMs: optionalPositiveInteger('ttlInMs', input.ttlInMs),
        pollIntervalInMs: optionalPositiveInteger('pollIntervalInMs', input.pollIntervalInMs),
        statusMessage: optionalString('statusMessage', input.statusMessage),
      },
    ];
  },
  getTask: (tenantId: string, taskId: string): [string, string] => [
    requireId('tenantId', tenantId),
    requireId('taskId', taskId),
  ],
  updateTask(input: UpdateTaskInput): [UpdateTaskInput] {
    requireObject('input', input);
    return [
      {
        tenantId: requireId('tenantId', input.tenantId),
        id: requireId('id', input.id),
        status: requireTaskStatus(input.status),
        statusMessage: optionalString('statusMessage', input.statusMessage),
        result: input.result === undefined ? undefined : requireJsonObject('result', input.result),
      },
    ];
  },
  listTasks(tenantId: string, options?: PageOptions): [string, PageOptions] {
    const given = options ?? {};
    return [
      requireId('tenantId', tenantId),
      { ...given, limit: pageLimit(given.limit), cursor: optionalString('cursor', given.cursor) },
    ];
  },
  appendStreamEvent(input: AppendStreamEventInput): [AppendStreamEventInput] {
    requireObject('input', input);
    return [
      {
        tenantId: requireId('tenantId', input.tenantId),
        streamId: requireId('streamId', input.streamId),
        eventId: optionalId('eventId', input.eventId),
        message: requireJsonObject('message', input.message),
        expiresAt: optionalDate('expiresAt', input.expiresAt),
        maxEventsPerStream: optionalPositiveInteger('maxEventsPerStream', input.maxEventsPerStream),
      },
    ];
  },
  replayStreamEvents: (tenantId: string, afterEventId: string): [string, string] => [
    requireId('tenantId', tenantId),
    requireId('afterEventId', afterEventId),
  ],
};
