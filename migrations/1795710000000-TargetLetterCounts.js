/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * A campaign's letters counted per official, status and failure reason, kept up to date like the
 * campaign stats (migration CampaignStats) instead of counted by scanning the letters: the admins'
 * failures grouped by reason read every failed letter (714 ms at ten million letters with 300,000
 * failed), and a campaign's page counted every letter of the campaign per official.
 *
 * - `delivery_failure_reason(last_error)`: a failed letter's reason as admins see it grouped, its
 *   last error with email addresses replaced by <address>. One definition, used by these triggers
 *   and by "retry this group", so a group and its retry agree exactly.
 * - Statement-level triggers on `deliveries` append one row per (campaign, official, status,
 *   reason) a statement changed to `target_letter_deltas` (+n / -n; the reason is '' except for
 *   failed and bounced letters), with the latest time a letter entered a failure group; the stats
 *   roll-up folds them into `target_letter_totals` in the statement that folds the campaign stats.
 * - The totals start from the letters already there; the triggers hold writers off until this
 *   commits (a scan of the letters: 7.6 s at eleven million on the 2-core development machine).
 *
 * @class
 * @implements {MigrationInterface}
 */
export class TargetLetterCounts1795710000000 {
    name = 'TargetLetterCounts1795710000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE FUNCTION delivery_failure_reason(last_error text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
                SELECT regexp_replace(last_error, '<?[^\\s<>"'',;:]+@[^\\s<>"'',;:]+>?', '<address>', 'g')
            $$
        `);
        // (RETURNS NULL ON NULL INPUT: a letter failed without an answer is grouped as 'no reason recorded', below)
        await queryRunner.query(`
            CREATE FUNCTION delivery_letter_reason(status text, last_error text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT CASE WHEN status IN ('failed', 'bounced')
                            THEN coalesce(delivery_failure_reason(last_error), 'no reason recorded') ELSE '' END
            $$
        `);
        await queryRunner.query(`
            CREATE TABLE "target_letter_deltas" (
                "id" BIGSERIAL NOT NULL,
                "campaign_id" uuid NOT NULL,
                "target_id" uuid NOT NULL,
                "status" text NOT NULL,
                "reason" text NOT NULL,
                "n" integer NOT NULL,
                "last_failed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_target_letter_deltas" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "target_letter_totals" (
                "campaign_id" uuid NOT NULL,
                "target_id" uuid NOT NULL,
                "status" text NOT NULL,
                "reason" text NOT NULL,
                "n" bigint NOT NULL DEFAULT '0',
                "last_failed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_target_letter_totals" PRIMARY KEY ("campaign_id", "target_id", "status", "reason")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_target_letter_totals_failures" ON "target_letter_totals" ("campaign_id")
            WHERE status IN ('failed', 'bounced')
        `);

        await queryRunner.query(`
            CREATE FUNCTION target_letters_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO target_letter_deltas (campaign_id, target_id, status, reason, n, last_failed_at)
                SELECT campaign_id, target_id, status, delivery_letter_reason(status, last_error), count(*),
                       max(updated_at) FILTER (WHERE status IN ('failed', 'bounced'))
                  FROM new_rows GROUP BY 1, 2, 3, 4;
                RETURN NULL;
            END $$
        `);
        // a letter moves when its campaign, official, status or (failed or bounced) reason changes
        await queryRunner.query(`
            CREATE FUNCTION target_letters_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                WITH changed AS (
                    SELECT o.campaign_id AS old_campaign, o.target_id AS old_target, o.status AS old_status,
                           delivery_letter_reason(o.status, o.last_error) AS old_reason,
                           w.campaign_id, w.target_id, w.status, delivery_letter_reason(w.status, w.last_error) AS reason,
                           CASE WHEN w.status IN ('failed', 'bounced') THEN w.updated_at END AS failed_at
                      FROM old_rows o JOIN new_rows w ON w.id = o.id
                     WHERE (o.campaign_id, o.target_id, o.status) IS DISTINCT FROM (w.campaign_id, w.target_id, w.status)
                        OR (w.status IN ('failed', 'bounced') AND w.last_error IS DISTINCT FROM o.last_error)
                )
                INSERT INTO target_letter_deltas (campaign_id, target_id, status, reason, n, last_failed_at)
                SELECT v.campaign_id, v.target_id, v.status, v.reason, sum(v.n), max(v.failed_at)
                  FROM changed c
                 CROSS JOIN LATERAL (VALUES (c.old_campaign, c.old_target, c.old_status, c.old_reason, -1, NULL::timestamptz),
                                            (c.campaign_id, c.target_id, c.status, c.reason, 1, c.failed_at))
                       AS v (campaign_id, target_id, status, reason, n, failed_at)
                 WHERE (c.old_campaign, c.old_target, c.old_status, c.old_reason) IS DISTINCT FROM (c.campaign_id, c.target_id, c.status, c.reason)
                 GROUP BY 1, 2, 3, 4
                HAVING sum(v.n) <> 0 OR max(v.failed_at) IS NOT NULL;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION target_letters_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO target_letter_deltas (campaign_id, target_id, status, reason, n)
                SELECT campaign_id, target_id, status, delivery_letter_reason(status, last_error), -count(*)
                  FROM old_rows GROUP BY 1, 2, 3, 4;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "tr_deliveries_target_letters_inserted" AFTER INSERT ON "deliveries"
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION target_letters_inserted()
        `);
        await queryRunner.query(`
            CREATE TRIGGER "tr_deliveries_target_letters_updated" AFTER UPDATE ON "deliveries"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION target_letters_updated()
        `);
        await queryRunner.query(`
            CREATE TRIGGER "tr_deliveries_target_letters_deleted" AFTER DELETE ON "deliveries"
            REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION target_letters_deleted()
        `);

        // the letters already there (the triggers above hold writers off until this commits)
        await queryRunner.query(`
            INSERT INTO target_letter_totals (campaign_id, target_id, status, reason, n, last_failed_at)
            SELECT campaign_id, target_id, status, delivery_letter_reason(status, last_error), count(*),
                   max(updated_at) FILTER (WHERE status IN ('failed', 'bounced'))
              FROM deliveries GROUP BY 1, 2, 3, 4
        `);
        await queryRunner.query(`ANALYZE "target_letter_totals"`);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        for (const event of ['inserted', 'updated', 'deleted']) {
            await queryRunner.query(`DROP TRIGGER "tr_deliveries_target_letters_${event}" ON "deliveries"`);
            await queryRunner.query(`DROP FUNCTION target_letters_${event}()`);
        }
        await queryRunner.query(`DROP TABLE "target_letter_totals"`);
        await queryRunner.query(`DROP TABLE "target_letter_deltas"`);
        await queryRunner.query(`DROP FUNCTION delivery_letter_reason(text, text)`);
        await queryRunner.query(`DROP FUNCTION delivery_failure_reason(text)`);
    }
}
