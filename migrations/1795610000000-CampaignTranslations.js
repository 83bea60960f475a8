/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * A campaign speaks its supporters' languages: its title and summary by BCP 47 locale, beside
 * the letter's own translations in `appeal` ({} for every campaign so far: they show their
 * default text, as before). delivery.startAt needs no column: it lives in the `delivery` policy.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class CampaignTranslations1795610000000 {
    name = 'CampaignTranslations1795610000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "campaigns"
            ADD "translations" jsonb NOT NULL DEFAULT '{}'
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "campaigns" DROP COLUMN "translations"
        `);
    }
}
