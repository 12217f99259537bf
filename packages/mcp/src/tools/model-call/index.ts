export { embedFiles, omittedFilesNote, type EmbeddedFiles, type FileOmission } from './embed-files.js';
export { loadThread, type LoadedThread } from './load-thread.js';
export {
  continuationFooter,
  runModelTurn,
  type ModelTurnRequest,
  type ModelTurnResult,
} from './run-model-turn.js';
