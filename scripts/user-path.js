#!/usr/bin/env node
// The user's path, from the packed package: `npm pack`, then for every template in
// templates/manifest.json `golem-ts new app-T --template T --sdk file:<tarball>` in a temp dir
// outside the repo, install, build (first and cached), `tsc --noEmit` (bundler and nodenext)
// and `npm test`. One `npm install` serves every project (an npm workspace over app-*: the
// native better-sqlite3 compiles once); `--standalone T` also installs project T on its own, the
// way a user does (another native compile, so CI leaves it out). Prints a table of times.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm, pack, quietNpm, scaffold, templateKinds } from './user-project.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const kinds = templateKinds(repo);
const templates = Object.keys(kinds);
const standalone = opt('--standalone');
const keep = args.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'golem-ts-user-path-'));
const times = {};

function run(cmd, cmdArgs, cwd, label) {
  const started = Date.now();
  console.log(`\n$ ${cmd} ${cmdArgs.join(' ')}    (in ${relative(work, cwd) || '.'})`);
  execFileSync(cmd, cmdArgs, { cwd, stdio: 'inherit', env: quietNpm });
  const s = (Date.now() - started) / 1000;
  if (label) times[label] = s;
  return s;
}

function tree(dir, base = dir) {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tree(p, base) : [[relative(base, p), readFileSync(p, 'utf8')]];
  });
}

const started = Date.now();
try {
  // 1. The tarball, exactly as `npm publish` would ship it.
  const packed = pack(repo, work);
  const tarball = packed.tarball;
  console.log(`packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KiB`);

  // 2. One project per template, scaffolded by the checkout's CLI.
  const ws = join(work, 'projects');
  mkdirSync(ws);
  for (const t of templates) {
    console.log(`\n$ golem-ts new app-${t} --template ${t}    (in projects)`);
    scaffold(repo, { name: `app-${t}`, template: t, tarball, cwd: ws });
  }

  // 3. One install for all of them.
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'user-path', private: true, workspaces: templates.map((t) => `app-${t}`) }, null, 2));
  run(npm, ['install', '--prefer-offline'], ws, 'install (all projects, shared)');
  const shims = execFileSync('find', [ws, '-path', '*@bytecodealliance/preview2-shim/package.json', '-not', '-path', '*/.golem-ts/*'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  console.log(`preview2-shim copies installed: ${shims.length} (${shims.map((f) => JSON.parse(readFileSync(f, 'utf8')).version).join(', ')})`);

  // 4. The tarball's own bin scaffolds the same projects.
  const viaTarball = join(work, 'via-tarball');
  mkdirSync(viaTarball);
  for (const t of templates) {
    run(join(ws, 'node_modules/.bin/golem-ts'), ['new', `app-${t}`, '--template', t, '--sdk', `file:${tarball}`], viaTarball);
    const a = JSON.stringify(tree(join(viaTarball, `app-${t}`)));
    const b = JSON.stringify(tree(join(ws, `app-${t}`)).filter(([f]) => !/^(node_modules|dist|\.golem-ts)\//.test(f)));
    if (a !== b) throw new Error(`app-${t}: the tarball's bin scaffolds different files than the checkout's`);
  }

  // 5. Build, type-check and test every project.
  for (const t of templates) {
    const dir = join(ws, `app-${t}`);
    run(npm, ['run', 'build'], dir, `${t}: first build`);
    run(npm, ['run', 'build'], dir, `${t}: cached build`);
    run(npm, ['exec', '--', 'tsc', '--noEmit'], dir, `${t}: tsc (bundler)`);
    // Agent projects keep Golem's own tsconfig (bundler resolution, extensionless imports as `golem new` writes them).
    if (kinds[t] !== 'agent') {
      writeFileSync(join(dir, 'tsconfig.nodenext.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
      run(npm, ['exec', '--', 'tsc', '--noEmit', '-p', 'tsconfig.nodenext.json'], dir, `${t}: tsc (nodenext)`);
    }
    run(npm, ['test'], dir, `${t}: test`);
  }

  // 6. One project installed on its own, as a user does it.
  if (standalone) {
    const dir = join(work, `standalone-${standalone}`);
    cpSync(join(viaTarball, `app-${standalone}`), dir, { recursive: true });
    run(npm, ['install', '--prefer-offline'], dir, `${standalone}: install (standalone)`);
    run(npm, ['run', 'build'], dir, `${standalone}: first build (standalone)`);
    run(npm, ['exec', '--', 'tsc', '--noEmit'], dir, `${standalone}: tsc (standalone)`);
    run(npm, ['test'], dir, `${standalone}: test (standalone)`);
  }

  console.log('\nuser path: times (s)');
  for (const [label, s] of Object.entries(times)) console.log(`  ${label.padEnd(40)} ${s.toFixed(1)}`);
  console.log(`user path: ${templates.length} templates passed in ${((Date.now() - started) / 1000).toFixed(0)} s on Node ${process.version}`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
