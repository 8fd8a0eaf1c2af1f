import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { answerBatchLine } from '../../engine/batch.js';
import { InputError, UsageError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, loadAnalysis, type InputOptions, type Io } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  queries?: string;
}

export function registerBatch(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('batch')
    .summary('answer JSON-lines requests at the RBAC authorizer\'s level (for scripts and checks)')
    .description(
      'Read one JSON request a line (from stdin, or --queries FILE) and write one JSON answer a line, in the same order. Answers are exactly the RBAC authorizer\'s: who-can lists subjects as the API server\'s AllowedSubjects does; can answers as RBAC alone (system:masters is not special). The format is in docs/batch.md.',
    )
    .option('--queries <file>', 'read requests from FILE instead of stdin');
  addInputOptions(cmd, 'batch', false).addHelpText(
    'after',
    `
Examples:
  echo '{"op":"who-can","verb":"get","apiGroup":"","resource":"secrets","namespace":"kube-system"}' \\
    | rbac batch -f samples/kubernetes-bootstrap
  rbac batch -f manifests/ --queries requests.jsonl > answers.jsonl

Requests:
  {"op":"who-can","verb":"get","apiGroup":"","resource":"pods","subresource":"","name":"","namespace":"prod"}
  {"op":"who-can","verb":"get","nonResourceURL":"/metrics"}
  {"op":"can","user":"alice","groups":["devs"],"verb":"get","resource":"pods","namespace":"prod"}
  {"op":"what-can","subject":"sa:prod:ci","namespace":"prod"}`,
  );
  cmd.action(async (opts: Options) => {
    if ((opts.filename ?? []).includes('-') && !opts.queries) throw new UsageError('manifests come from stdin (-f -), so requests need --queries FILE');
    formatOf('batch', opts.output);
    const { analysis, problems } = await loadAnalysis(opts, io);
    let text: string;
    if (opts.queries) {
      try {
        text = await readFile(opts.queries, 'utf8');
      } catch (err) {
        throw new InputError(`${opts.queries}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    } else {
      if (process.stdin.isTTY) throw new UsageError('batch reads requests from stdin: pipe JSON lines in, or use --queries FILE');
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      text = Buffer.concat(chunks).toString('utf8');
    }
    const answers: string[] = [];
    for (const line of text.split('\n')) {
      const a = answerBatchLine(analysis, line);
      if (a !== undefined) answers.push(a);
    }
    io.out(answers.length ? `${answers.join('\n')}\n` : '');
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
