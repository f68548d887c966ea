/** The `cutover new-domain` command (see docs/adding-a-domain.md). */
import path from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { UsageError } from '../runner.ts';
import { DomainNameError, domainNames } from './names.ts';
import { generateDomainMigrations, ScaffoldMigrationError } from './migrations.ts';
import { ScaffoldRegistrationError } from './register.ts';
import { nextSteps, planScaffold, ScaffoldConflictError, writeScaffold } from './index.ts';

interface Options {
  dir?: string;
  plural?: string;
  dryRun?: boolean;
  migrations?: boolean;
}

/** Refusals become one-line usage errors (exit 2); anything else is a defect and stays as it is. */
const asUsage = (e: unknown): never => {
  if (e instanceof DomainNameError || e instanceof ScaffoldConflictError || e instanceof ScaffoldRegistrationError || e instanceof ScaffoldMigrationError) {
    throw new UsageError(`new-domain ${e.message}`);
  }
  throw e;
};

/** Adds `new-domain` to the `cutover` program. */
export function registerNewDomainCommand(cli: Command): void {
  cli
    .command('new-domain')
    .description('scaffold a domain (schema, contract, model, commands, examples, Mongo and Drizzle implementations, stored spec) and register it; it fails cutover check until its SCAFFOLD spots are written')
    .argument('<name>', 'the domain name, lower-case kebab case (for example gift-card)')
    .option('--dir <dir>', 'the project root (default: the current directory)')
    .option('--plural <name>', 'the plural in kebab case when the regular rule is wrong (person: --plural people); names the table and collection')
    .option('--dry-run', 'list the files it would write and change; write nothing')
    .option('--migrations', "instead of scaffolding, generate the scaffolded domain's migrations: drizzle-kit generate, and a custom migration with the id_map trigger")
    .action(async (name: string, o: Options) => {
      const dir = path.resolve(o.dir ?? process.cwd());
      if (o.migrations) {
        if (o.dryRun) throw new UsageError('new-domain: --migrations and --dry-run do not go together (drizzle-kit writes as it goes)');
        const names = (() => {
          try {
            return domainNames(name, o.plural);
          } catch (e) {
            return asUsage(e);
          }
        })();
        const steps = await generateDomainMigrations(dir, names).catch(asUsage);
        console.log(steps.generate);
        console.log(steps.customFile ? `wrote the ${names.table}_id_map trigger into ${steps.customFile}` : `a migration already creates ${names.table}_id_map: no custom migration added`);
        console.log(`next: npx cutover migrate --check, then npx cutover check --domain ${names.kebab}`);
        return;
      }
      const plan = await planScaffold({ name, dir, ...(o.plural !== undefined && { plural: o.plural }) }).catch(asUsage);
      const verb = o.dryRun ? 'would create' : 'created';
      if (!o.dryRun) await writeScaffold(plan, dir);
      for (const f of plan.files) console.log(`${verb} ${f.path}`);
      for (const e of plan.edits) console.log(`${o.dryRun ? 'would change' : 'changed'} ${e.path}`);
      if (o.dryRun) {
        console.log(pc.dim('dry run: nothing written'));
        return;
      }
      console.log(`\nDomain ${plan.names.kebab} is registered (table ${plan.names.table}, collection ${plan.names.collection}). Next:`);
      for (const l of nextSteps(plan)) console.log(l);
    });
}
