/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * @class
 * @implements {MigrationInterface}
 */
export class InitialSchema1795590024485 {
    name = 'InitialSchema1795590024485'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "actor_id" uuid,
                "actor_email" text,
                "action" text NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" text,
                "details" jsonb NOT NULL DEFAULT '{}',
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_audit_log" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_log_subject" ON "audit_log" ("subject_type", "subject_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at")
        `);
        await queryRunner.query(`
            CREATE TABLE "targets" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "title" text NOT NULL DEFAULT '',
                "organization" text NOT NULL DEFAULT '',
                "country" character(2),
                "email" text NOT NULL,
                "locale" text NOT NULL DEFAULT 'en',
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_targets" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_targets_email" ON "targets" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "campaigns" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "title" text NOT NULL,
                "summary" text NOT NULL DEFAULT '',
                "appeal" jsonb NOT NULL,
                "signature_goal" integer,
                "ends_at" TIMESTAMP WITH TIME ZONE,
                "require_confirmation" boolean NOT NULL DEFAULT true,
                "delivery" jsonb NOT NULL DEFAULT '{"mode":"individual"}',
                "status" text NOT NULL DEFAULT 'draft',
                "launched_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_campaigns_status" CHECK (status IN ('draft', 'live', 'paused', 'closed')),
                CONSTRAINT "pk_campaigns" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_campaigns_slug" ON "campaigns" ("slug")
        `);
        await queryRunner.query(`
            CREATE TABLE "campaign_targets" (
                "campaign_id" uuid NOT NULL,
                "target_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "attached_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "launched_at" TIMESTAMP WITH TIME ZONE,
                "backfilled_at" TIMESTAMP WITH TIME ZONE,
                "withdrawn_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_campaign_targets_status" CHECK (status IN ('pending', 'launched', 'withdrawn')),
                CONSTRAINT "pk_campaign_targets" PRIMARY KEY ("campaign_id", "target_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_campaign_targets_target" ON "campaign_targets" ("target_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "supporters" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text NOT NULL,
                "first_name" text NOT NULL,
                "last_name" text NOT NULL,
                "country" character(2) NOT NULL,
                "postcode" text,
                "verified_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_supporters" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_supporters_email" ON "supporters" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "signatures" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "campaign_id" uuid NOT NULL,
                "supporter_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "comment" text,
                "source" text,
                "confirmed_at" TIMESTAMP WITH TIME ZONE,
                "withdrawn_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_signatures_status" CHECK (status IN ('pending', 'confirmed', 'withdrawn')),
                CONSTRAINT "pk_signatures" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signatures_supporter" ON "signatures" ("supporter_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signatures_campaign_status" ON "signatures" ("campaign_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_signatures_campaign_supporter" ON "signatures" ("campaign_id", "supporter_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "campaign_id" uuid NOT NULL,
                "target_id" uuid NOT NULL,
                "signature_id" uuid,
                "period_start" TIMESTAMP WITH TIME ZONE,
                "status" text NOT NULL DEFAULT 'queued',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "message_id" text,
                "smtp_response" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "claimed_at" TIMESTAMP WITH TIME ZONE,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_deliveries_kind" CHECK ((signature_id IS NULL) <> (period_start IS NULL)),
                CONSTRAINT "ck_deliveries_status" CHECK (
                    status IN (
                        'queued',
                        'sending',
                        'sent',
                        'retrying',
                        'failed',
                        'bounced',
                        'cancelled'
                    )
                ),
                CONSTRAINT "pk_deliveries" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_owed" ON "deliveries" ("updated_at")
            WHERE status IN ('queued', 'retrying', 'sending')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_target_status" ON "deliveries" ("target_id", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_campaign_created" ON "deliveries" ("campaign_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_deliveries_created" ON "deliveries" ("created_at", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_deliveries_digest_period" ON "deliveries" ("campaign_id", "target_id", "period_start")
            WHERE period_start IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_deliveries_signature_target" ON "deliveries" ("signature_id", "target_id")
            WHERE signature_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "caught_mail" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "envelope_from" text NOT NULL,
                "envelope_to" text array NOT NULL,
                "subject" text NOT NULL DEFAULT '',
                "raw" text NOT NULL,
                CONSTRAINT "pk_caught_mail" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_caught_mail_received" ON "caught_mail" ("received_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "signature_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'queued',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_notifications_status" CHECK (
                    status IN (
                        'queued',
                        'sending',
                        'sent',
                        'retrying',
                        'failed',
                        'cancelled'
                    )
                ),
                CONSTRAINT "pk_notifications" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_notifications_owed" ON "notifications" ("updated_at")
            WHERE status IN ('queued', 'retrying', 'sending')
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_notifications_signature" ON "notifications" ("signature_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "signature_tokens" (
                "token_hash" bytea NOT NULL,
                "signature_id" uuid NOT NULL,
                "purpose" text NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_signature_tokens_purpose" CHECK (purpose IN ('confirm', 'withdraw')),
                CONSTRAINT "pk_signature_tokens" PRIMARY KEY ("token_hash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_signature_tokens_signature" ON "signature_tokens" ("signature_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text NOT NULL,
                "password_hash" text NOT NULL,
                "role" text NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_users_role" CHECK (role IN ('admin', 'campaigner')),
                CONSTRAINT "pk_users" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "settings" (
                "key" text NOT NULL,
                "value" text NOT NULL,
                CONSTRAINT "pk_settings" PRIMARY KEY ("key")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD CONSTRAINT "fk_campaign_targets_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD CONSTRAINT "fk_campaign_targets_target" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD CONSTRAINT "fk_signatures_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures"
            ADD CONSTRAINT "fk_signatures_supporter" FOREIGN KEY ("supporter_id") REFERENCES "supporters"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries"
            ADD CONSTRAINT "fk_deliveries_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries"
            ADD CONSTRAINT "fk_deliveries_target" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries"
            ADD CONSTRAINT "fk_deliveries_signature" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_signature" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "signature_tokens"
            ADD CONSTRAINT "fk_signature_tokens_signature" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "signature_tokens" DROP CONSTRAINT "fk_signature_tokens_signature"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_signature"
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries" DROP CONSTRAINT "fk_deliveries_signature"
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries" DROP CONSTRAINT "fk_deliveries_target"
        `);
        await queryRunner.query(`
            ALTER TABLE "deliveries" DROP CONSTRAINT "fk_deliveries_campaign"
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures" DROP CONSTRAINT "fk_signatures_supporter"
        `);
        await queryRunner.query(`
            ALTER TABLE "signatures" DROP CONSTRAINT "fk_signatures_campaign"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets" DROP CONSTRAINT "fk_campaign_targets_target"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets" DROP CONSTRAINT "fk_campaign_targets_campaign"
        `);
        await queryRunner.query(`
            DROP TABLE "settings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_users_email"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_signature_tokens_signature"
        `);
        await queryRunner.query(`
            DROP TABLE "signature_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_signature"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_notifications_owed"
        `);
        await queryRunner.query(`
            DROP TABLE "notifications"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_caught_mail_received"
        `);
        await queryRunner.query(`
            DROP TABLE "caught_mail"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_deliveries_signature_target"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_deliveries_digest_period"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_deliveries_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_deliveries_campaign_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_deliveries_target_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_deliveries_owed"
        `);
        await queryRunner.query(`
            DROP TABLE "deliveries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_signatures_campaign_supporter"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_signatures_campaign_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_signatures_supporter"
        `);
        await queryRunner.query(`
            DROP TABLE "signatures"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_supporters_email"
        `);
        await queryRunner.query(`
            DROP TABLE "supporters"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_campaign_targets_target"
        `);
        await queryRunner.query(`
            DROP TABLE "campaign_targets"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_campaigns_slug"
        `);
        await queryRunner.query(`
            DROP TABLE "campaigns"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_targets_email"
        `);
        await queryRunner.query(`
            DROP TABLE "targets"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_log_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_log_subject"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
    }
}
