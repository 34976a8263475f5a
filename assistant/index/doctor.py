"""Index health: check an index directory and repair what can be repaired without the source files.

Checks, in order (each needs the ones before it):
  catalog   SQLite integrity; --repair salvages a damaged file row by row into a fresh one, keeping the damaged copy
  manifest  the embedding model, dimension, chunking and format the index was built with, against the settings;
            a lost or unreadable manifest is rewritten only when stored vectors prove they come from the current model
  store     the vector store opens and answers, read in a child process (a damaged file can crash its reader);
            one a kill broke is moved aside and rebuilt from the catalog, re-embedding only what Chroma's log lost
  papers    records whose paper was never finished (an interrupted ingest), papers without chunk rows: finished
  vectors   catalog chunks without a vector, or with the vector of older text: re-embedded, only those
  orphans   vectors that no catalog chunk owns: deleted
  keywords  the keyword (BM25) index missing or not matching the catalog's chunks: rebuilt
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperchat.assistant.index.catalog_repair import fresh_catalog, integrity_problems, restore_records, salvage_catalog
from paperchat.assistant.index.store_probe import ID_BATCH, error_line

REPAIR = "paperchat doctor --repair"
REBUILD = "paperchat ingest --rebuild PATH..."
NO_MANIFEST = "no manifest: nothing records which embedding model made the vectors"
SAME_MODEL_SIMILARITY = 0.98  # a stored vector re-embedded by the same model comes back (almost) identical


@dataclass
class Finding:
    check: str
    ok: bool
    detail: str
    repaired: bool = False
    fix: str = ""

    @property
    def settled(self) -> bool:
        return self.ok or self.repaired


def diagnose(index_dir: Path, settings: Any, repair: bool = False) -> list[Finding]:
    """Every check's finding; with `repair`, what could be fixed is fixed and marked so."""
    from paperchat.assistant.config import offline_environment

    offline_environment()
    if not (index_dir / "catalog.sqlite").exists() and not (index_dir / "chroma").exists():
        return [Finding("index", False, f"no index at {index_dir}", fix="paperchat ingest PATH...")]
    findings = [check_catalog(index_dir / "catalog.sqlite", repair)]
    if not findings[0].settled:
        return findings
    salvaged = findings[0].repaired
    manifest = check_manifest_file(index_dir, settings, repair)
    findings.append(manifest)
    if not manifest.settled and manifest.detail != NO_MANIFEST:
        return findings  # opening the index with a mismatched or unreadable manifest fails, and should
    from paperchat.assistant.embedding.backends import make_embedding
    from paperchat.assistant.index.paper_index import PaperIndex

    try:
        index = PaperIndex(index_dir, settings, make_embedding(settings))
    except Exception as error:  # reported like any other finding: doctor never fails on what it finds
        return [*findings, _failed("store", error, "the index will not open")]
    try:
        store = _check_store(index, repair)  # every check below reads or writes the store
        if not store.settled:
            return [*findings, store]
        if manifest.repaired:
            findings[-1] = _verify_model(index, manifest)
            if not findings[-1].settled:
                return [*findings, store]
        findings.append(store)
        for check, run in (
            ("papers", lambda: _check_papers(index, repair, salvaged)),
            ("vectors", lambda: _check_vectors(index, repair)),
            ("orphans", lambda: _check_orphans(index, repair, salvaged)),
            ("keywords", lambda: _check_keywords(index, repair)),
        ):
            try:
                findings.append(run())
            except Exception as error:  # a read a damaged index fails: that is this check's finding; go on
                findings.append(_failed(check, error))
        if repair and any(f.repaired for f in findings):
            index.update_manifest()  # counts in the manifest follow the repaired catalog
    finally:
        index.catalog.close()
    return findings


def _failed(check: str, error: Exception, what: str = "could not be checked") -> Finding:
    """A check that failed on what it read; --repair would fail on the same read, so the fix is a rebuild."""
    return Finding(check, False, f"{what}: {error_line(error)}", fix=REBUILD)


# --- catalog ----------------------------------------------------------------------------------------------------
def check_catalog(path: Path, repair: bool) -> Finding:
    if not path.exists():
        detail = "no catalog file; vectors exist without it"
        if repair:
            fresh_catalog(path)
            return Finding("catalog", False, f"{detail}: created an empty one; re-ingest the sources", repaired=True)
        return Finding("catalog", False, detail, fix=REPAIR)
    problems = integrity_problems(path)
    if not problems:
        return Finding("catalog", True, "SQLite integrity check passed")
    detail = f"{path} is damaged: {'; '.join(problems[:3])}"
    if not repair:
        return Finding("catalog", False, detail, fix=REPAIR)
    kept, counts = salvage_catalog(path)
    rows = ", ".join(f"{n} {table}" for table, n in counts.items())
    return Finding(
        "catalog", False, f"{detail}. Salvaged {rows} into a fresh catalog; the damaged file is {kept}", repaired=True
    )


def check_manifest_file(index_dir: Path, settings: Any, repair: bool) -> Finding:
    from paperchat.assistant.embedding.backends import embedding_identity
    from paperchat.assistant.errors import IndexMismatchError
    from paperchat.assistant.index.manifest import check_manifest

    expected = {
        "embedding": embedding_identity(settings),
        "chunking": {"chunk_tokens": settings.ingest.chunk_tokens, "chunk_overlap": settings.ingest.chunk_overlap},
    }
    path = index_dir / "manifest.json"
    try:
        check_manifest(index_dir, expected)
    except IndexMismatchError as error:
        if "unreadable manifest" not in str(error):
            return Finding("manifest", False, str(error), fix=REBUILD)
        if not repair:
            return Finding("manifest", False, str(error), fix=REPAIR)
        os.replace(path, path.with_name(f"manifest.json.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
        return Finding("manifest", False, "unreadable manifest set aside", repaired=True)
    if path.exists():
        return Finding("manifest", True, "built with the embedding model, chunking and format in use")
    # Proving which model made the vectors takes the model, so with --repair it is done once the index is open.
    return Finding("manifest", False, NO_MANIFEST, repaired=repair, fix=REPAIR)


def _verify_model(index: Any, finding: Finding) -> Finding:
    """After a lost manifest: re-embed a few stored chunks; matching vectors prove the current model made them."""
    import numpy as np

    from paperchat.assistant.index.manifest import write_manifest

    sample = [(cid, text) for cid, _, text in index.catalog.all_chunks()[:3]]
    stored = index.store.vectors([cid for cid, _ in sample])
    pairs = [(stored[cid], text) for cid, text in sample if cid in stored]
    if pairs:
        old, new = np.array([v for v, _ in pairs]), np.array(index.embed([t for _, t in pairs]))
        same_size = old.shape == new.shape
        similarity = float(
            ((old * new).sum(1) / np.linalg.norm(old, axis=1) / np.linalg.norm(new, axis=1)).min() if same_size else 0.0
        )
        if similarity < SAME_MODEL_SIMILARITY:  # keep the index refusing to open until it is rebuilt
            unknown = {"backend": "unknown", "model": "unknown (not the configured model)", "dimension": None}
            write_manifest(index.index_dir, {"embedding": unknown, "chunking": index._expected_manifest()["chunking"]})
            return Finding(
                "manifest",
                False,
                f"{finding.detail}; stored vectors were not made by "
                f"{index.identity.get('model')} (similarity {similarity:.2f})",
                fix=REBUILD,
            )
    index.update_manifest()
    proof = f"{len(pairs)} stored vectors match the current model" if pairs else "the index holds no vectors yet"
    return Finding("manifest", False, f"{finding.detail}; rewritten ({proof})", repaired=True)


# --- store, papers, vectors, orphans, keywords ------------------------------------------------------------------
def _check_store(index: Any, repair: bool) -> Finding:
    from paperchat.assistant.index.store_repair import rebuild_store, store_problem

    problem = store_problem(index.store)
    if problem is None:
        return Finding("store", True, "the vector store opens and answers")
    detail = f"the vector store will not open ({problem})"
    if index.settings.chroma_host:  # a server's storage is the server's to repair
        return Finding("store", False, detail, fix="see the Chroma server's log; unset PAPERCHAT_CHROMA_HOST")
    if not repair:
        return Finding("store", False, detail, fix=REPAIR)
    done = rebuild_store(index)
    return Finding("store", False, f"{detail}: rebuilt from the catalog, {done.recovered} vectors recovered, "
                   f"{done.reembedded} chunks re-embedded; the damaged store is {done.kept_at}", repaired=True)


def _check_papers(index: Any, repair: bool, salvaged: bool) -> Finding:
    db = index.catalog.db
    unfinished = db.execute(
        "SELECT count(DISTINCT coalesce(paper_id, 'title:' || title_key)) FROM records "
        "WHERE paper_id IS NULL OR paper_id NOT IN (SELECT paper_id FROM papers)"
    ).fetchone()[0]
    no_records = [
        r[0]
        for r in db.execute(
            "SELECT record FROM papers WHERE paper_id NOT IN (SELECT paper_id FROM records WHERE paper_id IS NOT NULL)"
        )
    ]
    chunkless = [
        r[0]
        for r in db.execute("SELECT paper_id FROM papers WHERE paper_id NOT IN (SELECT DISTINCT paper_id FROM chunks)")
    ]
    if not (unfinished or chunkless or no_records):
        return Finding("papers", True, f"{index.catalog.counts()['papers']} papers, every one finished")
    detail = f"{unfinished} papers never finished, {len(chunkless)} papers without chunks"
    if no_records:  # after a salvage their records were lost; otherwise a removal was interrupted
        detail += f", {len(no_records)} papers " + ("whose records were lost" if salvaged else "removed but indexed")
    if not repair:
        return Finding("papers", False, detail, fix=REPAIR)
    if salvaged:
        restore_records(index.catalog.db, no_records)
    for paper_id in chunkless:
        index.catalog.delete_paper(paper_id)  # its records stay: the ingest below rebuilds it, re-using stored vectors
    index.catalog.mark_disagreeing_keys()  # what the checks above found, whatever left it, is what ingest finishes
    report = index.ingest([])
    return Finding(
        "papers",
        False,
        f"{detail}: finished {len(report.new) + len(report.updated)}, removed "
        f"{len(report.removed)}, {report.chunks_embedded} chunks embedded",
        repaired=True,
    )


def _check_vectors(index: Any, repair: bool) -> Finding:
    wanted = dict(
        index.catalog.db.execute(
            "SELECT c.chunk_id, c.text_hash FROM chunks c JOIN papers p ON p.paper_id = c.paper_id"
        )
    )
    ids = sorted(wanted)
    stored: dict[str, str] = {}
    for start in range(0, len(ids), ID_BATCH):
        stored.update(index.store.text_hashes(ids[start : start + ID_BATCH]))
    missing = [cid for cid in ids if cid not in stored]
    stale = [cid for cid in ids if cid in stored and stored[cid] != wanted[cid]]
    if not missing and not stale:
        return Finding("vectors", True, f"all {len(ids)} chunks have their vector")
    detail = f"{len(missing)} of {len(ids)} chunks have no vector, {len(stale)} have the vector of older text"
    if not repair:
        return Finding("vectors", False, detail, fix=REPAIR)
    from paperchat.assistant.index.store_repair import reembed

    embedded = reembed(index, missing + stale)
    return Finding("vectors", False, f"{detail}: re-embedded those {embedded}", repaired=True)


def _check_orphans(index: Any, repair: bool, salvaged: bool) -> Finding:
    known = index.catalog.all_chunk_ids()
    orphans = sorted(index.store.all_ids() - known)
    if not orphans:
        return Finding("orphans", True, "no vector without a catalog chunk")
    detail = f"{len(orphans)} vectors belong to no catalog chunk"
    metadata = index.store.all_metadata()
    sources = sorted({metadata.get(cid, {}).get("source", "") for cid in orphans} - {""})
    if salvaged:
        # They may be the only copy of what the damaged catalog described: ingesting the sources re-uses them.
        return Finding("orphans", False, f"{detail}; kept for re-use", fix="paperchat ingest " + " ".join(sources))
    if index.settings.chroma_host:
        # On a server another index may share this collection: only vectors from this catalog's sources are ours.
        ours = set(index.catalog.sources())
        foreign = [cid for cid in orphans if metadata.get(cid, {}).get("source") not in ours]
        orphans = [cid for cid in orphans if cid not in set(foreign)]
        if foreign:
            detail += (
                f"; {len(foreign)} come from files this index never read: another index may share collection "
                f"{index.settings.collection!r} (give each index its own PAPERCHAT_COLLECTION); kept"
            )
    if not repair or not orphans:
        return Finding("orphans", False, detail, fix=REPAIR if orphans else "")
    for start in range(0, len(orphans), ID_BATCH):
        index.store.delete(orphans[start : start + ID_BATCH])
    return Finding("orphans", False, f"{detail}: deleted {len(orphans)}", repaired=not detail.endswith("kept"))


def _check_keywords(index: Any, repair: bool) -> Finding:
    from paperchat.assistant.index.keywords import KeywordIndex

    known = index.catalog.all_chunk_ids()
    try:  # opened directly: PaperIndex.keywords would quietly rebuild a missing index
        keywords = KeywordIndex.open(index.keywords_path)
        have, damage = (keywords.indexed_ids() if keywords is not None else None), ""
    except Exception as error:  # a damaged segment fails inside tantivy; rebuilding is the cure either way
        have, damage = None, f" ({type(error).__name__})"
    if have == known or (have is None and not known and not damage):
        return Finding("keywords", True, f"keyword index covers all {len(known)} chunks")
    detail = (
        "keyword index missing or unreadable" + damage
        if have is None
        else (f"keyword index stale: {len(known - have)} chunks missing, {len(have - known)} extra")
    )
    if not repair:
        return Finding("keywords", False, detail, fix=REPAIR)
    index.rebuild_keywords()
    return Finding("keywords", False, f"{detail}: rebuilt", repaired=True)
