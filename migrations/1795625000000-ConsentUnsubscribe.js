/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Consent to further contact: a campaign may ask for it (`opt_in`: {"enabled": false} for every
 * campaign so far), and a signature records it: the exact text the supporter saw, its language,
 * when it was given and when withdrawn. Unsubscribe links are signature tokens of their own.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class ConsentUnsubscribe1795625000000 {
    name = 'ConsentUnsubscribe1795625000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "campaigns"
            ADD "opt_in" jsonb NOT NULL DEFAULT '{"enabled": false}'
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD "opt_in_text" text,
            ADD "opt_in_locale" text,
            ADD "opt_in_at" TIMESTAMP WITH TIME ZONE,
            ADD "opt_in_withdrawn_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "signature_tokens" DROP CONSTRAINT "ck_signature_tokens_purpose"
        `);
        await queryRunner.query(`
            ALTER TABLE "signature_tokens"
            ADD CONSTRAINT "ck_signature_tokens_purpose" CHECK (purpose IN ('confirm', 'withdraw', 'unsubscribe'))
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            DELETE FROM "signature_tokens" WHERE purpose = 'unsubscribe'
        `);
        await queryRunner.query(`
            ALTER TABLE "signature_tokens" DROP CONSTRAINT "ck_signature_tokens_purpose"
        `);
        await queryRunner.query(`
            ALTER TABLE "signature_tokens"
            ADD CONSTRAINT "ck_signature_tokens_purpose" CHECK (purpose IN ('confirm', 'withdraw'))
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            DROP COLUMN "opt_in_withdrawn_at",
            DROP COLUMN "opt_in_at",
            DROP COLUMN "opt_in_locale",
            DROP COLUMN "opt_in_text"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaigns" DROP COLUMN "opt_in"
        `);
    }
}
