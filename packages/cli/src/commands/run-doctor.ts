import { checkAllowedRoots, checkTools } from '../doctor/check-environment.js';
import { checkConfiguredModels } from '../doctor/check-models.js';
import { checkProviders } from '../doctor/check-providers.js';
import { checkStore } from '../doctor/check-store.js';
import { errorMessage, type DoctorCheck } from '../doctor/doctor-check.js';
import { CliExitError, CliUsageError } from '../output/cli-error.js';
import { printableLine } from '../output/printable-text.js';
import { resolveStoreSpec } from '../runtime/resolve-store-spec.js';
import { storeHasNoEffectError } from './store-option-use.js';
import { tuneForShortCommand } from '../runtime/short-command-process.js';
import type { CliContext } from './cli-context.js';

async function configAndProviderChecks(context: CliContext): Promise<DoctorCheck[]> {
  let runtime;
  try {
    runtime = await context.runtime();
  } catch (error) {
    return [
      {
        name: 'config',
        status: 'fail',
        detail: errorMessage(error),
        fix: 'fix the file (or EXAI_CONFIG) named above, or pass --config with a valid file; providers were not checked',
      },
    ];
  }
  try {
    const checks: DoctorCheck[] = [
      {
        name: 'config',
        status: 'ok',
        detail:
          runtime.configSource === undefined
            ? 'no configuration file; using the defaults (every builtin provider, keys from the environment)'
            : `${runtime.configSource} is valid`,
      },
      ...runtime.warnings.map((warning): DoctorCheck => ({
        name: 'config',
        status: 'warn',
        detail: warning,
        fix: 'pass --config with a file you trust, or delete the one in this directory',
      })),
    ];
    checks.push(
      ...checkConfiguredModels({
        config: runtime.config,
        configSource: runtime.configSource,
        registry: runtime.registry,
      }),
      ...(await checkProviders({
        config: runtime.config,
        providers: runtime.providers,
        transport: runtime.transport,
        env: context.env,
      })),
    );
    return checks;
  } finally {
    await runtime.close();
  }
}

async function storeCheck(context: CliContext): Promise<DoctorCheck> {
  try {
    return await checkStore(resolveStoreSpec(context));
  } catch (error) {
    return {
      name: 'store',
      status: 'fail',
      detail: errorMessage(error),
      fix: 'set --store or EXAI_STORE to sqlite[:path], postgres://…, supabase or memory',
    };
  }
}

function statusSymbols(pc: CliContext['colors']['stdout']): Record<DoctorCheck['status'], string> {
  return { ok: pc.green('✓ ok  '), warn: pc.yellow('! warn'), fail: pc.red('✗ fail') };
}

export interface DoctorOptions {
  json?: boolean;
  /** `--url`: check this running daemon (its /livez and /readyz) instead of the local setup. */
  url?: string;
  /** `--header` values, "Name: value", sent to the daemon. */
  header?: string[];
  /** `--ca`: a PEM file of a CA to trust for an https:// daemon. */
  ca?: string;
}

async function daemonChecks(
  context: CliContext,
  { url, header = [], ca }: DoctorOptions,
): Promise<DoctorCheck[]> {
  const { buildConnectHeaders } = await import('../connect/connect-arguments.js');
  const { checkDaemon, parseDoctorUrl } = await import('../doctor/check-daemon.js');
  const daemonUrl = parseDoctorUrl(url ?? '');
  const headers = buildConnectHeaders({ headerOptions: header, env: context.env });
  const fetch =
    ca === undefined
      ? undefined
      : await (await import('../connect/trusting-ca-fetch.js')).createTrustingCaFetch(ca);
  return checkDaemon({ url: daemonUrl, headers, ...(fetch !== undefined && { fetch }) });
}

async function localChecks(context: CliContext): Promise<DoctorCheck[]> {
  const [providerChecks, store] = await Promise.all([configAndProviderChecks(context), storeCheck(context)]);
  return [...providerChecks, store, checkAllowedRoots(context.env, process.cwd()), checkTools(context.env)];
}

/**
 * Runs `exai doctor`: every check (or, with `--url`, a daemon's health), then exit 1 if any
 * failed. Keys are reported present or missing, never shown.
 */
export async function runDoctor(context: CliContext, options: DoctorOptions): Promise<void> {
  tuneForShortCommand();
  if (options.url === undefined && (options.header !== undefined || options.ca !== undefined))
    throw new CliUsageError(
      '--header and --ca go with --url (exai doctor --url URL checks a running daemon).',
    );
  if (options.url !== undefined && context.globalOptions().store !== undefined)
    throw storeHasNoEffectError(
      'doctor --url',
      'it checks the daemon, which reports on its own store (the readyz check)',
    );
  const checks =
    options.url === undefined ? await localChecks(context) : await daemonChecks(context, options);
  const count = (status: DoctorCheck['status']) => checks.filter((check) => check.status === status).length;
  const failed = count('fail');

  if (options.json) {
    context.stdout.write(`${JSON.stringify({ ok: failed === 0, checks }, null, 2)}\n`);
  } else {
    const pc = context.colors.stdout;
    const symbols = statusSymbols(pc);
    // Names and details quote the config (provider ids, model names, URLs): escaped, as table cells are.
    const printable = checks.map((check) => ({
      ...check,
      name: printableLine(check.name),
      detail: printableLine(check.detail),
      ...(check.fix !== undefined && { fix: printableLine(check.fix) }),
    }));
    const width = Math.max(...printable.map((check) => check.name.length));
    const lines = printable.map(
      (check) =>
        `${symbols[check.status]}  ${check.name.padEnd(width)}  ${check.detail}` +
        (check.fix && check.status !== 'ok'
          ? `\n${' '.repeat(width + 10)}${pc.dim(`fix: ${check.fix}`)}`
          : ''),
    );
    const summary = `${count('ok')} ok, ${count('warn')} warnings, ${failed} failed`;
    context.stdout.write(`${lines.join('\n')}\n\n${failed > 0 ? pc.red(summary) : summary}\n`);
  }
  if (failed > 0) throw new CliExitError(1);
}
