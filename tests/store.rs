//! The graph store (`build --db`): every command that reads one answers exactly as it does
//! from the graph JSON, merge reads it, the file is a plain SQLite database with full-text
//! search on claims, and a file that is not a store is refused clearly.

use std::path::{Path, PathBuf};

use crate::util::{root, tempdir, whosaid, write};

/// Two articles of our own in which two speakers say opposite things, beside the corpus.
fn corpus(dir: &Path) -> PathBuf {
    let articles = dir.join("articles");
    for entry in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, articles_dir(&articles).join(p.file_name().unwrap())).unwrap();
    }
    write(
        &articles,
        "harbour-a.txt",
        "Port officials said the new harbour wall was finished on time, according to a \
         statement from the Harbour Authority.\n\nThe mayor, Ana Ruiz, said the harbour wall \
         would protect the old town from storms.\n",
    );
    write(
        &articles,
        "harbour-b.txt",
        "Engineer Tom Baker said the new harbour wall was far from finished and would not be \
         ready on time, Reuters reported.\n",
    );
    articles
}

fn articles_dir(p: &Path) -> &Path {
    std::fs::create_dir_all(p).unwrap();
    p
}

/// Runs whosaid with `args`, `G` standing for `graph`; its exit code and stdout.
fn run(args: &[&str], graph: &Path) -> (Option<i32>, Vec<u8>) {
    let mut cmd = whosaid();
    for a in args {
        if *a == "G" {
            cmd.arg(graph);
        } else {
            cmd.arg(a);
        }
    }
    let out = cmd.output().unwrap();
    (out.status.code(), out.stdout)
}

/// The graph of [`corpus`] as JSON and as a store, built by one command.
fn built(dir: &Path) -> (PathBuf, PathBuf) {
    let articles = corpus(dir);
    let (json, db) = (dir.join("g.json"), dir.join("g.db"));
    whosaid()
        .args(["build", "-q"])
        .arg(&articles)
        .arg("-o")
        .arg(&json)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    (json, db)
}

/// Runs whosaid with `args`, then `graph` and `-o out`; what it wrote to `out`.
fn written(args: &[&str], graph: &Path, out: &Path) -> String {
    whosaid()
        .args(args)
        .arg(graph)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn every_answer_from_a_store_equals_the_answer_from_its_json() {
    let dir = tempdir();
    let (json, db) = built(dir.path());
    let asks: &[&[&str]] = &[
        &["stats", "G"],
        &["stats", "G", "--format", "json"],
        &["query", "G", "--format", "json"],
        &["query", "G", "--speaker", "Wang"],
        &["query", "G", "--speaker", "Wang", "--format", "json"],
        &["query", "G", "--outlet", "Reuters", "--format", "csv"],
        &["query", "G", "--outlet", "Xinhua", "--format", "json"],
        &["query", "G", "--kind", "anonymous", "--format", "json"],
        &["query", "G", "--article", "harbour-b", "--format", "json"],
        &["query", "G", "--single-source", "--corroborated", "1"],
        &["query", "G", "--state-media", "--format", "json"],
        &["query", "G", "--speaker", "Nobody Atall"],
        &["trace", "G", "rock lobster", "--format", "json"],
        &[
            "trace",
            "G",
            "harbour wall finished",
            "--all",
            "--format",
            "json",
        ],
        &["trace", "G", "restrict", "--all"],
        &["trace", "G", "relationship", "--format", "dot"],
        &["trace", "G", "zzzz qqqq"],
    ];
    let mut matched = 0;
    for ask in asks {
        let from_json = run(ask, &json);
        let from_db = run(ask, &db);
        assert_eq!(
            from_json,
            from_db,
            "{ask:?}:\n{}\n---\n{}",
            String::from_utf8_lossy(&from_json.1),
            String::from_utf8_lossy(&from_db.1)
        );
        matched += usize::from(from_json.0 == Some(0) && !from_json.1.is_empty());
    }
    assert!(matched >= 14, "{matched}");
    // a claim by id
    let id = String::from_utf8(
        run(
            &["trace", "G", "harbour wall protect", "--format", "json"],
            &db,
        )
        .1,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&id).unwrap();
    let id = v["claims"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        run(&["trace", "G", &id], &json),
        run(&["trace", "G", &id], &db)
    );

    // reports: a person, an outlet, words of a claim, and a claim someone else denied
    for (q, name) in [
        ("Penny Wong", "wong.html"),
        ("Reuters", "reuters.html"),
        ("rock lobster restrictions", "lobster.html"),
        ("harbour wall was finished on time", "wall.html"),
    ] {
        let read = |graph: &Path, sub: &str| {
            let out = dir.path().join(sub);
            std::fs::create_dir_all(&out).unwrap();
            written(&["report", "-q", q], graph, &out.join(name))
        };
        let (a, b) = (read(&json, "from-json"), read(&db, "from-db"));
        assert_eq!(a, b, "{q}");
        if name == "wall.html" {
            assert!(a.contains("Contradicting"), "{a}");
        }
    }
}

#[test]
fn every_claim_report_read_from_a_store_is_the_one_worked_out_from_the_graph() {
    let dir = tempdir();
    let (json, db) = built(dir.path());
    let g = whosaid::export::read_graph(&json).unwrap();
    let store = whosaid::store::Store::open(&db).unwrap();
    let mut claims = 0;
    for n in g.nodes().filter(|n| n.kind == whosaid::NodeKind::Claim) {
        let want = whosaid::query::claim_report(&g, &n.id);
        assert!(want.as_ref().is_some_and(|c| !c.provenance.is_empty()));
        assert_eq!(store.claim_report(&n.id).unwrap(), want, "{}", n.id);
        claims += 1;
    }
    assert!(claims >= 10, "{claims}");
    // not a claim, or no node at all
    assert_eq!(store.claim_report("person:penny-wong").unwrap(), None);
    assert_eq!(store.claim_report("claim:0000000000000000").unwrap(), None);
}

#[test]
fn merge_reads_stores_and_writes_one() {
    let dir = tempdir();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (d, names) in [
        (&one, ["afp-canberra-dialogue", "reuters-canberra-talks"]),
        (&two, ["xinhua-wang-wong-talks", "nikkei-canberra-trade"]),
    ] {
        std::fs::create_dir_all(d).unwrap();
        for n in names {
            for ext in ["txt", "meta.json"] {
                let f = format!("{n}.{ext}");
                std::fs::copy(root().join("examples/corpus").join(&f), d.join(&f)).unwrap();
            }
        }
    }
    let path = |n: &str| dir.path().join(n);
    for (input, out) in [(&one, "one.db"), (&two, "two.json")] {
        whosaid()
            .args(["build", "-q"])
            .arg(input)
            .arg(if out.ends_with(".db") { "--db" } else { "-o" })
            .arg(path(out))
            .assert()
            .success();
    }
    // --db alone writes no graph JSON to stdout
    let built = whosaid()
        .args(["build", "-q"])
        .arg(&one)
        .arg("--db")
        .arg(path("again.db"))
        .output()
        .unwrap();
    assert!(built.status.success() && built.stdout.is_empty());
    whosaid()
        .arg("merge")
        .arg(path("one.db"))
        .arg(path("two.json"))
        .arg("-o")
        .arg(path("merged.json"))
        .arg("--db")
        .arg(path("merged.db"))
        .assert()
        .success();
    // the same graph as building all four at once, and the store holds it
    std::fs::create_dir_all(path("all")).unwrap();
    for d in [&one, &two] {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, path("all").join(p.file_name().unwrap())).unwrap();
        }
    }
    whosaid()
        .args(["build", "-q"])
        .arg(path("all"))
        .arg("-o")
        .arg(path("all.json"))
        .assert()
        .success();
    let merged = std::fs::read(path("merged.json")).unwrap();
    assert_eq!(merged, std::fs::read(path("all.json")).unwrap());
    whosaid()
        .arg("merge")
        .arg(path("merged.db"))
        .arg("-o")
        .arg(path("back.json"))
        .assert()
        .success();
    assert_eq!(merged, std::fs::read(path("back.json")).unwrap());
}

#[test]
fn a_store_is_sqlite_with_full_text_search_and_foreign_files_are_refused() {
    let dir = tempdir();
    let db = dir.path().join("g.db");
    whosaid()
        .args(["build", "-q"])
        .arg(root().join("examples/corpus"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let schema: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(schema, "whosaid.db/v3");
    // every wording of a claim is searchable, stemming aside
    let hits: Vec<String> = conn
        .prepare("SELECT claim FROM claim_text WHERE claim_text MATCH 'lobster' ORDER BY claim")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.starts_with("claim:")));
    let nodes: i64 = conn
        .query_row("SELECT count(*) FROM nodes", [], |r| r.get(0))
        .unwrap();
    let graph = root().join("graphs/corpus.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(graph).unwrap()).unwrap();
    assert_eq!(nodes as usize, v["nodes"].as_array().unwrap().len());

    // an SQLite file that is not a store, and a truncated store
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let out = whosaid().args(["stats"]).arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("other.db: graph store: not a whosaid graph store"),
        "{err}"
    );
    let bytes = std::fs::read(&db).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let out = whosaid()
        .arg("trace")
        .arg(&cut)
        .arg("lobster")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cut.db: graph store:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn every_export_of_a_store_equals_the_export_of_its_json() {
    let dir = tempdir();
    let (json, db) = built(dir.path());
    for format in [
        "json",
        "dot",
        "graphml",
        "gexf",
        "cytoscape",
        "prov",
        "prov-jsonld",
    ] {
        let from_json = run(&["export", "G", "--format", format], &json);
        let from_db = run(&["export", "G", "--format", format], &db);
        assert_eq!(from_json.0, Some(0), "{format}");
        assert!(from_json.1.len() > 1000, "{format}");
        assert!(from_json == from_db, "{format} differs");
    }
    // the graph JSON exported from the store is the file it was built with
    assert_eq!(
        run(&["export", "G", "--format", "json"], &db).1,
        std::fs::read(&json).unwrap()
    );
    for format in ["csv", "neo4j"] {
        let out = |graph: &Path, name: &str| {
            let to = dir.path().join(format!("{format}-{name}"));
            whosaid()
                .args(["export", "--format", format])
                .arg(graph)
                .arg("-o")
                .arg(&to)
                .assert()
                .success();
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&to)
                .unwrap()
                .map(|e| {
                    let p = e.unwrap().path();
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read(&p).unwrap())
                })
                .collect();
            files.sort();
            files
        };
        let (a, b) = (out(&json, "json"), out(&db, "db"));
        assert!(a.len() >= 2 && a.iter().all(|(_, bytes)| !bytes.is_empty()));
        assert!(a == b, "{format} differs");
    }
}

#[test]
fn a_store_with_edges_out_of_order_is_an_error_not_a_wrong_export() {
    let dir = tempdir();
    let (_, db) = built(dir.path());
    // an edge row whose source has no node breaks the order exports rely on
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO edges VALUES ('zzz:none', 'person:x', 'said_by', '{}')",
        [],
    )
    .unwrap();
    drop(conn);
    let out = whosaid()
        .args(["export", "--format", "prov"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("graph store") && err.contains("zzz:none"),
        "{err}"
    );
}

#[test]
fn a_focused_picture_of_a_store_is_the_picture_of_its_json() {
    let dir = tempdir();
    let (json, db) = built(dir.path());
    for (focus, depth) in [
        ("Penny Wong", "1"),
        ("rock lobster restrictions", "1"),
        ("outlet:reuters", "2"),
    ] {
        let draw = |graph: &Path, name: &str| {
            let args = [
                "render", "--engine", "builtin", "--focus", focus, "--depth", depth,
            ];
            written(&args, graph, &dir.path().join(name))
        };
        let (a, b) = (draw(&json, "json.svg"), draw(&db, "db.svg"));
        assert!(a.contains("<svg"), "{focus}");
        assert_eq!(a, b, "{focus}");
    }
    let out = whosaid()
        .args(["render", "--focus", "Nobody Atall Zzz", "-o"])
        .arg(dir.path().join("none.svg"))
        .arg(&db)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches no node"));
}
