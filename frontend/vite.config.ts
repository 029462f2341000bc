/// <reference types="vitest/config" />
// One bundle per entry, built one after another (`vite build --mode app|builder|dag`, see
// package.json): fixed entry names, no chunks shared between entries, so static/dist is
// byte-identical from build to build and each page loads <entry>.js + <entry>.css. A dynamic
// import() becomes a chunk of its entry, <entry>-<name>-<hash>.js, loaded when it is first needed
// (elkjs), with the CommonJS helpers that both use in a small chunk beside it.
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const ENTRIES: Record<string, string> = {
  app: "src/app.ts",
  builder: "src/builder/index.tsx",
  dag: "src/dag/index.tsx",
};

export default defineConfig(({ mode }) => {
  const entry = ENTRIES[mode] ?? ENTRIES.app;
  const name = ENTRIES[mode] ? mode : "app";
  return {
    plugins: [react()],
    base: "./",
    publicDir: false,
    define: { "process.env.NODE_ENV": JSON.stringify(mode === "test" ? "test" : "production") },
    build: {
      outDir: resolve(__dirname, "../static/dist"),
      // The app build runs first and empties the directory; builder and dag add to it.
      emptyOutDir: name === "app",
      target: "es2020",
      sourcemap: false,
      modulePreload: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: { [name]: resolve(__dirname, entry) },
        output: {
          format: "es",
          entryFileNames: "[name].js",
          // Content-hashed: the page loads its entry under Django's hashed name, but nothing rewrites
          // the imports inside it, so a chunk's own name must change with its content.
          chunkFileNames: `${name}-[name]-[hash].js`,
          // Rollup's CommonJS helpers get a chunk of their own: a chunk that imported them from the
          // entry would load "<entry>.js" a second time in production, where the page loads the
          // entry under its hashed name (ManifestStaticFilesStorage) and nothing rewrites imports.
          // So does Vite's preload helper in the builder, whose code is a chunk that builder.js imports
          // (src/builder/index.tsx) and that imports elkjs in turn.
          manualChunks: (id) =>
            id.includes("commonjsHelpers") || (name === "builder" && id.includes("vite/preload-helper")) ? "commonjs" : undefined,
          assetFileNames: "[name][extname]",
        },
      },
    },
    test: {
      environment: "jsdom",
      include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
      watch: false,
    },
  };
});
