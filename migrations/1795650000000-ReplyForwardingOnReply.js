/**
 * @typedef {import('typeorm').MigrationInterface} MigrationInterface
 * @typedef {import('typeorm').QueryRunner} QueryRunner
 */

/**
 * Replies, slice 2 (docs/replies.md):
 *
 * - a supporter email of a new kind, `reply_forward`: an official's answer sent on to the
 *   supporter whose letter it answers (`notifications.reply_id`, one forward per reply ever:
 *   uq_notifications_reply_forward). A kind now has a CHECK of its own (ck_notifications_kind),
 *   and a forward names its reply (ck_notifications_reply). "One open email of a kind per
 *   signature" (uq_notifications_open) no longer counts forwards: two answers to one letter owe
 *   two forwards.
 * - what a substantive reply does to the rest of the letters to that official, per campaign
 *   target: `on_reply` (continue, hold, digest); `reply_held_since` and `reply_held_by` (the
 *   reply) while its letters are held.
 * - `replies.redacted_at`: the reply answered a supporter who was erased since; its text no
 *   longer quotes them.
 *
 * The campaign option `delivery.forwardReplies` lives in the `delivery` jsonb: no column.
 *
 * @class
 * @implements {MigrationInterface}
 */
export class ReplyForwardingOnReply1795650000000 {
    name = 'ReplyForwardingOnReply1795650000000'

    /**
     * @param {QueryRunner} queryRunner
     */
    async up(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD "reply_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN ('confirm_signature', 'thank_you', 'delivery_receipt', 'reply_forward'))
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "ck_notifications_reply" CHECK ((kind = 'reply_forward') = (reply_id IS NOT NULL))
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notifications_open"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_open" ON "notifications" ("signature_id", "kind")
            WHERE status IN ('queued', 'retrying', 'sending') AND kind <> 'reply_forward'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_reply_forward" ON "notifications" ("reply_id")
            WHERE kind = 'reply_forward'
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "fk_notifications_reply" FOREIGN KEY ("reply_id") REFERENCES "replies"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD "on_reply" text NOT NULL DEFAULT 'continue',
            ADD "reply_held_since" TIMESTAMP WITH TIME ZONE,
            ADD "reply_held_by" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            ADD CONSTRAINT "ck_campaign_targets_on_reply" CHECK (on_reply IN ('continue', 'hold', 'digest'))
        `);
        await queryRunner.query(`
            ALTER TABLE "replies"
            ADD "redacted_at" TIMESTAMP WITH TIME ZONE
        `);
    }

    /**
     * @param {QueryRunner} queryRunner
     */
    async down(queryRunner) {
        await queryRunner.query(`
            ALTER TABLE "replies" DROP COLUMN "redacted_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets" DROP CONSTRAINT "ck_campaign_targets_on_reply"
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_targets"
            DROP COLUMN "reply_held_by",
            DROP COLUMN "reply_held_since",
            DROP COLUMN "on_reply"
        `);
        await queryRunner.query(`
            DELETE FROM "notifications" WHERE kind = 'reply_forward'
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_reply"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notifications_reply_forward"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notifications_open"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_open" ON "notifications" ("signature_id", "kind")
            WHERE status IN ('queued', 'retrying', 'sending')
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_reply"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"
        `);
        await queryRunner.query(`
            ALTER TABLE "notifications" DROP COLUMN "reply_id"
        `);
    }
}
