// A replay worker for tests only: it answers each task with its thread's resourceLimits (and the chunk's
// buffer, as the real worker does). Reached through createReplayPool's `workerUrl`.
import { resourceLimits } from 'node:worker_threads';

export default function answerLimits(task) {
  return { limits: resourceLimits, buffer: task.bytes.buffer };
}
