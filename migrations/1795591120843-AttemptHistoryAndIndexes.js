/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * @class
 * @implements {MigrationInterface}
 */
export class AttemptHistoryAndIndexes1795591120843 {
    name = 'AttemptHistoryAndIndexes1795591120843'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            DROP INDEX "public"."ix_signatures_campaign_status"
        `);
        await queryRunner.query(`
            CREATE TABLE "delivery_attempts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "delivery_id" uuid NOT NULL,
                "attempt" integer NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "outcome" text NOT NULL,
                "response" text,
                "duration_ms" integer NOT NULL,
                CONSTRAINT "ck_delivery_attempts_outcome" CHECK (
                    outcome IN ('sent', 'temporary_failure', 'permanent_failure')
                ),
                CONSTRAINT "pk_delivery_attempts" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_delivery_attempts_delivery" ON "delivery_attempts" ("delivery_id", "attempt")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signatures_campaign_status" ON "signatures" ("campaign_id", "status", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_open" ON "notifications" ("signature_id", "kind")
            WHERE status IN ('queued', 'retrying', 'sending')
        `);
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts"
            ADD CONSTRAINT "fk_delivery_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "delivery_attempts" DROP CONSTRAINT "fk_delivery_attempts_delivery"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notifications_open"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_signatures_campaign_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_delivery_attempts_delivery"
        `);
        await queryRunner.query(`
            DROP TABLE "delivery_attempts"
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signatures_campaign_status" ON "signatures" USING btree ("campaign_id", "status")
        `);
    }
}
