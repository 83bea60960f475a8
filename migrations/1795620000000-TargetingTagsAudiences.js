/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Choosing who receives a letter: targets carry tags in the directory (searchable, with a GIN
 * index for `tags @> ARRAY[…]`), and each campaign target an audience, the supporters it writes
 * for ({"mode":"everyone"} for every target so far: the behaviour they had).
 *
 * @class
 * @implements {MigrationInterface}
 */
export class TargetingTagsAudiences1795620000000 {
    name = 'TargetingTagsAudiences1795620000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "targets"
            ADD "tags" text array NOT NULL DEFAULT '{}'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_targets_tags" ON "targets" USING gin ("tags")
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD "audience" jsonb NOT NULL DEFAULT '{"mode": "everyone"}'
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD CONSTRAINT "ck_campaign_targets_audience" CHECK (audience->>'mode' IN ('everyone', 'same-country', 'countries', 'fallback'))
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "campaign_targets" DROP CONSTRAINT "ck_campaign_targets_audience"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets" DROP COLUMN "audience"
        `);
        await queryRunner.query(`
            DROP INDEX "ix_targets_tags"
        `);
        await queryRunner.query(`
            ALTER TABLE "targets" DROP COLUMN "tags"
        `);
    }
}
