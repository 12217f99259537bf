#!/usr/bin/env node
// A stand-in for an AI command-line agent (gemini, codex, claude) in the clink tests.
// Usage: fake-agent.mjs <mode> [args…] [prompt]. Modes:
//   text   prints "FAKE ANSWER" and a JSON report: its arguments, standard input, working
//          directory and every file in it with its content;
//   json   prints {"type":"result","result":"<the same>"};
//   edit   overwrites every file in its working directory, then answers like text;
//   fail   writes to stderr and exits with code 3;
//   hang   starts a child that writes its pid to $FAKE_AGENT_PID_FILE, then both wait forever;
//   flood  writes 2 MB to standard output.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';
import { setInterval } from 'node:timers';

const [mode, ...args] = process.argv.slice(2);

function filesUnder(directory) {
  const found = {};
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) Object.assign(found, filesUnder(path));
    else found[relative(process.cwd(), path)] = readFileSync(path, 'utf8');
  }
  return found;
}

function report(stdin) {
  return `FAKE ANSWER\n${JSON.stringify({ args, stdin, cwd: process.cwd(), files: filesUnder(process.cwd()) })}`;
}

function readStdin() {
  return new Promise((resolve) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
  });
}

const stdin = await readStdin();
switch (mode) {
  case 'text':
    process.stdout.write(`${report(stdin)}\n`);
    break;
  case 'json':
    process.stderr.write('a log line on stderr\n');
    process.stdout.write(`${JSON.stringify({ type: 'result', result: report(stdin) })}\n`);
    break;
  case 'edit':
    for (const path of Object.keys(filesUnder(process.cwd()))) writeFileSync(path, 'EDITED BY THE AGENT\n');
    process.stdout.write(`${report(stdin)}\n`);
    break;
  case 'fail':
    process.stderr.write('starting\n'.repeat(50));
    process.stderr.write('error: the model quota is used up\n');
    process.exit(3);
    break;
  case 'hang': {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeFileSync(process.env.FAKE_AGENT_PID_FILE ?? 'pid', String(child.pid));
    setInterval(() => {}, 1000);
    break;
  }
  case 'flood':
    process.stdout.write('x'.repeat(2 * 1024 * 1024));
    break;
  default:
    process.stderr.write(`fake-agent: unknown mode ${mode}\n`);
    process.exit(64);
}
