/**
 * The public library API of eql-replay: explicit named re-exports, nothing else.
 */
export {
  AppError,
  InvalidOptionError,
  IoError,
  ERROR_CODES,
  serializeError,
  deserializeError,
  isSerializedError,
} from './errors.js';
export type { ErrorCode, ErrorData, SerializedError } from './errors.js';
