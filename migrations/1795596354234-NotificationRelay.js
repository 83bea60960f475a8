/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * @class
 * @implements {MigrationInterface}
 */
export class NotificationRelay1795596354234 {
    name = 'NotificationRelay1795596354234'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD "dispatched_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_notifications_undispatched" ON "notifications" ("created_at")
            WHERE dispatched_at IS NULL
                AND status = 'queued'
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_undispatched"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP COLUMN "dispatched_at"
        `);
    }
}
