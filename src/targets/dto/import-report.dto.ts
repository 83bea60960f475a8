import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'rejected'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export class ImportedRow {
  @ApiProperty({ example: 3, description: 'the line of the file (line 1 is the header)' })
  line: number;

  @ApiProperty({ nullable: true, type: String, example: 'minister@mfa-lb.example', description: 'normalised when valid; as written otherwise' })
  email: string | null;

  @ApiProperty({ enum: IMPORT_OUTCOMES, example: 'created' })
  status: ImportOutcome;

  @ApiPropertyOptional({ format: 'uuid', description: 'the target (not for rejected rows)', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' })
  id?: string;

  @ApiPropertyOptional({ type: [String], description: 'why the row was rejected', example: ['email must be an email address'] })
  reasons?: string[];
}

export class ImportSummary {
  @ApiProperty({ example: 20 })
  created: number;

  @ApiProperty({ example: 1, description: 'existing targets (same email) whose details changed' })
  updated: number;

  @ApiProperty({ example: 0, description: 'existing targets the file describes exactly as they are' })
  unchanged: number;

  @ApiProperty({ example: 1 })
  rejected: number;
}

export class ImportReport {
  @ApiProperty({ type: ImportSummary })
  summary: ImportSummary;

  @ApiProperty({ type: [ImportedRow], description: 'one entry per row of the file, in order' })
  rows: ImportedRow[];
}
