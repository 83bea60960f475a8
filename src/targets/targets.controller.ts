import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing, ErrorResponse } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { ImportReport } from './dto/import-report.dto.js';
import { TargetPage, TargetView, targetView } from './dto/target-view.dto.js';
import { CreateTargetDto, ListTargetsQuery, UpdateTargetDto } from './dto/target.dto.js';
import { TargetImportService } from './target-import.service.js';
import { TARGET_CSV_COLUMNS } from './target-csv.js';
import { TargetsService } from './targets.service.js';

const CSV_EXAMPLE =
  'name,title,organization,country,email,locale\n' +
  'Adnan Mansour,Minister of Foreign Affairs and Emigrants,Lebanese Republic,LB,minister@mfa-lb.example,ar\n' +
  'Nabil Elaraby,Secretary-General,League of Arab States,,secretary-general@arab-league.example,en\n';

@ApiTags('targets')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/targets')
export class TargetsController {
  constructor(
    private readonly targets: TargetsService,
    private readonly importer: TargetImportService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'add an official to the directory' })
  @ApiCreatedResponse({ type: TargetView, description: 'the target, as stored' })
  @ApiInvalid()
  @ApiConflict('a target with this email exists already')
  async create(@Body() dto: CreateTargetDto, @Staff() staff: StaffPrincipal): Promise<TargetView> {
    return targetView(await this.targets.create(dto, staff));
  }

  /**
   * Upserts by email; every row is validated like POST /api/targets, and the answer reports each
   * one. A file that is not CSV, lacks a required column or names an unknown one is a 400.
   */
  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: `bulk import from CSV (columns ${TARGET_CSV_COLUMNS.join(',')}; name and email required), upserted by email` })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: CSV_EXAMPLE },
    description:
      "a header row, then one target per row; at most 5000 rows and 2 MiB. An optional `tags` column holds tags separated by `;` (`foreign-minister;g20`); with it, each row says what its target's tags are (an empty cell: none). An optional `time_zone` column holds an IANA time zone (`Europe/Moscow`); with it, an empty cell clears the target's own zone (its country's applies)",
  })
  @ApiOkResponse({ type: ImportReport, description: 'what happened to each row: created, updated, unchanged or rejected (with the reasons)' })
  @ApiInvalid('not CSV, a required column missing, an unknown column, or more than 5000 rows')
  @ApiPayloadTooLargeResponse({ description: 'over 2 MiB', type: ErrorResponse })
  @ApiUnsupportedMediaTypeResponse({ description: 'the body is not text/csv', type: ErrorResponse })
  import(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @Staff() staff: StaffPrincipal): Promise<ImportReport> {
    if (typeof body !== 'string' || !/^text\/csv\b/i.test(contentType ?? '')) {
      throw new UnsupportedMediaTypeException('Send the file as the body with Content-Type: text/csv');
    }
    return this.importer.import(body, staff);
  }

  @Get()
  @ApiOperation({
    summary: 'the directory, by name; `q` searches name, organization and country, and matches a whole tag; `tag` keeps the officials with that tag',
  })
  @ApiOkResponse({ type: TargetPage, description: 'a page of targets and the cursor of the next' })
  @ApiInvalid('a bad limit, cursor, tag or other filter')
  async list(@Query() query: ListTargetsQuery): Promise<TargetPage> {
    const page = await this.targets.list(query);
    return { ...page, items: page.items.map(targetView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'one official of the directory' })
  @ApiOkResponse({ type: TargetView, description: 'the target' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such target')
  async get(@Param('id', UUID) id: string): Promise<TargetView> {
    return targetView(await this.targets.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'change an official (only the fields given)' })
  @ApiOkResponse({ type: TargetView, description: 'the target, changed' })
  @ApiInvalid()
  @ApiMissing('no such target')
  @ApiConflict('another target has this email')
  async update(@Param('id', UUID) id: string, @Body() dto: UpdateTargetDto, @Staff() staff: StaffPrincipal): Promise<TargetView> {
    return targetView(await this.targets.update(id, dto, staff));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'deactivate: the official stays in the directory, owed no new letter' })
  @ApiOkResponse({ type: TargetView, description: 'the target, now inactive' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such target')
  async deactivate(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<TargetView> {
    return targetView(await this.targets.deactivate(id, staff));
  }
}
