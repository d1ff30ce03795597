import type { BenchContext, BenchRow } from './context';
import { time } from './measure';

/** A valid NHS number outside the demo's 999 range (401 + six digits + Modulus 11), or null. */
function nhs(serial: number): string | null {
  const nine = `401${String(serial % 1_000_000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 10 ? null : `${nine}${check === 11 ? 0 : check}`;
}

function csv(from: number, count: number): { text: string; next: number } {
  const lines = ['NHS number,Surname,Forename,Date of birth,Sex,Postcode'];
  let serial = from;
  while (lines.length <= count) {
    const n = nhs(serial++);
    if (n) lines.push(`${n},Importe${lines.length},Pat,12/0${(lines.length % 9) + 1}/1975,F,M1 1AE`);
  }
  return { text: lines.join('\n'), next: serial };
}

/**
 * Data safety (issue 7): importing a 10,000-patient CSV (preview of every line + one all-or-nothing
 * transaction) must take under 3 s. Runs as the demo administrator (the bench's consultant may not
 * import). Baseline: the same rows through hand-written prepared INSERTs in one transaction.
 */
export async function dataBench(ctx: BenchContext): Promise<BenchRow[]> {
  const admin = ctx.sqlite.prepare("SELECT id FROM users WHERE username = 'admin'").get() as
    { id: number } | undefined;
  if (!admin) return [];
  const key = 'bench-data-admin';
  const now = Date.now();
  ctx.dispatcher.sessions.set(key, {
    userId: admin.id,
    username: 'admin',
    displayName: 'Bench admin',
    role: 'admin',
    signedInAt: now,
    lastActivityAt: now,
    locked: false,
  });
  const call = async (channel: string, payload: unknown) => {
    const r = await ctx.dispatcher.dispatch(key, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as { importId: string };
  };
  let serial = 0;
  const iterations = 3;
  const ours = await time(
    async () => {
      const { text, next } = csv(serial, 10_000);
      serial = next;
      let id: string | undefined;
      for (let off = 0; off < text.length;) {
        let end = Math.min(text.length, off + 300_000);
        if (end < text.length) end = text.indexOf('\n', end) + 1 || text.length;
        id = (
          await call('data:importPreview', {
            ...(id ? { importId: id } : {}),
            chunk: text.slice(off, end),
            last: end >= text.length,
          })
        ).importId;
        off = end;
      }
      await call('data:importCommit', { importId: id });
    },
    { iterations, warmup: 0 },
  );
  const insert = ctx.sqlite.prepare(
    `INSERT INTO patients (nhs_number, surname, forename, surname_key, forename_key, date_of_birth, sex, postcode,
     created_at, updated_at, version) VALUES (?, ?, 'Pat', ?, 'PAT', '1975-02-12', 'female', 'M1 1AE', ?, ?, 1)`,
  );
  const baseline = await time(
    () => {
      const at = new Date().toISOString();
      ctx.sqlite.transaction(() => {
        let made = 0;
        while (made < 10_000) {
          const n = nhs(serial++);
          if (!n) continue;
          insert.run(n, `Baseline${made}`, `BASELINE${made}`, at, at);
          made++;
        }
      })();
    },
    { iterations, warmup: 0 },
  );
  return [
    ctx.row('Import a 10,000-patient CSV (check every line + all-or-nothing save)', 3000, ours, baseline),
  ];
}
