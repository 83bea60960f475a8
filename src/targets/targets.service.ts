import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Page } from '../common/pagination.dto.js';
import type { CreateTargetDto, ListTargetsQuery, UpdateTargetDto } from './dto/target.dto.js';
import { Target } from './target.entity.js';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TargetsService {
  constructor(@InjectRepository(Target) private readonly targets: Repository<Target>) {}

  async create(dto: CreateTargetDto): Promise<Target> {
    try {
      return await this.targets.save(
        this.targets.create({
          name: dto.name,
          title: dto.title ?? '',
          organization: dto.organization ?? '',
          country: dto.country ?? null,
          email: dto.email,
          locale: dto.locale ?? 'en',
        }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`A target with email ${dto.email} exists already`);
      throw e;
    }
  }

  async get(id: string): Promise<Target> {
    const target = await this.targets.findOneBy({ id });
    if (!target) throw new NotFoundException(`No target ${id}`);
    return target;
  }

  /** Ordered by name; `q` matches name, organization or country, case-insensitively. */
  async list(query: ListTargetsQuery): Promise<Page<Target>> {
    const limit = query.limit ?? 50;
    const qb = this.targets.createQueryBuilder('t').orderBy('t.name', 'ASC').addOrderBy('t.id', 'ASC').limit(limit + 1);
    if (query.q?.trim()) {
      const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(t.name ILIKE :like OR t.organization ILIKE :like OR t.country ILIKE :like)', { like });
    }
    const after = decodeCursor(query.cursor, ['string', 'string']);
    if (after) qb.andWhere('(t.name, t.id) > (:name, :id)', { name: after[0], id: after[1] });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null };
  }

  async update(id: string, dto: UpdateTargetDto): Promise<Target> {
    const target = await this.get(id);
    Object.assign(target, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    try {
      return await this.targets.save(target);
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`A target with email ${dto.email} exists already`);
      throw e;
    }
  }

  /** Deactivates: the directory keeps the official (letters already sent refer to them). */
  async deactivate(id: string): Promise<Target> {
    const target = await this.get(id);
    target.active = false;
    return this.targets.save(target);
  }
}
