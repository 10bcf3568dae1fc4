// projects.js — the pull of a handler's 我单位的项目 for offline use, a step of every sync
// run (engine.js) after the items. The pull API carries items only, so the unit's
// projects are read from GET /projects (the server scopes a handler to their unit), all
// pages, and kept through the store; a project whose `updated_at` moved (progress, an
// office edit, a verification) or that was never read whole has its detail fetched
// (GET /projects/<id>: milestones and the latest progress), at most PREFETCH a run, the
// rest on the next. A refused read (an older server, a role taken away) keeps what the
// phone has; network trouble ends the run like the item pull, to be retried.

import * as client from './client.js';
import * as db from '../store/db.js';

const PER_PAGE = 200;
const PAGES = 10;
const PREFETCH = 50;

async function listAll() {
  const rows = [];
  for (let page = 1; page <= PAGES; page += 1) {
    const answer = await client.projects(page, PER_PAGE);
    rows.push(...answer.projects);
    if (!answer.projects.length || rows.length >= (answer.total ?? 0)) break;
  }
  return rows;
}

// Whether the kept copy lacks what the server now says of the project.
const stale = (kept, row) => !kept?.detailOf || kept.detailOf !== row.updated_at;

export async function pullProjects() {
  let rows;
  try {
    rows = await listAll();
  } catch (err) {
    if (err.kind === 'client') return;
    throw err;
  }
  const kept = new Map((await db.listProjects()).map((p) => [p.id, p]));
  const now = new Date().toISOString();
  const merged = rows.map((row) => {
    const old = kept.get(row.id);
    return { ...old, ...row, fetchedAt: now, detailOf: stale(old, row) ? null : old.detailOf };
  });
  await db.replaceProjects(merged);
  await db.kvSet('projectsFetchedAt', now);
  for (const row of merged.filter((p) => !p.detailOf).slice(0, PREFETCH)) {
    try {
      const detail = await client.project(row.id);
      await db.putProject({ ...detail, fetchedAt: new Date().toISOString(),
        detailOf: detail.updated_at });
    } catch (err) {
      if (err.kind !== 'client') throw err; // a 404: moved away meanwhile, gone next run
    }
  }
}
