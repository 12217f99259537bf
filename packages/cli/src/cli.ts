import { runCli } from './program.js';
import { guardStandardOutput } from './runtime/guard-standard-output.js';
import { declareCliProcess } from './runtime/short-command-process.js';

declareCliProcess();
guardStandardOutput();
process.exitCode = await runCli();
