/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * `campaign_sent_days`: per campaign, the letters sent in the whole hours of the stats' 24-hour
 * window ([from_hour, to_hour): the first whole hour of the window up to the current hour), kept
 * by the stats roll-up, so the stats read one row per campaign instead of up to 23 hour rows (with
 * 2,000 campaigns sending all day, 45,000 rows). The roll-up adds what it folds into those hours,
 * and recomputes the rows from `campaign_sent_hours` once the hour has turned; until then a
 * campaign's stale row is ignored and its hours are read as before. Starts empty: the first
 * roll-up fills it.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class CampaignSentDays1795720000000 {
    name = 'CampaignSentDays1795720000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE "campaign_sent_days" (
                "campaign_id" uuid NOT NULL,
                "from_hour" TIMESTAMP WITH TIME ZONE NOT NULL,
                "to_hour" TIMESTAMP WITH TIME ZONE NOT NULL,
                "n" bigint NOT NULL DEFAULT '0',
                CONSTRAINT "pk_campaign_sent_days" PRIMARY KEY ("campaign_id")
            )
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`DROP TABLE "campaign_sent_days"`);
    }
}
