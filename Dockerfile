# syntax=docker/dockerfile:1
# The context7-training App. Build: docker build -t context7-training .
# Run:   docker run -d --name context7-training --env-file .env -p 3000:3000 context7-training
# The image holds the bundled server (release/server.js) and app.yml: no node_modules, no
# dev dependency, run by the unprivileged `node` user.

# 1. Build the bundles from source with the locked dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run bundle

# 2. The runtime: the server bundle and the App manifest only.
FROM node:20-bookworm-slim
# HOST: Probot listens on localhost otherwise, which a published port cannot reach.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /src/release/server.js /src/release/licenses.txt ./release/
COPY --from=build --chown=node:node /src/app.yml /src/LICENSE ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "release/server.js"]
