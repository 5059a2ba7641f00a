import { z } from 'zod';

export const ErrorCode = z.enum([
  'invalid-request',
  'not-found',
  'unsupported',
  'io',
  'cancelled',
  'unauthorized',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const IpcError = z.object({ code: ErrorCode, message: z.string() });
export type IpcError = z.infer<typeof IpcError>;

/** Every adapter answers in this envelope; a stack trace never reaches the UI. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function resultSchema<T extends z.ZodTypeAny>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: IpcError }),
  ]);
}

/** An error that is safe to show to the user, with a code the UI can act on. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
