/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * @class
 * @implements {MigrationInterface}
 */
export class BouncesDigestFallbackReceipts1795595747571 {
    name = 'BouncesDigestFallbackReceipts1795595747571'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "targets"
            ADD "hard_bounces" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "targets"
            ADD "failing_since" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "targets"
            ADD "last_bounce_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "targets"
            ADD "last_bounce_reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD "digest_since" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_delivery_receipt" ON "notifications" ("signature_id")
            WHERE kind = 'delivery_receipt'
        `);
        // written by hand: TypeORM compares CHECK constraints by name, so it does not see a new expression
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts" DROP CONSTRAINT "ck_delivery_attempts_outcome"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts"
            ADD CONSTRAINT "ck_delivery_attempts_outcome" CHECK (
                    outcome IN (
                        'sent',
                        'temporary_failure',
                        'permanent_failure',
                        'unreachable',
                        'bounced',
                        'soft_bounce'
                    )
                )
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            DELETE FROM "delivery_attempts" WHERE outcome IN ('bounced', 'soft_bounce')
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts" DROP CONSTRAINT "ck_delivery_attempts_outcome"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts"
            ADD CONSTRAINT "ck_delivery_attempts_outcome" CHECK (
                    outcome IN ('sent', 'temporary_failure', 'permanent_failure', 'unreachable')
                )
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notifications_delivery_receipt"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets" DROP COLUMN "digest_since"
        `);
        await queryRunner.query(`
            ALTER TABLE "targets" DROP COLUMN "last_bounce_reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "targets" DROP COLUMN "last_bounce_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "targets" DROP COLUMN "failing_since"
        `);
        await queryRunner.query(`
            ALTER TABLE "targets" DROP COLUMN "hard_bounces"
        `);
    }
}
