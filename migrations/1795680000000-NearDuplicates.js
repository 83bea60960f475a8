/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Near-duplicate detection of supporters' own words (issue 17): each fingerprinted text's MinHash
 * signature (`text_fingerprints`, one row per signature, going with it) and its LSH band keys
 * (`text_bands`, BANDS rows per text; the primary key (campaign, key, signature) is the lookup
 * index). Owned by NearDuplicateIndex (src/moderation/near-duplicate-index.ts).
 *
 * @class
 * @implements {MigrationInterface}
 */
export class NearDuplicates1795680000000 {
    name = 'NearDuplicates1795680000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE "text_fingerprints" (
                "signature_id" uuid NOT NULL,
                "campaign_id" uuid NOT NULL,
                "minhash" integer array NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_text_fingerprints" PRIMARY KEY ("signature_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "text_bands" (
                "campaign_id" uuid NOT NULL,
                "band_key" bigint NOT NULL,
                "signature_id" uuid NOT NULL,
                CONSTRAINT "pk_text_bands" PRIMARY KEY ("campaign_id", "band_key", "signature_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "text_fingerprints"
            ADD CONSTRAINT "fk_text_fingerprints_signature" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "text_bands"
            ADD CONSTRAINT "fk_text_bands_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "text_bands" DROP CONSTRAINT "fk_text_bands_campaign"
        `);
        await queryRunner.query(`
            ALTER TABLE "text_fingerprints" DROP CONSTRAINT "fk_text_fingerprints_signature"
        `);
        await queryRunner.query(`
            DROP TABLE "text_bands"
        `);
        await queryRunner.query(`
            DROP TABLE "text_fingerprints"
        `);
    }
}
