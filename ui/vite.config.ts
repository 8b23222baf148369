import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The Tauri app embeds ui/dist (tauri.conf.json "frontendDist": "ui/dist") and
// loads http://localhost:5173 in `tauri dev`, so the port must not drift.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  resolve: {
    alias: {
      $lib: fileURLToPath(new URL("./src/lib", import.meta.url)),
    },
  },
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
});
