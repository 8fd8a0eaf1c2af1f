// Lines of a large text gathered into strings of about 1 MB, for a writer to send one at a time:
// no whole-text string is built (the DOT of a 100k-object graph is 33 MB).
export class LineChunks {
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  private size = 0;

  constructor(private readonly limit = 1 << 20) {}

  line(text: string): void {
    this.lines.push(text);
    this.size += text.length + 1;
    if (this.size >= this.limit) this.flush();
  }

  /** The chunks, each a run of whole lines ending in a newline. */
  done(): string[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.lines.length) this.chunks.push(`${this.lines.join('\n')}\n`);
    this.lines = [];
    this.size = 0;
  }
}
