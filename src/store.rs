//! The graph store: a knowledge graph in one SQLite file (`whosaid build --db corpus.db`) that
//! `trace`, `query`, `stats`, `report` and `merge` read without loading the whole graph.
//!
//! The store holds every node and edge as its graph JSON (so the graph can be read back
//! exactly, and JSON stays the interchange format), indexed by id, source and target; a row per
//! claim with the figures `query` filters on and `stats` counts (articles, chains,
//! corroboration, single-source, state media, anonymous, best confidence); the claims' speakers,
//! outlets, articles and attributions (each as its report gives it, with the articles' details
//! kept once); an index of the words of each claim, which `trace` scores with the same
//! arithmetic as [`crate::query::trace`]; and `claim_text`, an FTS5 full-text index of every
//! wording of every claim for analysts who open the file with `sqlite3` or Datasette. The tables
//! are described in docs/formats.md.
//!
//! Answers from a store equal those from the graph JSON it was written from: a claim's report
//! is worked out by [`query::claim_report`] when the store is written and read back from the
//! claim tables; `report` ranks claims by their rows, and pictures read only the part of the
//! graph they draw into a small [`KnowledgeGraph`] ([`Store::part`]). A store is written to a
//! temporary file and renamed into place.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::graph::{
    Edge, EdgeKind, GraphBuilder, GraphMeta, GraphSource, KnowledgeGraph, Node, NodeKind,
};
use crate::query::{self, ClaimReport, ClaimSummary, Filter, Stats, Tally};

/// The value of the store's `schema` row.
pub const DB_SCHEMA: &str = "whosaid.db/v3";

const TABLES: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes(id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE edges(source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL,
                   json TEXT NOT NULL);
CREATE TABLE claims(id TEXT NOT NULL, text TEXT NOT NULL, articles INTEGER NOT NULL,
                    outlets INTEGER NOT NULL, chains INTEGER NOT NULL,
                    corroboration INTEGER NOT NULL, single_source INTEGER NOT NULL,
                    state_media INTEGER NOT NULL, anonymous INTEGER NOT NULL,
                    confidence REAL NOT NULL, quote TEXT);
CREATE TABLE claim_speakers(claim TEXT NOT NULL, speaker TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE claim_via(claim TEXT NOT NULL, via TEXT NOT NULL);
CREATE TABLE claim_cues(claim TEXT NOT NULL, cue TEXT NOT NULL);
CREATE TABLE claim_outlets(claim TEXT NOT NULL, outlet TEXT NOT NULL);
CREATE TABLE claim_articles(claim TEXT NOT NULL, article TEXT NOT NULL);
CREATE TABLE claim_words(word TEXT NOT NULL, claim TEXT NOT NULL);
CREATE TABLE claim_provenance(claim TEXT NOT NULL, article TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE article_refs(id TEXT NOT NULL, json TEXT NOT NULL);
CREATE VIRTUAL TABLE claim_text USING fts5(claim UNINDEXED, text);
";

/// Made after the rows are in: one sort per index instead of a tree grown row by row.
const INDEXES: &str = "
CREATE UNIQUE INDEX nodes_id ON nodes(id);
CREATE INDEX nodes_kind ON nodes(kind);
CREATE INDEX edges_source ON edges(source);
CREATE INDEX edges_target ON edges(target, kind);
CREATE UNIQUE INDEX claims_id ON claims(id);
CREATE INDEX claim_speakers_speaker ON claim_speakers(speaker);
CREATE INDEX claim_speakers_kind ON claim_speakers(kind);
CREATE INDEX claim_speakers_claim ON claim_speakers(claim);
CREATE INDEX claim_via_claim ON claim_via(claim);
CREATE INDEX claim_cues_claim ON claim_cues(claim);
CREATE INDEX claim_outlets_outlet ON claim_outlets(outlet);
CREATE INDEX claim_outlets_claim ON claim_outlets(claim);
CREATE INDEX claim_articles_article ON claim_articles(article);
CREATE INDEX claim_articles_claim ON claim_articles(claim);
CREATE INDEX claim_words_word ON claim_words(word, claim);
CREATE INDEX claim_provenance_claim ON claim_provenance(claim);
CREATE UNIQUE INDEX article_refs_id ON article_refs(id);
";

/// True when `path` starts like an SQLite database.
pub fn is_store(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

/// Writes `g` as a store at `path`, replacing any file there only once the store is complete.
pub fn write_store(g: &KnowledgeGraph, path: &Path) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| Error::Store {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    if path.exists() && !path.is_file() {
        return Err(fail(&"a graph store is written to a file"));
    }
    let tmp = crate::output::temp_beside(path)?;
    let mut conn = Connection::open(tmp.path()).map_err(|e| fail(&e))?;
    fill(g, &mut conn).map_err(|e| fail(&e))?;
    conn.close().map_err(|(_, e)| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The node kind whose name ([`NodeKind::as_str`]) is `name`.
fn kind_named(name: &str) -> Option<NodeKind> {
    NodeKind::ALL.into_iter().find(|k| k.as_str() == name)
}

/// A count as SQLite's integer.
fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// SQLite's integer as a count.
fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn json<T: serde::Serialize>(v: &T) -> rusqlite::Result<String> {
    serde_json::to_string(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn fill(g: &KnowledgeGraph, conn: &mut Connection) -> rusqlite::Result<()> {
    // a new file written once: no journal, no syncs until the end
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.execute_batch(TABLES)?;
    let tx = conn.transaction()?;
    {
        let mut meta = tx.prepare("INSERT INTO meta VALUES (?1, ?2)")?;
        meta.execute(params!["schema", DB_SCHEMA])?;
        meta.execute(params!["graph", json(&g.meta())?])?;
        let mut node = tx.prepare("INSERT INTO nodes VALUES (?1, ?2, ?3, ?4)")?;
        for n in g.nodes() {
            node.execute(params![n.id, n.kind.as_str(), n.label, json(n)?])?;
        }
        let mut edge = tx.prepare("INSERT INTO edges VALUES (?1, ?2, ?3, ?4)")?;
        for e in g.edges() {
            edge.execute(params![e.source, e.target, e.kind.as_str(), json(e)?])?;
        }
        let mut claim =
            tx.prepare("INSERT INTO claims VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?;
        let mut speaker = tx.prepare("INSERT INTO claim_speakers VALUES (?1, ?2, ?3)")?;
        let mut via = tx.prepare("INSERT INTO claim_via VALUES (?1, ?2)")?;
        let mut cue = tx.prepare("INSERT INTO claim_cues VALUES (?1, ?2)")?;
        let mut outlet = tx.prepare("INSERT INTO claim_outlets VALUES (?1, ?2)")?;
        let mut article = tx.prepare("INSERT INTO claim_articles VALUES (?1, ?2)")?;
        let mut word = tx.prepare("INSERT INTO claim_words VALUES (?1, ?2)")?;
        let mut text = tx.prepare("INSERT INTO claim_text VALUES (?1, ?2)")?;
        let mut provenance = tx.prepare("INSERT INTO claim_provenance VALUES (?1, ?2, ?3)")?;
        let mut article_ref = tx.prepare("INSERT INTO article_refs VALUES (?1, ?2)")?;
        for n in g.nodes().filter(|n| n.kind == NodeKind::Article) {
            article_ref.execute(params![n.id, json(&query::article_ref(g, &n.id))?])?;
        }
        for n in g.nodes().filter(|n| n.kind == NodeKind::Claim) {
            let Some(c) = query::claim_report(g, &n.id) else {
                continue;
            };
            claim.execute(params![
                c.id,
                c.text,
                int(c.articles.len()),
                int(c.outlets.len()),
                int(c.chains),
                int(c.corroboration),
                c.single_source,
                c.state_media,
                c.anonymous,
                query::best_confidence(g, &c.id),
                c.quote,
            ])?;
            // in order of first appearance, as the query table shows them
            for s in c.speakers() {
                speaker.execute(params![c.id, s.id, s.kind.as_str()])?;
            }
            for v in c.via() {
                via.execute(params![c.id, v])?;
            }
            let cues: BTreeSet<&str> = c
                .provenance
                .iter()
                .filter_map(|p| p.cue.as_deref())
                .collect();
            for q in cues {
                cue.execute(params![c.id, q])?;
            }
            for o in &c.outlets {
                outlet.execute(params![c.id, o])?;
            }
            for a in &c.articles {
                article.execute(params![c.id, a])?;
            }
            // each attribution as its report gives it, but for its article's details, which
            // are kept once in article_refs
            for p in &c.provenance {
                let bare = query::Provenance {
                    article: query::ArticleRef::bare(&p.article.id),
                    ..p.clone()
                };
                provenance.execute(params![c.id, p.article.id, json(&bare)?])?;
            }
            let words: BTreeSet<String> = query::tokens(&n.label).into_iter().collect();
            for w in &words {
                word.execute(params![w, c.id])?;
            }
            let mut all = n.label.clone();
            for v in &n.variants {
                all.push('\n');
                all.push_str(v);
            }
            text.execute(params![c.id, all])?;
        }
    }
    tx.commit()?;
    conn.execute_batch(INDEXES)?;
    conn.execute_batch("ANALYZE;")?;
    Ok(())
}

/// A store opened for reading.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path` read-only; an error when it is not a whosaid store.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NotFound {
                path: path.to_path_buf(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::Store {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // the sorts of a query (a claim's 100,000 distinct articles) in memory, not in
        // temporary files
        store
            .conn
            .execute_batch("PRAGMA temp_store = MEMORY;")
            .map_err(|e| store.fail(&e))?;

        let schema: Option<String> = store
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| store.fail(&format!("not a whosaid graph store ({e})")))?;
        if schema.as_deref() != Some(DB_SCHEMA) {
            return Err(store.fail(&format!(
                "schema is {schema:?}, expected {DB_SCHEMA:?} (write the store again with this \
                 version's build --db or merge --db)"
            )));
        }
        Ok(store)
    }

    fn fail(&self, e: &dyn std::fmt::Display) -> Error {
        Error::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Runs `sql` with `args`, giving each row's first column (text, borrowed from SQLite) to
    /// `f`.
    fn each(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        mut f: impl FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare_cached(sql).map_err(|e| self.fail(&e))?;
        let mut rows = st.query(args).map_err(|e| self.fail(&e))?;
        while let Some(r) = rows.next().map_err(|e| self.fail(&e))? {
            f(self.text(r, 0)?)?;
        }
        Ok(())
    }

    /// Column `i` of row `r` as text borrowed from SQLite, `None` for NULL.
    fn text_or_null<'r>(&self, r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
        r.get_ref(i)
            .and_then(|v| v.as_str_or_null().map_err(rusqlite::Error::from))
            .map_err(|e| self.fail(&e))
    }

    /// Column `i` of row `r` as text borrowed from SQLite.
    fn text<'r>(&self, r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
        self.text_or_null(r, i)?
            .ok_or_else(|| self.fail(&format!("column {i} is NULL")))
    }

    /// The first column (text) of every row of `sql`.
    fn strings(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<String>> {
        let mut out = Vec::new();
        self.each(sql, args, |s| {
            out.push(s.to_string());
            Ok(())
        })?;
        Ok(out)
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, text: &str) -> Result<T> {
        serde_json::from_str(text).map_err(|e| self.fail(&format!("bad row: {e}")))
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Result<Option<Node>> {
        let row: Option<String> = self
            .conn
            .prepare_cached("SELECT json FROM nodes WHERE id = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.fail(&e))?;
        row.map(|j| self.parse(&j)).transpose()
    }

    /// The counts of the graph's JSON `graph` object.
    pub fn meta(&self) -> Result<GraphMeta> {
        let j = self
            .strings("SELECT value FROM meta WHERE key = 'graph'", [])?
            .pop()
            .unwrap_or_default();
        self.parse(&j)
    }

    /// The whole graph, as it was written.
    pub fn load(&self) -> Result<KnowledgeGraph> {
        let mut g = KnowledgeGraph::new();
        self.each_row("nodes", None, |n: Node| {
            g.add_node(n);
            Ok(())
        })?;
        self.each_row("edges", None, |e: Edge| {
            g.add_edge(e);
            Ok(())
        })?;
        Ok(g)
    }

    /// Adds every node and edge to `b` as they are read (`merge` of a store holds the union
    /// and one row, not a copy of the store's graph beside it).
    pub fn add_to(&self, b: &mut GraphBuilder) -> Result<()> {
        self.each_row("nodes", None, |n: Node| {
            b.add_node(n);
            Ok(())
        })?;
        self.each_row("edges", None, |e: Edge| {
            b.add_edge(e);
            Ok(())
        })
    }

    /// Each row of `table` (`nodes` or `edges`; only those of `kind` when given) in the order
    /// written, parsed.
    fn each_row<T: serde::de::DeserializeOwned>(
        &self,
        table: &str,
        kind: Option<&str>,
        mut f: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        let mut one = |j: &str| f(self.parse(j)?);
        match kind {
            None => self.each(
                &format!("SELECT json FROM {table} ORDER BY rowid"),
                [],
                &mut one,
            ),
            Some(k) => self.each(
                &format!("SELECT json FROM {table} WHERE kind = ?1 ORDER BY rowid"),
                [k],
                &mut one,
            ),
        }
    }

    /// The number of rows of `table`.
    fn rows(&self, table: &str) -> Result<usize> {
        self.conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map(count)
            .map_err(|e| self.fail(&e))
    }

    /// [`query::neighbourhood_ids`] from the edge table's ends, reading no node or edge JSON.
    fn neighbourhood_ids(&self, claims: &[ClaimReport]) -> Result<BTreeSet<String>> {
        let mut keep = BTreeSet::new();
        for c in claims {
            keep.insert(c.id.clone());
            keep.extend(self.strings(
                "SELECT DISTINCT target FROM edges WHERE source = ?1",
                [&c.id],
            )?);
            keep.extend(self.strings(
                "SELECT DISTINCT p.target FROM edges e JOIN edges p ON p.source = e.target
                 WHERE e.source = ?1 AND e.kind = 'appears_in' AND p.kind = 'published_by'",
                [&c.id],
            )?);
        }
        Ok(keep)
    }

    /// [`query::neighbourhood`] on the store.
    pub fn neighbourhood(&self, claims: &[ClaimReport]) -> Result<KnowledgeGraph> {
        self.part(&query::Cut::among(self.neighbourhood_ids(claims)?))
    }

    /// The part of the graph `cut` keeps ([`query::Cut::of`]): its nodes, and the edges among
    /// them it keeps, of which only those are parsed (a claim has 300,000 edges when 100,000
    /// articles carry it).
    pub fn part(&self, cut: &query::Cut) -> Result<KnowledgeGraph> {
        let db = |e: rusqlite::Error| self.fail(&e);
        let mut part = KnowledgeGraph::new();
        for id in &cut.nodes {
            if let Some(n) = self.node(id)? {
                part.add_node(n);
            }
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT target, json FROM edges WHERE source = ?1")
            .map_err(db)?;
        for id in &cut.nodes {
            let mut rows = st.query([id]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                if cut.nodes.contains(self.text(r, 0)?) {
                    let e: Edge = self.parse(self.text(r, 1)?)?;
                    if cut.keeps_edge(&e) {
                        part.add_edge(e);
                    }
                }
            }
        }
        Ok(part)
    }

    /// The report of claim `id` as [`query::claim_report`] gives it, from the claim tables:
    /// its row, articles, outlets and attributions, each attribution's article details from
    /// `article_refs`. `None` when there is no such claim.
    pub fn claim_report(&self, id: &str) -> Result<Option<ClaimReport>> {
        let db = |e: rusqlite::Error| self.fail(&e);
        let row = self
            .conn
            .prepare_cached(
                "SELECT text, quote, chains, corroboration, single_source, state_media, anonymous
                 FROM claims WHERE id = ?1",
            )
            .and_then(|mut st| {
                st.query_row([id], |r| {
                    Ok(ClaimReport {
                        id: id.to_string(),
                        text: r.get(0)?,
                        quote: r.get(1)?,
                        score: None,
                        articles: Vec::new(),
                        outlets: Vec::new(),
                        chains: count(r.get(2)?),
                        corroboration: count(r.get(3)?),
                        single_source: r.get(4)?,
                        state_media: r.get(5)?,
                        anonymous: r.get(6)?,
                        provenance: Vec::new(),
                    })
                })
                .optional()
            })
            .map_err(db)?;
        let Some(mut c) = row else { return Ok(None) };
        c.articles = self.claim_list("claim_articles", "article", id)?;
        c.outlets = self.claim_list("claim_outlets", "outlet", id)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT p.json, a.json FROM claim_provenance p
                 LEFT JOIN article_refs a ON a.id = p.article
                 WHERE p.claim = ?1 ORDER BY p.rowid",
            )
            .map_err(db)?;
        let mut rows = st.query([id]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            let mut p: query::Provenance = self.parse(self.text(r, 0)?)?;
            if let Some(a) = self.text_or_null(r, 1)? {
                p.article = self.parse(a)?;
            }
            c.provenance.push(p);
        }
        Ok(Some(c))
    }

    /// Column `column` of the rows of claim table `table` of claim `id`, in the order written.
    fn claim_list(&self, table: &str, column: &str, id: &str) -> Result<Vec<String>> {
        self.strings(
            &format!("SELECT {column} FROM {table} WHERE claim = ?1 ORDER BY rowid"),
            [id],
        )
    }

    /// The reports of `claims` (those that are claims), in the order given.
    fn reports(&self, claims: &[String]) -> Result<Vec<ClaimReport>> {
        let mut out = Vec::with_capacity(claims.len());
        for c in claims {
            out.extend(self.claim_report(c)?);
        }
        Ok(out)
    }

    /// [`query::trace`] on the store: the same claims, scores and order.
    pub fn trace(&self, q: &str, all: bool) -> Result<Vec<ClaimReport>> {
        let q = q.trim();
        if q.starts_with("claim:") {
            return self.reports(&[q.to_string()]);
        }
        let total = self.rows("claims")?;
        let mut qwords = query::tokens(q);
        qwords.sort();
        qwords.dedup();
        // per claim, the weight of the query words it has (whole) or shares a prefix with (half)
        let mut got: FxHashMap<String, f64> = FxHashMap::default();
        let mut sum = 0.0;
        for w in &qwords {
            let exact = self.strings(
                "SELECT claim FROM claim_words WHERE word = ?1 ORDER BY claim",
                [w],
            )?;
            #[allow(clippy::cast_precision_loss)]
            let weight = (1.0 + total as f64 / (1.0 + exact.len() as f64)).ln();
            sum += weight;
            let exact: BTreeSet<String> = exact.into_iter().collect();
            let mut half: BTreeSet<String> = BTreeSet::new();
            if w.chars().count() >= 4 {
                // claim words that start with the query word
                let upper = format!("{w}\u{10ffff}");
                half.extend(self.strings(
                    "SELECT claim FROM claim_words WHERE word > ?1 AND word < ?2",
                    [w, &upper],
                )?);
            }
            // claim words (of four letters or more) that the query word starts with
            let cut: Vec<usize> = w.char_indices().map(|(i, _)| i).skip(4).collect();
            for end in cut {
                if let Some(prefix) = w.get(..end) {
                    half.extend(
                        self.strings("SELECT claim FROM claim_words WHERE word = ?1", [prefix])?,
                    );
                }
            }
            for c in &exact {
                *got.entry(c.clone()).or_default() += weight;
            }
            for c in half.difference(&exact) {
                *got.entry(c.clone()).or_default() += weight / 2.0;
            }
        }
        if sum <= 0.0 {
            return Ok(Vec::new());
        }
        let mut scored: Vec<(f64, f64, String)> = Vec::new();
        for (c, g) in got {
            let s = (g / sum * 1000.0).round() / 1000.0;
            if s > 0.0 {
                scored.push((s, 0.0, c));
            }
        }
        // confidences break ties: read only for the claims that could be returned
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        if !all {
            let top = scored.first().map(|s| s.0);
            scored.retain(|s| Some(s.0) == top);
        }
        for s in &mut scored {
            s.1 = self
                .conn
                .prepare_cached("SELECT confidence FROM claims WHERE id = ?1")
                .and_then(|mut st| st.query_row([&s.2], |r| r.get(0)))
                .map_err(|e| self.fail(&e))?;
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        if !all {
            scored.truncate(1);
        }
        let ids: Vec<String> = scored.iter().map(|s| s.2.clone()).collect();
        let mut reports = self.reports(&ids)?;
        for (r, s) in reports.iter_mut().zip(&scored) {
            r.score = Some(s.0);
        }
        Ok(reports)
    }

    /// Ids of the nodes of these kinds whose names match `want` as [`Filter`] does.
    fn named(&self, want: &str, kinds: &[NodeKind], by_word: bool) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for k in kinds {
            self.each(
                "SELECT json FROM nodes WHERE kind = ?1",
                [k.as_str()],
                |j| {
                    let n: Node = self.parse(j)?;
                    if query::name_matches(&n, want, by_word) {
                        out.push(n.id);
                    }
                    Ok(())
                },
            )?;
        }
        Ok(out)
    }

    /// The claims in `sql`'s rows for each of `args`.
    fn claims_of(&self, sql: &str, args: &[String]) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        for a in args {
            out.extend(self.strings(sql, [a])?);
        }
        Ok(out)
    }

    /// [`query::query`] on the store: the same claims in the same order.
    pub fn query(&self, filter: &Filter) -> Result<Vec<ClaimReport>> {
        self.reports(&self.query_ids(filter)?)
    }

    /// [`query::query`] on the store, as the summaries its table and CSV show, read from the
    /// claim tables alone: a claim's attributions are never read.
    pub fn query_summaries(&self, filter: &Filter) -> Result<Vec<ClaimSummary>> {
        self.query_ids(filter)?
            .iter()
            .map(|id| self.summary(id))
            .collect()
    }

    /// The summary of claim `id` from the claim tables.
    fn summary(&self, id: &str) -> Result<ClaimSummary> {
        let db = |e: rusqlite::Error| self.fail(&e);
        let mut c = self
            .conn
            .prepare_cached(
                "SELECT text, quote, corroboration, single_source, state_media, anonymous
                 FROM claims WHERE id = ?1",
            )
            .and_then(|mut st| {
                st.query_row([id], |r| {
                    Ok(ClaimSummary {
                        id: id.to_string(),
                        text: r.get(0)?,
                        quote: r.get(1)?,
                        speakers: Vec::new(),
                        via: Vec::new(),
                        articles: Vec::new(),
                        outlets: Vec::new(),
                        corroboration: count(r.get(2)?),
                        single_source: r.get(3)?,
                        state_media: r.get(4)?,
                        anonymous: r.get(5)?,
                    })
                })
            })
            .map_err(db)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT n.label, s.kind FROM claim_speakers s JOIN nodes n ON n.id = s.speaker
                 WHERE s.claim = ?1 ORDER BY s.rowid",
            )
            .map_err(db)?;
        let mut rows = st.query([id]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            let kind: String = r.get(1).map_err(db)?;
            let kind = kind_named(&kind)
                .ok_or_else(|| self.fail(&format!("bad speaker kind {kind:?}")))?;
            c.speakers.push((r.get(0).map_err(db)?, kind));
        }
        c.via = self.claim_list("claim_via", "via", id)?;
        c.articles = self.claim_list("claim_articles", "article", id)?;
        c.outlets = self.claim_list("claim_outlets", "outlet", id)?;
        Ok(c)
    }

    /// The claims passing `filter` by the claim tables, sorted by id.
    fn query_ids(&self, filter: &Filter) -> Result<Vec<String>> {
        // candidates from the tables, narrowed by each filter that is set
        let mut sets: Vec<BTreeSet<String>> = Vec::new();
        if let Some(s) = &filter.speaker {
            let ids = self.named(s, &SPEAKERS, true)?;
            sets.push(self.claims_of("SELECT claim FROM claim_speakers WHERE speaker = ?1", &ids)?);
        }
        if let Some(o) = &filter.outlet {
            let ids = self.named(o, &SPEAKERS, false)?;
            sets.push(self.claims_of("SELECT claim FROM claim_outlets WHERE outlet = ?1", &ids)?);
        }
        if let Some(k) = filter.kind {
            sets.push(self.claims_of(
                "SELECT claim FROM claim_speakers WHERE kind = ?1",
                &[k.as_str().to_string()],
            )?);
        }
        if let Some(a) = &filter.article {
            let id = if a.starts_with("article:") {
                a.clone()
            } else {
                format!("article:{a}")
            };
            sets.push(
                self.claims_of("SELECT claim FROM claim_articles WHERE article = ?1", &[id])?,
            );
        }
        let mut flags = Vec::new();
        if filter.single_source {
            flags.push("single_source = 1".to_string());
        }
        if filter.state_media {
            flags.push("state_media = 1".to_string());
        }
        if filter.anonymous {
            flags.push("anonymous = 1".to_string());
        }
        if let Some(n) = filter.corroborated {
            flags.push(format!("corroboration >= {n}"));
        }
        let mut ids: BTreeSet<String> = if sets.is_empty() || !flags.is_empty() {
            let cond = if flags.is_empty() {
                "1".to_string()
            } else {
                flags.join(" AND ")
            };
            self.strings(&format!("SELECT id FROM claims WHERE {cond}"), [])?
                .into_iter()
                .collect()
        } else {
            sets.pop().unwrap_or_default()
        };
        for s in &sets {
            ids.retain(|c| s.contains(c));
        }
        Ok(ids.into_iter().collect())
    }

    /// [`query::stats`] on the store, from its claim tables.
    pub fn stats(&self) -> Result<Stats> {
        let mut t = Tally::default();
        let counts = |sql: &str| -> Result<BTreeMap<String, usize>> {
            let mut st = self.conn.prepare(sql).map_err(|e| self.fail(&e))?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, count(r.get(1)?))))
                .map_err(|e| self.fail(&e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| self.fail(&e))
        };
        t.nodes = counts("SELECT kind, count(*) FROM nodes GROUP BY kind")?;
        t.edges = counts("SELECT kind, count(*) FROM edges GROUP BY kind")?;
        t.speakers = counts("SELECT speaker, count(*) FROM claim_speakers GROUP BY speaker")?;
        t.outlets = counts("SELECT outlet, count(*) FROM claim_outlets GROUP BY outlet")?;
        let (claims, anonymous, single, state): (usize, usize, usize, usize) = self
            .conn
            .query_row(
                "SELECT count(*), coalesce(sum(anonymous), 0), coalesce(sum(single_source), 0),
                        coalesce(sum(state_media), 0) FROM claims",
                [],
                |r| {
                    Ok((
                        count(r.get(0)?),
                        count(r.get(1)?),
                        count(r.get(2)?),
                        count(r.get(3)?),
                    ))
                },
            )
            .map_err(|e| self.fail(&e))?;
        (t.claims, t.anonymous, t.single_source, t.state_media) =
            (claims, anonymous, single, state);
        // names only for the nodes that can be in a top ten: those with the ten highest counts
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for counts in [&t.speakers, &t.outlets] {
            let mut by: Vec<usize> = counts.values().copied().collect();
            by.sort_unstable_by(|a, b| b.cmp(a));
            let floor = by.get(9).copied().unwrap_or(0);
            for (id, n) in counts {
                if *n >= floor {
                    let label = self.node(id)?.map(|n| n.label).unwrap_or_default();
                    names.insert(id.clone(), label);
                }
            }
        }
        Ok(t.stats(|id| names.get(id).cloned().unwrap_or_default()))
    }

    /// The claims that `node` said, or for an outlet carried or published.
    #[cfg(feature = "render")]
    fn claims_by(&self, node: &Node) -> Result<Vec<String>> {
        let mut ids: BTreeSet<String> = self
            .strings(
                "SELECT e.source FROM edges e JOIN claims c ON c.id = e.source
                 WHERE e.target = ?1 AND e.kind = 'said_by'",
                [&node.id],
            )?
            .into_iter()
            .collect();
        if node.kind == NodeKind::Outlet {
            ids.extend(self.strings(
                "SELECT e.source FROM edges e JOIN claims c ON c.id = e.source
                 WHERE e.target = ?1 AND e.kind = 'reported_by'",
                [&node.id],
            )?);
            ids.extend(self.strings(
                "SELECT e.source FROM edges p JOIN edges e ON e.target = p.source
                 JOIN claims c ON c.id = e.source
                 WHERE p.target = ?1 AND p.kind = 'published_by' AND e.kind = 'appears_in'",
                [&node.id],
            )?);
        }
        Ok(ids.into_iter().collect())
    }

    /// The claims that may read like `text` (word-pair similarity at least `t`): those that
    /// have one of the rarest words of enough of its word pairs. A claim that alike shares at
    /// least `ceil(t n)` of the `n` pairs, so it has one of any `n - ceil(t n) + 1` of them.
    #[cfg(feature = "render")]
    fn alike(&self, text: &str, t: f64) -> Result<BTreeSet<String>> {
        let words = query::tokens(text);
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for w in &words {
            if !df.contains_key(w.as_str()) {
                let n: i64 = self
                    .conn
                    .prepare_cached("SELECT count(*) FROM claim_words WHERE word = ?1")
                    .and_then(|mut st| st.query_row([w], |r| r.get(0)))
                    .map_err(|e| self.fail(&e))?;
                df.insert(w, count(n));
            }
        }
        let rarity = |w: &str| (df.get(w).copied().unwrap_or(0), w.to_string());
        // each pair (or a lone word) by its rarer word
        let mut pairs: Vec<(usize, String)> = if words.len() < 2 {
            words.iter().map(|w| rarity(w)).collect()
        } else {
            words
                .windows(2)
                .filter_map(|p| Some(rarity(p.first()?).min(rarity(p.get(1)?))))
                .collect()
        };
        pairs.sort();
        pairs.dedup();
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let need = ((t * pairs.len() as f64) - 1e-9).ceil().max(0.0) as usize;
        let take = (pairs.len() + 1).saturating_sub(need).min(pairs.len());
        let mut out = BTreeSet::new();
        for (_, w) in pairs.iter().take(take) {
            out.extend(self.strings("SELECT claim FROM claim_words WHERE word = ?1", [w])?);
        }
        Ok(out)
    }

    /// [`crate::report::report`] on the store: the same report.
    #[cfg(feature = "render")]
    pub fn report(&self, q: &str) -> Result<crate::report::Report> {
        use crate::report;
        let lq = q.trim().to_lowercase();
        let mut node = self.node(q.trim())?;
        if node.is_none() {
            self.each(
                "SELECT json FROM nodes WHERE kind != 'claim' ORDER BY id",
                [],
                |j| {
                    if node.is_none() {
                        let n: Node = self.parse(j)?;
                        if report::names_match(&n, &lq) {
                            node = Some(n);
                        }
                    }
                    Ok(())
                },
            )?;
        }
        let (subject, ids) = match node {
            Some(n) => {
                let claims = match n.kind {
                    NodeKind::Claim | NodeKind::Article => None,
                    _ => Some(self.claims_by(&n)?),
                };
                report::subject_of(q, &n, claims)?
            }
            None => {
                let Some(c) = self.trace(q, false)?.into_iter().next() else {
                    return Err(report::no_match(
                        q,
                        "no claim, person, organisation or outlet",
                    ));
                };
                (report::Subject::Claim, vec![c.id])
            }
        };
        // the best claims, ranked by their rows: only theirs are read
        let mut ranked: Vec<(usize, usize, String)> = Vec::new();
        for id in ids {
            let row: Option<(i64, i64)> = self
                .conn
                .prepare_cached(
                    "SELECT corroboration,
                            (SELECT count(*) FROM claim_provenance WHERE claim = ?1)
                     FROM claims WHERE id = ?1",
                )
                .and_then(|mut st| {
                    st.query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()
                })
                .map_err(|e| self.fail(&e))?;
            if let Some((corroboration, attributions)) = row {
                ranked.push((count(corroboration), count(attributions), id));
            }
        }
        ranked.sort_by(|a, b| report::best_first((a.0, a.1, &a.2), (b.0, b.1, &b.2)));
        let matched = ranked.len();
        ranked.truncate(report::MAX_CLAIMS);
        let ids: Vec<String> = ranked.into_iter().map(|r| r.2).collect();
        let claims = self.reports(&ids)?;
        let figure = self.part(&report::figure_cut(
            self.neighbourhood_ids(&claims)?,
            &claims,
        ))?;
        // the claims that may contradict them, found by their words
        let mut alike = Vec::new();
        let mut candidates = BTreeSet::new();
        for c in &claims {
            candidates.extend(self.alike(&c.text, report::RELATED)?);
        }
        for id in &candidates {
            let text = self.strings("SELECT text FROM claims WHERE id = ?1", [id])?;
            if let Some(text) = text.first()
                && claims.iter().any(|c| report::reads_alike(&c.text, text))
            {
                alike.push(self.stance(id, text)?);
            }
        }
        let mut entries = Vec::new();
        for claim in claims {
            entries.push(report::Entry {
                wordings: self
                    .node(&claim.id)?
                    .map(|n| n.variants)
                    .unwrap_or_default(),
                contradicting: report::contradicting(&self.stance(&claim.id, &claim.text)?, &alike),
                claim,
            });
        }
        Ok(report::Report::new(q, subject, entries, matched, figure))
    }

    /// What contradiction sees of claim `id` with `text`: its cues and its speakers' names.
    #[cfg(feature = "render")]
    fn stance(&self, id: &str, text: &str) -> Result<crate::report::Stance> {
        let cues = self.strings("SELECT cue FROM claim_cues WHERE claim = ?1", [id])?;
        let speakers = self
            .strings(
                "SELECT n.label FROM claim_speakers s JOIN nodes n ON n.id = s.speaker
                 WHERE s.claim = ?1",
                [id],
            )?
            .into_iter()
            .collect();
        Ok(crate::report::Stance::new(id, text, &cues, speakers))
    }
}

/// The kinds of node that speak, and that are on a claim's chains (publishers, channels,
/// speaking outlets).
const SPEAKERS: [NodeKind; 4] = [
    NodeKind::Person,
    NodeKind::Organization,
    NodeKind::Outlet,
    NodeKind::Anonymous,
];

/// A store hands out its rows in the order they were written (nodes by id, edges by source,
/// target and key), parsing one at a time: an export of a store holds one node and its
/// out-edges in memory, however large the graph.
impl GraphSource for Store {
    fn meta(&self) -> Result<GraphMeta> {
        Store::meta(self)
    }

    fn node_count(&self) -> Result<usize> {
        self.rows("nodes")
    }

    fn whole(&self) -> Result<Cow<'_, KnowledgeGraph>> {
        self.load().map(Cow::Owned)
    }

    fn each_node(
        &self,
        kind: Option<NodeKind>,
        f: &mut dyn FnMut(&Node) -> Result<()>,
    ) -> Result<()> {
        self.each_row("nodes", kind.map(NodeKind::as_str), |n: Node| f(&n))
    }

    fn each_edge(
        &self,
        kind: Option<EdgeKind>,
        f: &mut dyn FnMut(&Edge) -> Result<()>,
    ) -> Result<()> {
        self.each_row("edges", kind.map(EdgeKind::as_str), |e: Edge| f(&e))
    }

    fn each_node_with_edges(&self, f: &mut dyn FnMut(&Node, &[&Edge]) -> Result<()>) -> Result<()> {
        let db = |e: rusqlite::Error| self.fail(&e);
        // nodes and edges were written sorted, so each node's out-edges follow one another in
        // the edge rows, in the nodes' order: one pass over each table pairs them
        let mut nodes = self
            .conn
            .prepare("SELECT json FROM nodes ORDER BY rowid")
            .map_err(db)?;
        let mut edges = self
            .conn
            .prepare("SELECT source, json FROM edges ORDER BY rowid")
            .map_err(db)?;
        let mut node_rows = nodes.query([]).map_err(db)?;
        let mut edge_rows = edges.query([]).map_err(db)?;
        let mut next_edge = || -> Result<Option<(String, String)>> {
            match edge_rows.next().map_err(db)? {
                Some(r) => Ok(Some((r.get(0).map_err(db)?, r.get(1).map_err(db)?))),
                None => Ok(None),
            }
        };
        let mut pending = next_edge()?;
        let mut out: Vec<Edge> = Vec::new();
        while let Some(r) = node_rows.next().map_err(db)? {
            let node: Node = self.parse(&r.get::<_, String>(0).map_err(db)?)?;
            out.clear();
            while let Some((_, json)) = pending.take_if(|(source, _)| *source == node.id) {
                out.push(self.parse(&json)?);
                pending = next_edge()?;
            }
            let refs: Vec<&Edge> = out.iter().collect();
            f(&node, &refs)?;
        }
        match pending {
            Some((source, _)) => Err(self.fail(&format!(
                "the edges from {source:?} are out of order or have no node"
            ))),
            None => Ok(()),
        }
    }

    fn has_node(&self, id: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM nodes WHERE id = ?1")
            .and_then(|mut st| st.exists([id]))
            .map_err(|e| self.fail(&e))
    }

    fn each_out_edge(&self, id: &str, f: &mut dyn FnMut(&Edge) -> Result<()>) -> Result<()> {
        self.each(
            "SELECT json FROM edges WHERE source = ?1 ORDER BY rowid",
            [id],
            |j| f(&self.parse(j)?),
        )
    }

    fn each_in_edge(&self, id: &str, f: &mut dyn FnMut(&Edge) -> Result<()>) -> Result<()> {
        self.each("SELECT json FROM edges WHERE target = ?1", [id], |j| {
            f(&self.parse(j)?)
        })
    }

    fn node_kind(&self, id: &str) -> Result<Option<NodeKind>> {
        let kind = self
            .strings("SELECT kind FROM nodes WHERE id = ?1", [id])?
            .pop();
        Ok(kind.and_then(|k| kind_named(&k)))
    }
}
