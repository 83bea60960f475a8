import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Page } from '../common/pagination.dto.js';
import type { CreateTargetDto, ListTargetsQuery, UpdateTargetDto } from './dto/target.dto.js';
import { applyTargetFilter } from './target-filters.js';
import { Target } from './target.entity.js';

const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The directory of officials. Changes are audited (target.create, target.update, target.deactivate). */
@Injectable()
export class TargetsService {
  constructor(
    @InjectRepository(Target) private readonly targets: Repository<Target>,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateTargetDto, actor: StaffPrincipal | null = null): Promise<Target> {
    let target: Target;
    try {
      target = await this.targets.save(
        this.targets.create({
          name: dto.name,
          title: dto.title ?? '',
          organization: dto.organization ?? '',
          country: dto.country ?? null,
          email: dto.email,
          locale: dto.locale ?? 'en',
          timeZone: dto.timeZone ?? null,
          tags: dto.tags ?? [],
        }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`A target with email ${dto.email} exists already`);
      throw e;
    }
    await this.audit.record(actor, 'target.create', { type: 'target', id: target.id }, { email: target.email, tags: target.tags });
    return target;
  }

  async get(id: string): Promise<Target> {
    const target = await this.targets.findOneBy({ id });
    if (!target) throw new NotFoundException(`No target ${id}`);
    return target;
  }

  /**
   * Ordered by name, then id; `q` matches part of the name, organization or country (any case)
   * or a whole tag; the other filters narrow it (applyTargetFilter).
   */
  async list(query: ListTargetsQuery): Promise<Page<Target>> {
    const limit = query.limit ?? 50;
    const qb = this.targets
      .createQueryBuilder('t')
      .orderBy('t.name', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(limit + 1);
    applyTargetFilter(qb, query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    if (after) {
      if (!UUID.test(String(after[1]))) throw new BadRequestException('cursor is not one this API gave out');
      qb.andWhere('(t.name, t.id) > (:name, :id)', { name: after[0], id: after[1] });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null };
  }

  /** The tags the directory uses, alphabetically (at most `limit`): offered as one types a tag. */
  async tagsInUse(limit = 500): Promise<string[]> {
    const rows: { tag: string }[] = await this.targets.query(`SELECT DISTINCT unnest(tags) AS tag FROM targets ORDER BY tag LIMIT $1`, [limit]);
    return rows.map((r) => r.tag);
  }

  /** The campaigns an official is attached to, newest first, and where each stands with them. */
  async campaignsOf(id: string): Promise<{ id: string; title: string; status: string; targetStatus: string }[]> {
    return this.targets.query(
      `SELECT c.id, c.title, c.status, ct.status AS "targetStatus"
         FROM campaign_targets ct JOIN campaigns c ON c.id = ct.campaign_id
        WHERE ct.target_id = $1 ORDER BY c.created_at DESC LIMIT 100`,
      [id],
    );
  }

  async update(id: string, dto: UpdateTargetDto, actor: StaffPrincipal | null = null): Promise<Target> {
    // optional fields may be left out, but only the country and the time zone may be set to null
    const nulls = Object.entries(dto).filter(([k, v]) => v === null && k !== 'country' && k !== 'timeZone');
    if (nulls.length) throw new BadRequestException(nulls.map(([k]) => `${k} cannot be null`));
    const target = await this.get(id);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    Object.assign(target, changes);
    let saved: Target;
    try {
      saved = await this.targets.save(target);
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`A target with email ${dto.email} exists already`);
      throw e;
    }
    const details: Record<string, unknown> = { fields: Object.keys(changes) };
    if (changes.tags !== undefined) details.tags = saved.tags;
    await this.audit.record(actor, 'target.update', { type: 'target', id }, details);
    return saved;
  }

  /**
   * Deactivates: the directory keeps the official (letters already sent refer to them), and no
   * new letter is owed to them. Deactivating twice changes nothing.
   */
  async deactivate(id: string, actor: StaffPrincipal | null = null): Promise<Target> {
    const target = await this.get(id);
    if (!target.active) return target;
    target.active = false;
    const saved = await this.targets.save(target);
    await this.audit.record(actor, 'target.deactivate', { type: 'target', id });
    return saved;
  }
}
