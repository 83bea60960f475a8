/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Signed webhooks (issue 19): the endpoints admins register, the events written in the
 * transaction of the change they report, one delivery of each to every subscribed endpoint (the
 * outbox the `webhooks` queue carries; `seq` keeps a supporter's events in order), and every HTTP
 * attempt.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class Webhooks1795630000000 {
    name = 'Webhooks1795630000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE "webhook_endpoints" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "url" text NOT NULL,
                "description" text,
                "events" text array NOT NULL,
                "secret" text NOT NULL,
                "previous_secret" text,
                "previous_secret_until" TIMESTAMP WITH TIME ZONE,
                "enabled" boolean NOT NULL DEFAULT true,
                "failing_since" TIMESTAMP WITH TIME ZONE,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "disabled_reason" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "seq" BIGSERIAL NOT NULL,
                "type" text NOT NULL,
                "supporter_id" uuid,
                "payload" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_webhook_events" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_events_created" ON "webhook_events" ("created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_events_supporter" ON "webhook_events" ("supporter_id") WHERE supporter_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "event_id" uuid NOT NULL,
                "endpoint_id" uuid NOT NULL,
                "supporter_id" uuid,
                "seq" bigint NOT NULL,
                "status" text NOT NULL DEFAULT 'queued',
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "first_attempt_at" TIMESTAMP WITH TIME ZONE,
                "claimed_at" TIMESTAMP WITH TIME ZONE,
                "last_status_code" integer,
                "last_error" text,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "dispatched_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_webhook_deliveries_status" CHECK (status IN ('queued', 'sending', 'retrying', 'delivered', 'failed')),
                CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_owed" ON "webhook_deliveries" ("updated_at") WHERE status IN ('queued', 'sending', 'retrying')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_undispatched" ON "webhook_deliveries" ("seq") WHERE dispatched_at IS NULL AND status = 'queued'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_failed" ON "webhook_deliveries" ("endpoint_id", "seq") WHERE status = 'failed'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_open_order" ON "webhook_deliveries" ("endpoint_id", "supporter_id", "seq") WHERE status IN ('queued', 'sending', 'retrying')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_endpoint_seq" ON "webhook_deliveries" ("endpoint_id", "seq")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_webhook_deliveries_event_endpoint" ON "webhook_deliveries" ("event_id", "endpoint_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_attempts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "delivery_id" uuid NOT NULL,
                "attempt" integer NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status_code" integer,
                "duration_ms" integer NOT NULL,
                "response" text,
                "error" text,
                CONSTRAINT "pk_webhook_attempts" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_webhook_attempts_delivery" ON "webhook_attempts" ("delivery_id", "at")
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_attempts" ADD CONSTRAINT "fk_webhook_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "webhook_attempts" DROP CONSTRAINT "fk_webhook_attempts_delivery"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_endpoint"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_event"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_attempts_delivery"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_attempts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_webhook_deliveries_event_endpoint"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_endpoint_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_open_order"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_failed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_undispatched"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_owed"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_events_supporter"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_events_created"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_events"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_endpoints"
        `);
    }
}
