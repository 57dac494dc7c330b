// `npm run format` / `npm run format:check` (run by `npm test`). Tailwind classes are sorted by the plugin.
const config = {
  printWidth: 120,
  plugins: ["prettier-plugin-tailwindcss"],
};

export default config;
