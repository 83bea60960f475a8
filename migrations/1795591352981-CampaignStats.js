/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Admin stats kept up to date instead of counted by scanning: statement-level triggers with
 * transition tables on `signatures` and `deliveries` append one row per (campaign, status) that a
 * statement changed to campaign_stat_deltas (append-only, so concurrent workers never wait on a
 * shared counter row), and for letters given a sent_at (accepted by SMTP) one row of kind 'sent'
 * per minute; the roll-up folds them into campaign_stat_totals and campaign_sent_minutes.
 * Any statement that changes a status is counted, bulk SQL included. The totals start from the
 * rows already there. Plus two partial indexes: each campaign's oldest unsent letter, and failures.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class CampaignStats1795591352981 {
    name = 'CampaignStats1795591352981'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE "campaign_sent_minutes" (
                "campaign_id" uuid NOT NULL,
                "minute" TIMESTAMP WITH TIME ZONE NOT NULL,
                "n" integer NOT NULL DEFAULT '0',
                CONSTRAINT "pk_campaign_sent_minutes" PRIMARY KEY ("campaign_id", "minute")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "campaign_stat_deltas" (
                "id" BIGSERIAL NOT NULL,
                "campaign_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "status" text NOT NULL,
                "n" integer NOT NULL,
                "sent_minute" TIMESTAMP WITH TIME ZONE,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_campaign_stat_deltas" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "campaign_stat_totals" (
                "campaign_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "status" text NOT NULL,
                "n" bigint NOT NULL DEFAULT '0',
                CONSTRAINT "pk_campaign_stat_totals" PRIMARY KEY ("campaign_id", "kind", "status")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_failed" ON "deliveries" ("created_at", "id")
            WHERE status IN ('failed', 'bounced')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_unsent_created" ON "deliveries" ("campaign_id", "created_at")
            WHERE status IN ('queued', 'sending', 'retrying')
        `);

        // deliveries: status counts, and (kind 'sent') letters accepted by SMTP per minute of sent_at
        await queryRunner.query(`
            CREATE FUNCTION campaign_stats_deliveries_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO campaign_stat_deltas (campaign_id, kind, status, n, sent_minute)
                SELECT campaign_id, 'deliveries', status, count(*), NULL FROM new_rows GROUP BY 1, 3
                UNION ALL
                SELECT campaign_id, 'sent', 'sent', count(*), date_trunc('minute', sent_at)
                  FROM new_rows WHERE sent_at IS NOT NULL GROUP BY 1, 5;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION campaign_stats_deliveries_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                WITH changed AS (
                    SELECT o.campaign_id AS old_campaign, o.status AS old_status, w.campaign_id, w.status,
                           CASE WHEN w.sent_at IS DISTINCT FROM o.sent_at THEN date_trunc('minute', w.sent_at) END AS sent_minute
                      FROM old_rows o JOIN new_rows w ON w.id = o.id
                     WHERE (o.campaign_id, o.status) IS DISTINCT FROM (w.campaign_id, w.status) OR w.sent_at IS DISTINCT FROM o.sent_at
                )
                INSERT INTO campaign_stat_deltas (campaign_id, kind, status, n, sent_minute)
                SELECT v.campaign_id, 'deliveries', v.status, sum(v.n), NULL
                  FROM changed c
                 CROSS JOIN LATERAL (VALUES (c.old_campaign, c.old_status, -1), (c.campaign_id, c.status, 1)) AS v (campaign_id, status, n)
                 WHERE (c.old_campaign, c.old_status) IS DISTINCT FROM (c.campaign_id, c.status)
                 GROUP BY 1, 3
                HAVING sum(v.n) <> 0
                UNION ALL
                SELECT campaign_id, 'sent', 'sent', count(*), sent_minute FROM changed WHERE sent_minute IS NOT NULL GROUP BY 1, 5;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION campaign_stats_deliveries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO campaign_stat_deltas (campaign_id, kind, status, n)
                SELECT campaign_id, 'deliveries', status, -count(*) FROM old_rows GROUP BY 1, 3;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION campaign_stats_signatures_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO campaign_stat_deltas (campaign_id, kind, status, n)
                SELECT campaign_id, 'signatures', status, count(*) FROM new_rows GROUP BY 1, 3;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION campaign_stats_signatures_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO campaign_stat_deltas (campaign_id, kind, status, n)
                SELECT v.campaign_id, 'signatures', v.status, sum(v.n)
                  FROM old_rows o
                  JOIN new_rows w ON w.id = o.id
                 CROSS JOIN LATERAL (VALUES (o.campaign_id, o.status, -1), (w.campaign_id, w.status, 1)) AS v (campaign_id, status, n)
                 WHERE (o.campaign_id, o.status) IS DISTINCT FROM (w.campaign_id, w.status)
                 GROUP BY 1, 3
                HAVING sum(v.n) <> 0;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION campaign_stats_signatures_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO campaign_stat_deltas (campaign_id, kind, status, n)
                SELECT campaign_id, 'signatures', status, -count(*) FROM old_rows GROUP BY 1, 3;
                RETURN NULL;
            END $$
        `);
        for (const table of ['deliveries', 'signatures']) {
            await queryRunner.query(`
                CREATE TRIGGER "tr_${table}_stats_inserted" AFTER INSERT ON "${table}"
                REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_${table}_inserted()
            `);
            await queryRunner.query(`
                CREATE TRIGGER "tr_${table}_stats_updated" AFTER UPDATE ON "${table}"
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_${table}_updated()
            `);
            await queryRunner.query(`
                CREATE TRIGGER "tr_${table}_stats_deleted" AFTER DELETE ON "${table}"
                REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_${table}_deleted()
            `);
        }

        // the rows already there (the triggers above hold writers off until this commits)
        await queryRunner.query(`
            INSERT INTO campaign_stat_totals (campaign_id, kind, status, n)
            SELECT campaign_id, 'signatures', status, count(*) FROM signatures GROUP BY 1, 3
            UNION ALL
            SELECT campaign_id, 'deliveries', status, count(*) FROM deliveries GROUP BY 1, 3
        `);
        await queryRunner.query(`
            INSERT INTO campaign_sent_minutes (campaign_id, minute, n)
            SELECT campaign_id, date_trunc('minute', sent_at), count(*)
              FROM deliveries
             WHERE sent_at > now() - interval '25 hours'
             GROUP BY 1, 2
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        for (const table of ['deliveries', 'signatures']) {
            for (const event of ['inserted', 'updated', 'deleted']) {
                await queryRunner.query(`DROP TRIGGER "tr_${table}_stats_${event}" ON "${table}"`);
                await queryRunner.query(`DROP FUNCTION campaign_stats_${table}_${event}()`);
            }
        }
        await queryRunner.query(`
            DROP INDEX "public"."ix_deliveries_unsent_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_deliveries_failed"
        `);
        await queryRunner.query(`
            DROP TABLE "campaign_stat_totals"
        `);
        await queryRunner.query(`
            DROP TABLE "campaign_stat_deltas"
        `);
        await queryRunner.query(`
            DROP TABLE "campaign_sent_minutes"
        `);
    }
}
