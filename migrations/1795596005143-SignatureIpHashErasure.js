/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * @class
 * @implements {MigrationInterface}
 */
export class SignatureIpHashErasure1795596005143 {
    name = 'SignatureIpHashErasure1795596005143'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD "ip_hash" bytea
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD "erased_at" TIMESTAMP WITH TIME ZONE
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "signatures" DROP COLUMN "erased_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures" DROP COLUMN "ip_hash"
        `);
    }
}
