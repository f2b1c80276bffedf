// Bootstrap output: short, prefixed lines so a newcomer can follow what `npm start` / `npm test` do.
export const say = (msg) => process.stdout.write(`[bootstrap] ${msg}\n`);
export const fail = (msg, code = 1) => {
  process.stderr.write(`[bootstrap] ${msg}\n`);
  process.exit(code);
};
