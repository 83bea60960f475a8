/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * @class
 * @implements {MigrationInterface}
 */
export class DeliveryPacingDigest1795591402241 {
    name = 'DeliveryPacingDigest1795591402241'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        // digest letters cover [period_start, period_end)
        await queryRunner.query(`
            ALTER TABLE "deliveries"
            ADD "period_end" TIMESTAMP WITH TIME ZONE
        `);
        // an attempt that found no SMTP server answering (TypeORM does not diff CHECK bodies)
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts" DROP CONSTRAINT "ck_delivery_attempts_outcome"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts"
            ADD CONSTRAINT "ck_delivery_attempts_outcome" CHECK (
                outcome IN ('sent', 'temporary_failure', 'permanent_failure', 'unreachable')
            )
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            DELETE FROM "delivery_attempts" WHERE outcome = 'unreachable'
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts" DROP CONSTRAINT "ck_delivery_attempts_outcome"
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts"
            ADD CONSTRAINT "ck_delivery_attempts_outcome" CHECK (
                outcome IN ('sent', 'temporary_failure', 'permanent_failure')
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries" DROP COLUMN "period_end"
        `);
    }
}
