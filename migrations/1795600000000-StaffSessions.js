/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Staff sessions end at once when an account is deactivated or its password changes: every
 * token carries the account's session epoch, which those changes move on.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class StaffSessions1795600000000 {
    name = 'StaffSessions1795600000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "session_epoch" integer NOT NULL DEFAULT '0'
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "session_epoch"
        `);
    }
}
