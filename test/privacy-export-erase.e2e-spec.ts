import { createHmac } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { MaintenanceScheduler } from '../src/maintenance/maintenance-scheduler.js';
import { expectStatus, type UntypedJson } from './helpers/api-client.js';
import { findValues } from './helpers/db-snapshot.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { confirmTokenIn, withdrawTokenIn, type ReceivedMail } from './helpers/smtp-server.js';
import { freePort, type Stack } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Data-subject requests (export, erase) and data minimisation (client addresses kept only as a
 * keyed hash; unconfirmed signatures deleted after PENDING_RETENTION_DAYS), against the real
 * database, queue and SMTP server.
 */
describe('a supporter’s data: export and erase', () => {
  const { stack, app } = useStack({ faults: { permfailRcpt: /^refuses\./ } });
  let targets: { id: string; name: string; email: string }[];
  let a: { id: string; slug: string };
  let b: { id: string; slug: string };
  let c: { id: string; slug: string };
  const tag = uniq();
  // every personal value unique to this person, so that "no trace" can be searched for
  const person = {
    firstName: `Zenobia${tag}`,
    lastName: `Quorra${tag}`,
    email: `zenobia.${tag}@supporters.example`,
    country: 'SY',
    postcode: `PC${tag}`,
    comment: `=HYPERLINK("http://evil.example","click") stop the shelling ${tag}`,
    source: `ref-${tag}`,
  };
  const other = supporter(1, tag);
  const mailsTo = (email: string) => stack.smtp.received.filter((m: ReceivedMail) => m.rcptTo.includes(email));
  const confirm = async (email: string, campaignId: string) =>
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(await confirmationMail(stack, email, campaignId)) }), 200);

  beforeAll(async () => {
    targets = await createTargets(app.admin, 2);
    const refusing = expectStatus(await app.admin.post('/api/targets', { name: 'Refusing Official', email: `refuses.${tag}@officials.example` }), 201);
    a = await createLiveCampaign(app.admin, { targets: [targets[0], refusing] });
    b = await createLiveCampaign(app.admin, { targets: [targets[1]] });
    c = await createLiveCampaign(app.admin, { targets: [targets[1]] });

    // the person signs A (confirmed: one letter sent, one refused), B (confirmed, its letter held
    // by a pause), and C (never confirmed); someone else signs A too
    for (const slug of [a.slug, b.slug, c.slug]) expectStatus(await app.api.post(`/api/public/campaigns/${slug}/signatures`, person), 202);
    expectStatus(await app.api.post(`/api/public/campaigns/${a.slug}/signatures`, other), 202);
    withdrawLink = withdrawTokenIn(await confirmationMail(stack, person.email, a.id));
    await confirm(person.email, a.id);
    await confirm(other.email, a.id);
    expectStatus(await app.admin.post(`/api/campaigns/${b.id}/pause`), 200);
    await confirm(person.email, b.id);
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status IN ('sent', 'failed')`, [a.id])).length === 4,
      "A's letters to be sent (or refused: 550)",
    );
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM notifications WHERE status <> 'sent'`)).length === 0, 'every email to be sent');
  });

  let withdrawLink: string;
  let exported: UntypedJson;
  let supporterId: string;

  it('keeps the client address only as a keyed hash: HMAC-SHA256 under the installation secret, and nowhere raw', async () => {
    const rows = await stack.db.query(`SELECT encode(s.ip_hash, 'hex') AS h FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`, [
      person.email,
    ]);
    const key = createHmac('sha256', stack.env.JWT_SECRET).update('appeals/client-address/v1').digest();
    const expected = createHmac('sha256', key).update('127.0.0.1').digest('hex');
    expect(rows.map((r) => r.h)).toEqual([expected, expected, expected]);
    expect(await findValues(stack.db, ['127.0.0.1', '::ffff:127'])).toEqual([]);
  });

  it('exports everything held about the person as JSON (audited, never cached)', async () => {
    const r = await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(`  ${person.email.toUpperCase()} `)}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    exported = r.json;
    supporterId = exported.supporter.id;
    expect(exported.supporter).toMatchObject({
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      country: 'SY',
      postcode: person.postcode,
      verifiedAt: expect.any(String),
    });
    const bySlug = Object.fromEntries(exported.signatures.map((s: UntypedJson) => [s.campaign.slug, s]));
    expect(Object.keys(bySlug).sort()).toEqual([a.slug, b.slug, c.slug].sort());
    expect(bySlug[a.slug]).toMatchObject({
      status: 'confirmed',
      comment: person.comment,
      source: person.source,
      ipHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(bySlug[c.slug].status).toBe('pending');
    // their letters: A's sent and refused, B's held
    expect(exported.letters.map((l: UntypedJson) => [l.campaignSlug, l.target.name, l.status]).sort()).toEqual(
      [
        [a.slug, targets[0].name, 'sent'],
        [a.slug, 'Refusing Official', 'failed'],
        [b.slug, targets[1].name, 'queued'],
      ].sort(),
    );
    // three confirmation requests, two thank-yous
    expect(exported.emails.map((e: UntypedJson) => e.kind).sort()).toEqual([
      'confirm_signature',
      'confirm_signature',
      'confirm_signature',
      'thank_you',
      'thank_you',
    ]);
    // nothing of the other signatory
    expect(JSON.stringify(exported)).not.toContain(other.email);
    const [audit] = await stack.db.query(`SELECT actor_email, subject_id, details FROM audit_log WHERE action = 'supporter.export'`);
    expect(audit).toEqual({ actor_email: 'admin@test.example', subject_id: supporterId, details: { format: 'json' } });
  });

  it('exports it as CSV when asked: one row per value, formulas neutralised', async () => {
    const r = await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(person.email)}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="supporter-${supporterId}.csv"`);
    const lines = r.text.split('\r\n');
    expect(lines[0]).toBe('section,record,field,value');
    expect(lines).toContain(`supporter,${supporterId},email,${person.email}`);
    expect(lines).toContain(`supporter,${supporterId},firstName,${person.firstName}`);
    // the comment starts with "=": quoted and prefixed so a spreadsheet shows it as text
    expect(r.text).toContain(`,comment,"'=HYPERLINK(""http://evil.example"",""click"") stop the shelling ${tag}"`);
    expect(r.text).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
    expect(lines.filter((l) => l.startsWith('letter,')).length).toBeGreaterThan(0);
  });

  it('is documented in the OpenAPI at /api/docs, every field with an example', async () => {
    const doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
    const exportOp = doc.paths['/api/admin/supporters/export'].get;
    const eraseOp = doc.paths['/api/admin/supporters/erase'].post;
    for (const op of [exportOp, eraseOp]) {
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
      expect(op.security).toEqual([{ bearer: [] }]);
    }
    expect(Object.keys(exportOp.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    for (const p of exportOp.parameters) expect([p.name, p.example ?? p.schema?.example]).toEqual([p.name, expect.anything()]);
    const missing: string[] = [];
    for (const name of ['SupporterExport', 'ExportedSupporter', 'ExportedSignature', 'ExportedLetter', 'ExportedEmail', 'ErasureResult', 'SupporterEmailDto']) {
      for (const [field, prop] of Object.entries<UntypedJson>(doc.components.schemas[name].properties)) {
        if (!prop.$ref && !prop.allOf && !prop.items?.$ref && prop.example === undefined) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers 404 for an address nobody has, without telling anything else', async () => {
    const r = await app.admin.get(`/api/admin/supporters/export?email=nobody.${tag}@supporters.example`);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ statusCode: 404, message: 'No supporter has this email address', error: 'Not Found' });
  });

  it('erases the person: anonymised everywhere, unsent letters and emails cancelled, links revoked, counts kept', async () => {
    const notes = await stack.db.query(`SELECT n.id FROM notifications n JOIN signatures s ON s.id = n.signature_id WHERE s.supporter_id = $1`, [supporterId]);
    const jobKeys = notes.map((n) => `${stack.prefix}:notifications:${n.id}`);
    expect(await stack.redis.exists(...jobKeys)).toBe(notes.length);
    const countsBefore = (await app.admin.get(`/api/campaigns/${a.id}`)).json.counts;
    const publicBefore = (await app.api.get(`/api/public/campaigns/${a.slug}`)).json.signatureCount;
    const r = await app.admin.post('/api/admin/supporters/erase', { email: person.email });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      supporterId,
      signatures: 2,
      unconfirmedDeleted: 1,
      lettersCancelled: 2,
      lettersInFlight: 0,
      emailsCancelled: 0,
      linksRevoked: expect.any(Number),
    });
    expect(r.json.linksRevoked).toBeGreaterThanOrEqual(4);

    // the counts stand: A still has both confirmed signatures, publicly and for staff
    expect((await app.admin.get(`/api/campaigns/${a.id}`)).json.counts).toEqual(countsBefore);
    expect((await app.api.get(`/api/public/campaigns/${a.slug}`)).json.signatureCount).toBe(publicBefore);
    expect((await app.admin.get(`/api/campaigns/${c.id}`)).json.counts).toEqual({ pending: 0, confirmed: 0, withdrawn: 0 });

    // their letters not yet sent will never be: the failed one cannot be retried, the held one is cancelled
    const letters = await stack.db.query(
      `SELECT status, last_error FROM deliveries WHERE signature_id IN (SELECT id FROM signatures WHERE supporter_id = $1) ORDER BY status`,
      [supporterId],
    );
    expect(letters).toEqual([
      { status: 'cancelled', last_error: 'supporter erased' },
      { status: 'cancelled', last_error: 'supporter erased' },
      { status: 'sent', last_error: null },
    ]);
    // the jobs of their emails are gone from Redis too
    expect(await stack.redis.exists(...jobKeys)).toBe(0);
    // the links in their emails no longer work
    expect((await app.api.post('/api/public/signatures/withdraw', { token: withdrawLink })).status).toBe(404);

    const [audit] = await stack.db.query(`SELECT actor_email, subject_type, subject_id, details FROM audit_log WHERE action = 'supporter.erase'`);
    expect(audit).toEqual({
      actor_email: 'admin@test.example',
      subject_type: 'supporter',
      subject_id: supporterId,
      details: { signatures: 2, unconfirmedDeleted: 1, lettersCancelled: 2, lettersInFlight: 0, emailsCancelled: 0, linksRevoked: r.json.linksRevoked },
    });
  });

  it('leaves no trace of the person in any table: name, email, postcode, comment, source, address hash', async () => {
    const traces = await findValues(stack.db, [
      person.email,
      person.firstName,
      person.lastName,
      person.postcode,
      `stop the shelling ${tag}`,
      person.source,
      `zenobia.${tag}`,
    ]);
    expect(traces).toEqual([]);
    // the address hash is gone from their signatures; it stays only on those of others who signed
    // from the same address (here every test request comes from 127.0.0.1): it names an address, not a person
    const ipHash = exported.signatures[0].ipHash;
    const holders = await stack.db.query(
      `SELECT DISTINCT p.email FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE s.ip_hash = decode($1, 'hex')`,
      [ipHash],
    );
    expect(holders.map((h) => h.email)).toEqual([other.email]);
    expect(
      await stack.db.query(`SELECT ip_hash, comment, source, erased_at IS NOT NULL AS erased FROM signatures WHERE supporter_id = $1`, [supporterId]),
    ).toEqual([
      { ip_hash: null, comment: null, source: null, erased: true },
      { ip_hash: null, comment: null, source: null, erased: true },
    ]);
    // while the other signatory is still all there
    expect((await findValues(stack.db, [other.email])).length).toBeGreaterThan(0);
    // and the erased supporter is a husk that signs nothing
    expect(await stack.db.query(`SELECT email, first_name, last_name, country, postcode FROM supporters WHERE id = $1`, [supporterId])).toEqual([
      { email: `erased:${supporterId}`, first_name: '', last_name: '', country: 'ZZ', postcode: null },
    ]);
  });

  it('sends nothing more in their name: not when the campaign resumes, not to a target launched later', async () => {
    const sentBefore = mailsTo(targets[1].email).length;
    expectStatus(await app.admin.post(`/api/campaigns/${b.id}/launch`), 200);
    // a new signatory on B shows the queue is moving again
    const later = supporter(2, tag);
    expectStatus(await app.api.post(`/api/public/campaigns/${b.slug}/signatures`, later), 202);
    const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(later.email));
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
    await stack.smtp.waitFor((m) => m.rcptTo.includes(targets[1].email), sentBefore + 1);
    expect(mailsTo(targets[1].email).filter((m) => m.text.includes(person.firstName) || m.text.includes(tag))).toEqual([]);

    // a target launched on A now is owed the other signatory's letter only
    const [newcomer] = await createTargets(app.admin, 1);
    expectStatus(await app.admin.post(`/api/campaigns/${a.id}/targets`, { targetId: newcomer.id }), 201);
    expectStatus(await app.admin.post(`/api/campaigns/${a.id}/targets/${newcomer.id}/launch`), 200, 202);
    await stack.smtp.waitFor((m) => m.rcptTo.includes(newcomer.email));
    const owed = await stack.db.query(`SELECT s.supporter_id FROM deliveries d JOIN signatures s ON s.id = d.signature_id WHERE d.target_id = $1`, [
      newcomer.id,
    ]);
    expect(owed.map((o) => o.supporter_id)).not.toContain(supporterId);
    expect(owed).toHaveLength(1);
  });

  it('is final: the address is unknown afterwards, and signing with it again makes a new supporter', async () => {
    expect((await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(person.email)}`)).status).toBe(404);
    expect((await app.admin.post('/api/admin/supporters/erase', { email: person.email })).status).toBe(404);
    expectStatus(await app.api.post(`/api/public/campaigns/${c.slug}/signatures`, person), 202);
    const [again] = await stack.db.query(`SELECT id FROM supporters WHERE email = $1`, [person.email]);
    expect(again.id).not.toBe(supporterId);
  });
});

describe('unconfirmed signatures are deleted after PENDING_RETENTION_DAYS', () => {
  const { stack, app } = useStack({ app: { PENDING_RETENTION_DAYS: '10', CONFIRM_TTL_HOURS: '48' } });

  it('with their emails and links, and the supporter when no signature is left', async () => {
    const [target] = await createTargets(app.admin, 1);
    const one = await createLiveCampaign(app.admin, { targets: [target] });
    const two = await createLiveCampaign(app.admin, { targets: [target] });
    const tag = uniq();
    const [gone, mixed, fresh] = [supporter(1, tag), supporter(2, tag), supporter(3, tag)];
    for (const [slug, s] of [
      [one.slug, gone],
      [one.slug, mixed],
      [one.slug, fresh],
    ] as const) {
      expectStatus(await app.api.post(`/api/public/campaigns/${slug}/signatures`, s), 202);
    }
    // `mixed` also confirmed a signature on the other campaign
    expectStatus(await app.api.post(`/api/public/campaigns/${two.slug}/signatures`, mixed), 202);
    const mail = await confirmationMail(stack, mixed.email, two.id);
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM notifications WHERE status <> 'sent'`)).length === 0, 'every email to be sent');

    // `gone` and `mixed` last signed (on campaign one) eleven days ago
    await stack.db.query(
      `UPDATE signatures SET updated_at = now() - interval '11 days', created_at = now() - interval '11 days'
        WHERE campaign_id = $1 AND supporter_id IN (SELECT id FROM supporters WHERE email = ANY($2))`,
      [one.id, [gone.email, mixed.email]],
    );
    const report = await app.app.get(MaintenanceScheduler).runOnce('pending-retention');
    expect(report).toEqual({ signatures: 2, supporters: 1 });

    const left = await stack.db.query(
      `SELECT p.email, s.campaign_id, s.status FROM supporters p LEFT JOIN signatures s ON s.supporter_id = p.id WHERE p.email = ANY($1) ORDER BY p.email`,
      [[gone.email, mixed.email, fresh.email]],
    );
    expect(left).toEqual(
      [
        { email: mixed.email, campaign_id: two.id, status: 'confirmed' },
        { email: fresh.email, campaign_id: one.id, status: 'pending' },
      ].sort((x, y) => x.email.localeCompare(y.email)),
    );
    // nothing of `gone` is left anywhere, nor of the deleted signatures' emails and links
    expect(await findValues(stack.db, [gone.email])).toEqual([]);
    expect(await stack.db.query(`SELECT 1 FROM notifications n WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = n.signature_id)`)).toEqual([]);
    // left: fresh's confirmation request, and mixed's request and thank-you on the other campaign
    expect((await stack.db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n).toBe(3);
    // and a second run finds nothing more
    expect(await app.app.get(MaintenanceScheduler).runOnce('pending-retention')).toEqual({ signatures: 0, supporters: 0 });
  });
});

/** The confirmation email of one signature: the one whose X-Appeal-Notification names its notification. */
async function confirmationMail(stack: Stack, email: string, campaignId: string): Promise<ReceivedMail> {
  return waitFor(async () => {
    const notes = await stack.db.query(
      `SELECT n.id FROM notifications n JOIN signatures s ON s.id = n.signature_id JOIN supporters p ON p.id = s.supporter_id
        WHERE p.email = $1 AND s.campaign_id = $2 AND n.kind = 'confirm_signature'`,
      [email, campaignId],
    );
    const ids = new Set(notes.map((n) => n.id));
    return stack.smtp.received.find((m) => ids.has(m.headers['x-appeal-notification']));
  }, `the confirmation email to ${email}`);
}

describe('erasure in development, where the embedded catcher keeps every message', () => {
  // no SMTP_URL: the app's own catcher receives the mail and keeps it in caught_mail
  const { stack, app } = useStack({ app: async () => ({ SMTP_URL: '', MAIL_CATCHER_PORT: String(await freePort()) }) });

  it('deletes the caught messages to or about the person too', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const tag = uniq();
    const s = { ...supporter(1, tag), firstName: `Ysolde${tag}` };
    expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
    const [caught] = await waitFor(async () => {
      const rows = await stack.db.query(`SELECT raw FROM caught_mail WHERE $1 = ANY(envelope_to)`, [s.email]);
      return rows.length ? rows : null;
    }, 'the caught confirmation email');
    const token = confirmTokenIn({ text: (await simpleParser(caught.raw)).text ?? '' } as ReceivedMail);
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token }), 200);
    // the letter, which names them and carries their address in Reply-To
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM caught_mail WHERE $1 = ANY(envelope_to)`, [target.email])).length === 1,
      'the caught letter',
    );
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM notifications WHERE status <> 'sent'`)).length === 0, 'the thank-you email');
    expect((await findValues(stack.db, [s.email])).some((t) => t.startsWith('caught_mail.raw'))).toBe(true);

    expectStatus(await app.admin.post('/api/admin/supporters/erase', { email: s.email }), 200);
    expect(await findValues(stack.db, [s.email, s.firstName])).toEqual([]);
  });
});
