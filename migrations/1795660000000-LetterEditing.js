/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Supporters may write their own letter (issue 17): a campaign's `letter_editing` ('comment', as
 * every campaign so far: a personal message added to the campaign's letter; or 'body': the
 * supporter may rewrite the letter's body between its fixed salutation and signature), and a
 * signature's `letter_body`, the text a supporter wrote (null: the campaign's own letter).
 *
 * @class
 * @implements {MigrationInterface}
 */
export class LetterEditing1795660000000 {
    name = 'LetterEditing1795660000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "campaigns"
            ADD "letter_editing" text NOT NULL DEFAULT 'comment'
        `);
        await queryRunner.query(`
            ALTER TABLE "campaigns"
            ADD CONSTRAINT "ck_campaigns_letter_editing" CHECK (letter_editing IN ('comment', 'body'))
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD "letter_body" text
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "signatures" DROP COLUMN "letter_body"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaigns" DROP CONSTRAINT "ck_campaigns_letter_editing"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaigns" DROP COLUMN "letter_editing"
        `);
    }
}
