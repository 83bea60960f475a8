/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Office hours (issue 17): a target's `time_zone` (an IANA name such as 'Europe/Moscow'), in
 * which a campaign's delivery.sendWindow is read. Null, as every target so far: its country's
 * zone where the country has exactly one, else UTC.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class TargetTimeZones1795670000000 {
    name = 'TargetTimeZones1795670000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "targets"
            ADD "time_zone" text
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "targets" DROP COLUMN "time_zone"
        `);
    }
}
