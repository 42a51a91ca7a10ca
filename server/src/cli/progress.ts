/** A progress line that rewrites itself on a terminal and prints every `everyMs` otherwise. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr, everyMs = 10_000) {
  let last = 0;
  return {
    update(text: string) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
      } else if (Date.now() - last >= everyMs) {
        stream.write(`${text}\n`);
        last = Date.now();
      }
    },
    done(text: string) {
      stream.write(stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
