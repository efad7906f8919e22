//! Unit tests of ranking, filters, corroboration and the renderings.

use super::output::{csv, csv_cell, defuse_formula, table, trace_text};
use super::*;
use crate::graph::{Edge, EdgeKind, KnowledgeGraph, Node, NodeKind};

/// Adds one attribution: claim text, speaker (id, kind, label), channels in order, article,
/// publisher, cue, confidence and evidence offset.
#[allow(clippy::too_many_arguments)]
fn attribution(
    g: &mut KnowledgeGraph,
    text: &str,
    speaker: (&str, NodeKind, &str),
    via: &[&str],
    article: &str,
    publisher: &str,
    cue: &str,
    confidence: f64,
    start: usize,
) -> String {
    let claim = crate::domain::claim_id(text);
    g.add_node(Node::new(&claim, NodeKind::Claim, text));
    g.add_node(Node::new(speaker.0, speaker.1, speaker.2));
    let art = format!("article:{article}");
    let mut a = Node::new(&art, NodeKind::Article, article);
    a.publisher = Some(publisher.into());
    g.add_node(a);
    let pub_id = format!("outlet:{}", crate::domain::slug(publisher));
    g.add_node(Node::new(&pub_id, NodeKind::Outlet, publisher));
    g.add_edge(Edge::new(&art, &pub_id, EdgeKind::PublishedBy));
    let ev = format!(
        "{} {cue} {text}, according to a readout by {}.",
        speaker.2,
        via.join(" and ")
    );
    let with = |mut e: Edge, key: String| {
        e.key = key;
        e.article = Some(article.into());
        e.evidence = Some(ev.as_str().into());
        e.start = Some(start);
        e.end = Some(start + ev.chars().count());
        e
    };
    let mut said = with(
        Edge::new(&claim, speaker.0, EdgeKind::SaidBy),
        format!("said_by:{article}:{start}"),
    );
    said.cue = Some(cue.into());
    said.confidence = Some(confidence);
    g.add_edge(said);
    for (i, v) in via.iter().enumerate() {
        let id = format!("outlet:{}", crate::domain::slug(v));
        let mut n = Node::new(&id, NodeKind::Outlet, *v);
        n.state_media = *v == "Xinhua";
        g.add_node(n);
        let mut e = with(
            Edge::new(&claim, &id, EdgeKind::ReportedBy),
            format!("reported_by:{article}:{start}:{}", i + 1),
        );
        e.order = Some(i as u32 + 1);
        g.add_edge(e);
    }
    g.add_edge(with(
        Edge::new(&claim, &art, EdgeKind::AppearsIn),
        format!("appears_in:{article}:{start}"),
    ));
    claim
}

fn sample() -> (KnowledgeGraph, [String; 4]) {
    let mut g = KnowledgeGraph::new();
    let qin = ("person:li-wen", NodeKind::Person, "Li Wen");
    let a = attribution(
        &mut g,
        "Harbour talks reached their lowest point in a decade",
        qin,
        &["Xinhua"],
        "a1",
        "Daily Lantern",
        "conceded",
        0.9,
        10,
    );
    let b = attribution(
        &mut g,
        "Harbour talks at lowest point",
        qin,
        &[],
        "a1",
        "Daily Lantern",
        ":",
        0.8,
        0,
    );
    let c = attribution(
        &mut g,
        "The ferry fares will double next spring",
        (
            "anonymous:port-officials",
            NodeKind::Anonymous,
            "port officials",
        ),
        &[],
        "a2",
        "Coastal Post",
        "said",
        0.7,
        5,
    );
    // the same remark carried by two wires in two articles
    let d = attribution(
        &mut g,
        "The bridge will reopen in May",
        ("person:ana-ruiz", NodeKind::Person, "Ana Ruiz"),
        &["Reuters"],
        "a2",
        "Coastal Post",
        "said",
        0.9,
        50,
    );
    attribution(
        &mut g,
        "The bridge will reopen in May",
        ("person:ana-ruiz", NodeKind::Person, "Ana Ruiz"),
        &["AFP"],
        "a3",
        "Daily Lantern",
        "said",
        0.9,
        7,
    );
    (g, [a, b, c, d])
}

#[test]
fn ranking_prefers_overlap_then_confidence_then_id() {
    let (g, [a, b, _, d]) = sample();
    // both contain every query word; the more confident extraction wins the tie
    let best = trace(&g, "\u{201c}LOWEST point\u{201d}!", false);
    assert_eq!(best.len(), 1);
    assert_eq!(best[0].id, a);
    let all = trace(&g, "lowest point", true);
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec![a.as_str(), b.as_str()]);
    // more matched words beat fewer; partial prefixes count half
    let r = trace(&g, "bridge reopens", true);
    assert_eq!(r[0].id, d);
    assert!(r[0].score.unwrap() > 0.0 && r[0].score.unwrap() < 1.0);
    assert!(trace(&g, "volcano", true).is_empty());
    assert_eq!(trace(&g, &d, false)[0].id, d);
    assert!(trace(&g, "claim:0000", false).is_empty());
    // deterministic
    assert_eq!(trace(&g, "the", true), trace(&g, "the", true));
}

#[test]
fn provenance_follows_reported_by_order_and_names_the_document() {
    let (g, [a, ..]) = sample();
    let r = claim_report(&g, &a).unwrap();
    let p = &r.provenance[0];
    assert_eq!(p.article.publisher.as_ref().unwrap().name, "Daily Lantern");
    assert_eq!(p.via[0].name, "Xinhua");
    assert_eq!(p.via[0].form.as_deref(), Some("readout"));
    assert_eq!(
        output::chain_line(p),
        "Daily Lantern <- Xinhua (readout) <- Li Wen (\"conceded\")"
    );
    assert!(r.state_media && r.single_source && !r.anonymous);
    let text = trace_text(&[r]);
    assert!(text.contains("evidence [10.."), "{text}");
    assert!(text.contains("speaker: Li Wen (person)"), "{text}");
}

#[test]
fn channel_forms() {
    assert_eq!(
        channel_form(
            "Ties are poor, Reuters said, citing a Xinhua readout.",
            &["Xinhua"]
        ),
        Some("readout".into())
    );
    assert_eq!(
        channel_form(
            "A statement was out; Xinhua said ties are poor.",
            &["Xinhua"]
        ),
        None
    );
}

#[test]
fn filters_combine() {
    let (g, [a, b, c, d]) = sample();
    let ids = |f: &Filter| -> Vec<String> { query(&g, f).into_iter().map(|c| c.id).collect() };
    let mut all = vec![a.clone(), b.clone(), c.clone(), d.clone()];
    all.sort();
    assert_eq!(ids(&Filter::default()), all);
    for name in ["Li Wen", "li", "WEN"] {
        let f = Filter {
            speaker: Some(name.into()),
            ..Filter::default()
        };
        assert_eq!(ids(&f).len(), 2, "{name}");
    }
    let f = Filter {
        speaker: Some("Li".into()),
        state_media: true,
        ..Filter::default()
    };
    assert_eq!(ids(&f), vec![a.clone()]);
    let f = Filter {
        anonymous: true,
        ..Filter::default()
    };
    assert_eq!(ids(&f), vec![c.clone()]);
    let f = Filter {
        kind: Some(NodeKind::Anonymous),
        article: Some("a2".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&f), vec![c.clone()]);
    let f = Filter {
        corroborated: Some(2),
        ..Filter::default()
    };
    assert_eq!(ids(&f), vec![d.clone()]);
    let f = Filter {
        single_source: true,
        outlet: Some("daily lantern".into()),
        ..Filter::default()
    };
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    assert_eq!(ids(&f), want);
    let f = Filter {
        outlet: Some("AFP".into()),
        speaker: Some("Ruiz".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&f), vec![d.clone()]);
    let f = Filter {
        outlet: Some("AFP".into()),
        anonymous: true,
        ..Filter::default()
    };
    assert!(ids(&f).is_empty());
    let r = claim_report(&g, &d).unwrap();
    assert_eq!((r.articles.len(), r.chains, r.corroboration), (2, 2, 2));
}

#[test]
fn stats_count_everything() {
    let (g, _) = sample();
    let s = stats(&g);
    assert_eq!(s.claims, 4);
    assert_eq!(s.nodes["claim"], 4);
    assert_eq!(s.nodes["article"], 3);
    assert_eq!(s.edges["said_by"], 5);
    assert_eq!(s.edges["part_of"], 0);
    assert_eq!(s.top_speakers[0].name, "Li Wen");
    assert_eq!(s.top_speakers[0].claims, 2);
    assert_eq!(s.top_outlets[0].name, "Daily Lantern");
    assert_eq!(s.top_outlets[0].claims, 3);
    assert_eq!((s.anonymous.claims, s.anonymous.share), (1, 0.25));
    assert_eq!(s.single_source.claims, 3);
    assert_eq!(s.state_media.claims, 1);
}

#[test]
fn formulas_are_defused_and_other_text_borrowed() {
    use std::borrow::Cow;
    assert!(matches!(
        defuse_formula("plain -1"),
        Cow::Borrowed("plain -1")
    ));
    for (s, want) in [
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A", "'@A"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
    ] {
        assert_eq!(defuse_formula(s), want);
    }
}

#[test]
fn csv_neutralises_formulas_and_quotes() {
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-2"), "'-2");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(
        csv_cell("=HYPERLINK(\"x\",\"y\")"),
        "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
    );
    let mut g = KnowledgeGraph::new();
    let hostile = "=cmd|'/C calc'!A0, \"quoted\"\nnext line";
    let id = attribution(
        &mut g,
        hostile,
        ("person:x", NodeKind::Person, "-X, \"the\" one"),
        &[],
        "h",
        "@Pub",
        "said",
        0.5,
        0,
    );
    let out = csv(&summaries(&query(&g, &Filter::default())));
    let rows: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(rows.len(), 3, "{out:?}");
    assert!(rows[1].starts_with(&format!(
        "{id},\"'=cmd|'/C calc'!A0, \"\"quoted\"\"\nnext line\","
    )));
    assert!(
        rows[1].contains(",\"'-X, \"\"the\"\" one\","),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains(",'@Pub,"), "{}", rows[1]);
    // the table keeps one line per claim
    assert_eq!(
        table(&summaries(&query(&g, &Filter::default())))
            .lines()
            .count(),
        2
    );
}

/// Ids, titles and names from articles reach the terminal without their escape sequences and
/// bidirectional overrides: nothing printed can recolour the terminal or reorder a line.
#[test]
fn terminal_text_is_sanitised() {
    let mut g = KnowledgeGraph::new();
    let id = attribution(
        &mut g,
        "Harbour fees \u{202e}will rise",
        (
            "person:x\u{1b}[2J",
            NodeKind::Person,
            "Li \u{1b}]0;owned\u{7}Wen",
        ),
        &[],
        "a\u{1b}[31mred",
        "Daily \u{2066}Lantern",
        "said",
        0.9,
        0,
    );
    let found = trace(&g, &id, false);
    for text in [trace_text(&found), table(&summaries(&found))] {
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}']),
            "{text}"
        );
    }
    // an id shows its escape, so two ids that differ there still read differently
    assert!(trace_text(&found).contains("a\\u{1b}[31mred"));
}

/// What the table and CSV show of each claim.
fn summaries(claims: &[ClaimReport]) -> Vec<ClaimSummary> {
    claims.iter().map(ClaimReport::summary).collect()
}
