import { runCli } from './program.js';
import { declareCliProcess } from './runtime/short-command-process.js';

declareCliProcess();
process.exitCode = await runCli();
