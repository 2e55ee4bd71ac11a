// Built into dist/ (index.html + content-hashed assets/), which the gateway serves at / (ADR 0110).
// `npm run dev` proxies the API to a local `make run` gateway.
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/readyz": "http://127.0.0.1:8080" } },
  test: { include: ["tests/**/*.test.ts"], environment: "node" },
});
