import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { AppConfig, CONSOLE_DIR } from './core/config/config.js';
import { ProblemFilter } from './core/errors/problem.filter.js';
import { problemType, TITLES } from './core/errors/problem.js';
import { responseStatusOverride } from './core/http/response-status.js';
import { createValidationPipe } from './core/http/validation.js';
import { createLogger, httpLogger, PinoNestLogger } from './core/logging/logger.js';
import { APP_VERSION } from './core/version.js';

export const API_DESCRIPTION = `Business Command Center API: CRM, ticketing, KPI, AR/DSO and imports.

**Authentication.** \`POST /api/auth/login\` returns a short-lived JWT access token and a rotating
refresh token; partners may instead create a personal API token (\`POST /api/api-tokens\`,
\`bcc_pat_…\`, shown once). Send either as \`Authorization: Bearer <token>\`. Every request runs
under your role and the database's row-level security.

**Conventions.** snake_case JSON; errors are RFC 9457 \`application/problem+json\` (422 carries
\`errors[{field, message}]\`); lists return \`{items, next_cursor}\` (\`?limit=\` ≤ 200, \`?cursor=\`);
money is a decimal string in IDR; dates are \`YYYY-MM-DD\` in Asia/Jakarta. Every POST except
auth accepts \`Idempotency-Key\` (≤ 255 chars): a retry with the same key and body within 24 h
replays the original response with \`Idempotent-Replayed: true\`.`;

export function buildOpenApi(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Business Command Center API')
    .setDescription(API_DESCRIPTION)
    .setVersion(APP_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'JWT access token or partner API token (bcc_pat_…)' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * The fully configured application (used by the server and by the tests, so
 * both run the same pipeline): helmet, CORS allow-list, pino request logs,
 * validation → 422, problem+json errors, OpenAPI at /api/docs, and the console
 * served from frontend/dist with an SPA fallback.
 */
export async function createApp(cfg: AppConfig, opts: { logger?: Logger } = {}): Promise<NestExpressApplication> {
  const logger = opts.logger ?? createLogger(cfg.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(cfg), {
    logger: cfg.logLevel === 'silent' ? false : new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.set('trust proxy', cfg.trustProxy);
  app.disable('x-powered-by');
  app.use(httpLogger(logger));
  app.use(responseStatusOverride);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: cfg.httpsOnly ? [] : null,
        },
      },
      // HSTS only where the deployment is HTTPS-only (plain-HTTP LAN installs must keep working).
      strictTransportSecurity: cfg.httpsOnly ? { maxAge: 31536000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableCors({
    origin: cfg.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Accept-Language'],
    exposedHeaders: ['Idempotent-Replayed', 'X-Request-Id', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
  // A generous per-address cap (offices share one IP); failed logins have
  // their own strict, database-backed throttle (auth.login_throttle).
  app.use(
    '/api',
    rateLimit({
      windowMs: 60_000,
      limit: cfg.generalRateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (req) => req.path.startsWith('/health'),
      handler: (_req, res, _next, options) => {
        res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)));
        res.status(429).type('application/problem+json').send(
          JSON.stringify({ type: problemType(429), title: TITLES[429], status: 429, detail: 'Too many requests from this address; please slow down' }),
        );
      },
    }),
  );
  // A body the API cannot read (form-encoded, text, XML …) is refused as such
  // (415), never silently treated as an empty one: on an all-optional PATCH
  // that would answer 200 for a request that changed nothing.
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && (req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT')
        && !/^\s*(application\/json|multipart\/form-data)\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''))) {
      res.status(415).type('application/problem+json').send(
        JSON.stringify({ type: problemType(415), title: TITLES[415], status: 415, detail: 'Send the request body as application/json (uploads as multipart/form-data)' }),
      );
      return;
    }
    next();
  });
  // After helmet, CORS and the limits, so a malformed or oversized body is
  // answered with the same security headers as everything else.
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => buildOpenApi(app), {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { persistAuthorization: true },
  });

  const index = join(CONSOLE_DIR, 'index.html');
  if (cfg.serveConsole && existsSync(index)) {
    app.useStaticAssets(CONSOLE_DIR, { index: false, maxAge: '1h', immutable: false });
    app.use((req: Request, res: Response, next: NextFunction) => {
      if ((req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api') && req.accepts('html')) {
        res.setHeader('Cache-Control', 'no-cache');
        res.sendFile(index);
        return;
      }
      next();
    });
  }
  // Errors thrown before Nest's router (body parser) also become problem+json.
  const filter = new ProblemFilter();
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const body = filter.toProblem(err, req);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  });
  return app;
}
