# The backend in a container (docs/deploy.md):
#   docker build -t social-login-backend .
#   docker run -d -p 8787:8787 -v social-login-data:/data --env-file backend.env social-login-backend
# Every setting and every secret comes from the environment at run time; none is in the image.
# test/server/production.test.ts runs the same npm commands as the RUN steps below.

ARG NODE_VERSION=22

# 1. The widget (dist/social-login.js, .br, .gz) and the compiled server (dist/server/). Nothing
#    is compiled from C: the SQLite driver (libsql) comes as a prebuilt binary from the npm registry.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies alone.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. What runs: Node, production dependencies, dist/. package.json stays: it makes dist/server's
#    files ES modules and marks the folder the backend finds dist/social-login.js in.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    PORT=8787 \
    DATABASE_URL=file:/data/social-login.sqlite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/main.js"]
