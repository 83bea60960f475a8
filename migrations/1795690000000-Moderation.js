/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Moderation of supporters' own words (issue 17): a campaign's `moderation` policy (mode off,
 * flagged or all; blocked words, the links allowed, what a near-duplicate does) and, on each
 * signature, the rules its words tripped when confirmed and the review it waits for or had: while
 * `review_status` is 'pending' its letters are owed but not sent.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class Moderation1795690000000 {
    name = 'Moderation1795690000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "campaigns"
            ADD "moderation" jsonb NOT NULL DEFAULT '{"mode": "off"}'
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD "review_status" text,
            ADD "review_flags" text array NOT NULL DEFAULT '{}',
            ADD "review_details" jsonb,
            ADD "reviewed_at" TIMESTAMP WITH TIME ZONE,
            ADD "reviewed_by" text,
            ADD "review_reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD CONSTRAINT "ck_signatures_review_status" CHECK (review_status IN ('pending', 'approved', 'approved-without-text', 'rejected'))
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signatures_review" ON "signatures" ("campaign_id", "review_status", "confirmed_at")
            WHERE review_status IS NOT NULL OR review_flags <> '{}'
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`DROP INDEX "ix_signatures_review"`);
        await queryRunner.query(`ALTER TABLE "signatures" DROP CONSTRAINT "ck_signatures_review_status"`);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            DROP COLUMN "review_reason", DROP COLUMN "reviewed_by", DROP COLUMN "reviewed_at",
            DROP COLUMN "review_details", DROP COLUMN "review_flags", DROP COLUMN "review_status"
        `);
        await queryRunner.query(`ALTER TABLE "campaigns" DROP COLUMN "moderation"`);
    }
}
