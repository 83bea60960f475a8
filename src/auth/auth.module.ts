import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/app-config.module.js';
import { resolveJwtSecret } from '../security/jwt-secret.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { StaffSessions } from './staff-sessions.js';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: async (config: AppConfig, db: DataSource) => ({
        // a KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public
        // key on every verify (createPublicKey throws, ~0.9 ms of each staff request's CPU)
        secret: createSecretKey(Buffer.from(await resolveJwtSecret(config, db))),
        signOptions: { expiresIn: `${config.jwtTtlMinutes}m`, algorithm: 'HS256', issuer: 'appeals' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'appeals' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, StaffSessions, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule, AuthService, StaffSessions],
})
export class AuthModule {}
