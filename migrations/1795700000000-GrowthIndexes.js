/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Reads that stay fast at ten million letters (issue 20, bench/growth.mjs):
 * - `ix_deliveries_target_status` becomes (target_id, status, campaign_id, sent_at): an official's
 *   letters of one campaign in one status are one range, in sending order. The drain forecast's
 *   "sent in the last hour" reads the last hour's entries instead of every letter the official ever
 *   received (63 ms for 100,000 letters to one official, growing with them), its backlog counts
 *   a campaign's entries without fetching letters to check their campaign, and a page of the
 *   proof-of-delivery CSV walks one campaign's letters to the official from the cursor. A letter's
 *   status change already rewrites this index entry, so sending costs no extra index write;
 * - `ix_signatures_personal`: a campaign's count of personal letters (its own words or letter)
 *   from a partial index, where the campaign page counted every signature (52 ms for 100,000).
 *
 * - `campaign_sent_hours`: the roll-up also sums sent letters by hour, so the stats' "sent in the
 *   last 24 hours" reads at most 23 hours and two hours of minutes per campaign instead of every
 *   minute of the day (with 2,000 campaigns sending all day, a quarter of a million rows); and an
 *   index on `campaign_sent_minutes (minute)` for reading a time range across campaigns.
 *
 * Building them locks writes to the two tables for the build (about a minute at ten million
 * letters): run it in a quiet moment.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class GrowthIndexes1795700000000 {
    name = 'GrowthIndexes1795700000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`DROP INDEX "ix_deliveries_target_status"`);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_target_status" ON "deliveries" ("target_id", "status", "campaign_id", "sent_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signatures_personal" ON "signatures" ("campaign_id")
            WHERE status = 'confirmed' AND (btrim(comment) <> '' OR letter_body IS NOT NULL)
        `);
        await queryRunner.query(`
            CREATE TABLE "campaign_sent_hours" (
                "campaign_id" uuid NOT NULL,
                "hour" TIMESTAMP WITH TIME ZONE NOT NULL,
                "n" integer NOT NULL DEFAULT '0',
                CONSTRAINT "pk_campaign_sent_hours" PRIMARY KEY ("campaign_id", "hour")
            )
        `);
        await queryRunner.query(`
            INSERT INTO campaign_sent_hours (campaign_id, hour, n)
            SELECT campaign_id, date_trunc('hour', minute), sum(n) FROM campaign_sent_minutes GROUP BY 1, 2
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_campaign_sent_minutes_minute" ON "campaign_sent_minutes" ("minute")
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`DROP INDEX "ix_campaign_sent_minutes_minute"`);
        await queryRunner.query(`DROP TABLE "campaign_sent_hours"`);
        await queryRunner.query(`DROP INDEX "ix_signatures_personal"`);
        await queryRunner.query(`DROP INDEX "ix_deliveries_target_status"`);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_target_status" ON "deliveries" ("target_id", "status")
        `);
    }
}
