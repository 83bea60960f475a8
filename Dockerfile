# syntax=docker/dockerfile:1
# Appeals: one image for every role. ROLE=api (HTTP), ROLE=worker (queue consumers, the bounce
# listener, maintenance timers) or ROLE=all decides what a container does; see docker-compose.yml
# (profile "scale") for two API and three worker processes behind nginx.
#
#   docker build -t appeals .
#   docker run --rm -e NODE_ENV=production -e DATABASE_URL=... appeals node dist/database/migrate.js
#   docker run -d -e ROLE=api ... -p 3000:3000 appeals

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# `node dist/database/migrate.js` applies these (the server never migrates in production)
COPY --chown=node:node migrations ./migrations
USER node
# 3000: HTTP (api, all); 9464: /metrics and /health of a worker-only process; 2525: the bounce listener when BOUNCE_SMTP_PORT=2525
EXPOSE 3000 9464 2525
# /health answers 200 while PostgreSQL and Redis do: on PORT for api and all, on METRICS_PORT for a worker
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "-e", "const p = process.env.ROLE === 'worker' ? process.env.METRICS_PORT || 9464 : process.env.PORT || 3000; fetch('http://127.0.0.1:' + p + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
