import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators.js';

/** Records staff actions (and the system's own, with no actor) in the audit_log table. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(
    actor: StaffPrincipal | null,
    action: string,
    subject: { type: string; id?: string | null },
    details: Record<string, unknown> = {},
    em?: EntityManager,
  ): Promise<void> {
    await (em ?? this.db.manager).query(
      `INSERT INTO audit_log (actor_id, actor_email, action, subject_type, subject_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [actor?.id ?? null, actor?.email ?? null, action, subject.type, subject.id ?? null, JSON.stringify(details)],
    );
  }
}
