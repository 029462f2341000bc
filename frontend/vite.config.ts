/// <reference types="vitest/config" />
// One self-contained bundle per entry, built one after another (`vite build --mode app|builder|dag`,
// see package.json): fixed file names, no hashes, no shared chunks, so static/dist is byte-identical
// from build to build and each page loads exactly <entry>.js + <entry>.css.
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
          assetFileNames: "[name][extname]",
          inlineDynamicImports: true,
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
