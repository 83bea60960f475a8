/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Officials' replies: each answer to a relayed letter (Reply-To reply+TOKEN@MAIL_DOMAIN),
 * threaded to its letter, campaign, target and signature; its plain text, the description of its
 * attachments (not their content), the headers it was classified by, its kind and stance, and
 * whether it is published. One mail delivered twice is one row (uq_replies_delivery_dedup).
 * A campaign's reply option lives in its `delivery` jsonb (`replies`, `showSupporterEmail`): no
 * column changes.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class Replies1795640000000 {
    name = 'Replies1795640000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            CREATE TABLE "replies" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "campaign_id" uuid NOT NULL,
                "target_id" uuid NOT NULL,
                "delivery_id" uuid NOT NULL,
                "signature_id" uuid,
                "from_address" text,
                "from_name" text,
                "subject" text NOT NULL DEFAULT '',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "text" text NOT NULL,
                "attachments" jsonb NOT NULL DEFAULT '[]',
                "message_id" text,
                "dedup_key" text NOT NULL,
                "headers" jsonb NOT NULL DEFAULT '{}',
                "kind" text NOT NULL DEFAULT 'unclassified',
                "auto_reason" text,
                "stance" text,
                "published" boolean NOT NULL DEFAULT false,
                "marked_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_replies_kind" CHECK (kind IN ('auto', 'unclassified', 'acknowledgement', 'substantive')),
                CONSTRAINT "ck_replies_stance" CHECK (stance IS NULL OR (kind = 'substantive' AND stance IN ('supports', 'opposes', 'undecided'))),
                CONSTRAINT "ck_replies_published" CHECK (NOT published OR kind IN ('acknowledgement', 'substantive')),
                CONSTRAINT "pk_replies" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_replies_delivery_dedup" ON "replies" ("delivery_id", "dedup_key")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_replies_campaign_received" ON "replies" ("campaign_id", "received_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_replies_campaign_target" ON "replies" ("campaign_id", "target_id", "received_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_replies_published" ON "replies" ("campaign_id", "received_at")
            WHERE published
        `);
        await queryRunner.query(`
            ALTER TABLE "replies"
            ADD CONSTRAINT "fk_replies_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "replies"
            ADD CONSTRAINT "fk_replies_target" FOREIGN KEY ("target_id") REFERENCES "targets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "replies"
            ADD CONSTRAINT "fk_replies_delivery" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "replies"
            ADD CONSTRAINT "fk_replies_signature" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            DROP TABLE "replies"
        `);
    }
}
