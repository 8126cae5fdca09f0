import { Option, type Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { DEFAULT_PROFILE, DEFAULT_SERVE_HOST } from '../config/defaults';
import { intIn } from './options';
import { FAULTS, type Fault } from '../reference-endpoint/state';
import { serveLineOf } from './serve-line';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the reference endpoint alone (HTTP + HTTPS on loopback) until SIGINT or SIGTERM')
    .addOption(new Option('--http-port <n>', 'HTTP port, 0 = any free port').argParser(intIn(0, 65535)).default(0))
    .addOption(new Option('--https-port <n>', 'HTTPS port, 0 = any free port').argParser(intIn(0, 65535)).default(0))
    .option('--host <host>', 'address to listen on', DEFAULT_SERVE_HOST)
    .option('--profile <name|file>', 'rule profile the endpoint enforces', DEFAULT_PROFILE)
    .option('--data-dir <dir>', 'keep ciphertext on disk here (default: in memory)')
    .option('--access-key <id>', 'access key id to accept')
    .option('--secret-key <secret>', 'secret key to accept')
    .option('--bucket <name>', 'bucket to create at start')
    .option('--ca-file <file>', 'where to write the generated certificate (PEM)')
    .addOption(new Option('--invert <case-id>', 'decide the opposite of the profile for this cell (repeatable)').argParser((v: string, p: string[] = []) => [...p, v]))
    .addOption(new Option('--fault <kind>', 'deliberate fault').choices([...FAULTS]))
    .action(async (o: Record<string, unknown>) => {
      if ((o.accessKey === undefined) !== (o.secretKey === undefined)) {
        throw new Error('--access-key and --secret-key go together');
      }
      // Loaded on demand: `list` and `--help` should not pay for the server's modules.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, typed by the cast
      const { startReferenceEndpoint } = (require('../reference-endpoint') as typeof import('../reference-endpoint'));
      // The at-rest admin route's token: printed once, on the JSON line, like the secret key.
      const atRestToken = randomBytes(24).toString('base64url');
      const ep = await startReferenceEndpoint({
        host: o.host as string,
        httpPort: o.httpPort as number,
        httpsPort: o.httpsPort as number,
        profile: o.profile as string,
        dataDir: o.dataDir as string | undefined,
        accessKeyId: o.accessKey as string | undefined,
        secretAccessKey: o.secretKey as string | undefined,
        bucket: o.bucket as string | undefined,
        caFile: o.caFile as string | undefined,
        invert: o.invert as string[] | undefined,
        fault: o.fault as Fault | undefined,
        atRestToken,
      });
      process.stdout.write(`${JSON.stringify(serveLineOf({ ...ep, atRestToken }))}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await ep.close();
      process.exit(0);
    });
}
