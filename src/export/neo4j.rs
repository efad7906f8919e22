//! CSV files for Neo4j: one node file per node kind and one relationship file per edge kind,
//! with the typed headers `neo4j-admin database import` reads, and an `import.cypher` that loads
//! the same files into an existing database with `LOAD CSV` and `MERGE`. The Cypher holds no
//! article text: every value is read from the CSV files.
//!
//! Lists (aliases, variants) are joined with U+001F (the unit separator; in bash pass
//! `--array-delimiter=$'\x1f'` to neo4j-admin); a U+001F inside an alias or variant becomes a
//! space.

use std::fmt::Write as _;

use super::FileWriter;
use crate::error::{Error, Result};
use crate::graph::{Edge, EdgeKind, GraphSource, Node, NodeKind};

/// Separator of list elements in a cell.
const ARRAY_DELIMITER: char = '\u{1F}';

const NODE_HEADER: [&str; 16] = [
    "id:ID",
    "label",
    "aliases:string[]",
    "role",
    "country",
    "outlet_kind",
    "state_media:boolean",
    "quote",
    "variants:string[]",
    "articles:int",
    "outlets:int",
    "publisher",
    "url",
    "title",
    "date",
    ":LABEL",
];

const REL_HEADER: [&str; 14] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "key",
    "cue",
    "mention",
    "order:int",
    "role",
    "article",
    "evidence",
    "start:int",
    "end:int",
    "confidence:double",
    "rule",
];

/// Every file [`neo4j_files`] writes, in the order it returns them.
pub const NEO4J_FILES: [&str; 13] = [
    "nodes_article.csv",
    "nodes_claim.csv",
    "nodes_person.csv",
    "nodes_organization.csv",
    "nodes_outlet.csv",
    "nodes_anonymous.csv",
    "rels_said_by.csv",
    "rels_reported_by.csv",
    "rels_appears_in.csv",
    "rels_published_by.csv",
    "rels_part_of.csv",
    "rels_affiliated_with.csv",
    "import.cypher",
];

/// The Neo4j label of a node kind.
fn label(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Article => "Article",
        NodeKind::Claim => "Claim",
        NodeKind::Person => "Person",
        NodeKind::Organization => "Organization",
        NodeKind::Outlet => "Outlet",
        NodeKind::Anonymous => "Anonymous",
    }
}

fn rel_type(k: EdgeKind) -> String {
    k.as_str().to_ascii_uppercase()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| s.replace(ARRAY_DELIMITER, " ")).collect();
    items.join(&ARRAY_DELIMITER.to_string())
}

fn node_row(n: &Node) -> [String; 16] {
    [
        n.id.clone(),
        n.label.clone(),
        list(&n.aliases),
        opt(&n.role),
        opt(&n.country),
        opt(&n.outlet_kind),
        if n.state_media { "true" } else { "" }.to_string(),
        opt(&n.quote),
        list(&n.variants),
        opt(&n.articles),
        opt(&n.outlets),
        opt(&n.publisher),
        opt(&n.url),
        opt(&n.title),
        opt(&n.date),
        label(n.kind).to_string(),
    ]
}

fn rel_row(e: &Edge) -> [String; 14] {
    [
        e.source.clone(),
        e.target.clone(),
        rel_type(e.kind),
        e.key.clone(),
        opt(&e.cue),
        opt(&e.mention),
        opt(&e.order),
        opt(&e.role),
        opt(&e.article),
        opt(&e.evidence),
        opt(&e.start),
        opt(&e.end),
        e.confidence.map(|c| format!("{c:?}")).unwrap_or_default(),
        opt(&e.rule),
    ]
}

fn csv_file<const N: usize>(
    header: [&str; N],
    w: &mut dyn std::io::Write,
    rows: impl FnOnce(&mut dyn FnMut([String; N]) -> Result<()>) -> Result<()>,
) -> Result<()> {
    let err = |e: csv::Error| Error::Write {
        what: "Neo4j CSV".into(),
        source: std::io::Error::other(e),
    };
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(w);
    out.write_record(header).map_err(err)?;
    rows(&mut |r| out.write_record(&r).map_err(err))?;
    out.flush().map_err(|source| Error::Write {
        what: "Neo4j CSV".into(),
        source,
    })
}

/// A Cypher property name in backticks (`order` and `end` are keywords).
fn prop(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// How a typed column is read in Cypher.
fn cypher_value(column: &str) -> (String, String) {
    let (name, ty) = column.split_once(':').unwrap_or((column, "string"));
    let cell = format!("row.{}", prop(column));
    let value = match ty {
        "int" => format!("toInteger({cell})"),
        "double" => format!("toFloat({cell})"),
        "boolean" => format!("toBoolean({cell})"),
        "string[]" => format!("split({cell}, '\\u001F')"),
        _ => cell,
    };
    (name.to_string(), value)
}

fn cypher() -> String {
    let mut c = String::from(
        "// Loads the whosaid graph into an existing Neo4j 5 database. Copy the CSV files of this\n\
         // directory into the database's import directory and run: cypher-shell -f import.cypher\n\
         // Set dbms.import.csv.legacy_quote_escaping=false: the CSV escapes quotes by doubling\n\
         // them only, and a backslash before a quote is article text.\n\
         // Every node also gets the label WhosaidNode, which carries the unique id.\n\
         // For a new, empty database neo4j-admin reads the same files faster:\n\
         //   neo4j-admin database import full --multiline-fields=true --array-delimiter=$'\\x1f' \\\n\
         //     --nodes=nodes_article.csv --nodes=nodes_claim.csv --nodes=nodes_person.csv \\\n\
         //     --nodes=nodes_organization.csv --nodes=nodes_outlet.csv --nodes=nodes_anonymous.csv \\\n\
         //     --relationships=rels_said_by.csv --relationships=rels_reported_by.csv \\\n\
         //     --relationships=rels_appears_in.csv --relationships=rels_published_by.csv \\\n\
         //     --relationships=rels_part_of.csv --relationships=rels_affiliated_with.csv neo4j\n\
         // No article text is in this file: every value is read from the CSV files.\n\n\
         CREATE CONSTRAINT whosaid_node_id IF NOT EXISTS FOR (n:WhosaidNode) REQUIRE n.id IS UNIQUE;\n",
    );
    for k in NodeKind::ALL {
        let _ = write!(
            c,
            "\nLOAD CSV WITH HEADERS FROM 'file:///nodes_{}.csv' AS row\n\
             MERGE (n:WhosaidNode {{id: row.{}}})\nSET n:{}",
            k.as_str(),
            prop("id:ID"),
            label(k)
        );
        for col in NODE_HEADER.iter().skip(1).take(NODE_HEADER.len() - 2) {
            let (name, value) = cypher_value(col);
            let _ = write!(c, ",\n    n.{} = {value}", prop(&name));
        }
        c.push_str(";\n");
    }
    for k in EdgeKind::ALL {
        let _ = write!(
            c,
            "\nLOAD CSV WITH HEADERS FROM 'file:///rels_{}.csv' AS row\n\
             MATCH (a:WhosaidNode {{id: row.{}}}), (b:WhosaidNode {{id: row.{}}})\n\
             MERGE (a)-[r:{} {{key: row.{}}}]->(b)\nSET ",
            k.as_str(),
            prop(":START_ID"),
            prop(":END_ID"),
            rel_type(k),
            prop("key")
        );
        let sets: Vec<String> = REL_HEADER
            .iter()
            .skip(4)
            .map(|col| {
                let (name, value) = cypher_value(col);
                format!("r.{} = {value}", prop(&name))
            })
            .collect();
        c.push_str(&sets.join(",\n    "));
        c.push_str(";\n");
    }
    c
}

/// The Neo4j export's files, one for every name in [`NEO4J_FILES`] in that order: nodes sorted
/// by id and relationships by (source, target, key). Files of kinds the graph lacks hold only
/// the header, so a new export always replaces every file of an older one.
pub(crate) fn neo4j_writers() -> Vec<(String, FileWriter)> {
    let mut out: Vec<(String, FileWriter)> = Vec::new();
    for k in NodeKind::ALL {
        out.push((
            format!("nodes_{}.csv", k.as_str()),
            Box::new(move |g, w| {
                csv_file(NODE_HEADER, w, |row| {
                    g.each_node(Some(k), &mut |n| row(node_row(n)))
                })
            }),
        ));
    }
    for k in EdgeKind::ALL {
        out.push((
            format!("rels_{}.csv", k.as_str()),
            Box::new(move |g, w| {
                csv_file(REL_HEADER, w, |row| {
                    g.each_edge(Some(k), &mut |e| row(rel_row(e)))
                })
            }),
        ));
    }
    out.push((
        "import.cypher".into(),
        Box::new(|_, w| {
            w.write_all(cypher().as_bytes())
                .map_err(|source| Error::Write {
                    what: "Neo4j Cypher".into(),
                    source,
                })
        }),
    ));
    out
}

/// The Neo4j export in memory: (file name, contents) for every name in [`NEO4J_FILES`].
pub fn neo4j_files(g: &dyn GraphSource) -> Result<Vec<(String, Vec<u8>)>> {
    neo4j_writers()
        .into_iter()
        .map(|(name, write)| {
            let mut bytes = Vec::new();
            write(g, &mut bytes)?;
            Ok((name, bytes))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KnowledgeGraph;

    #[test]
    fn file_names_match_the_list() {
        let names: Vec<String> = neo4j_files(&KnowledgeGraph::new())
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, NEO4J_FILES);
    }

    #[test]
    fn multi_line_values_are_quoted() {
        let mut g = KnowledgeGraph::new();
        g.add_node(Node::new("claim:1", NodeKind::Claim, "a \"b\"\nc, d"));
        let files = neo4j_files(&g).unwrap();
        let claims = String::from_utf8(files[1].1.clone()).unwrap();
        assert!(claims.contains("\"a \"\"b\"\"\nc, d\""), "{claims}");
        let cypher = String::from_utf8(files[12].1.clone()).unwrap();
        assert!(!cypher.contains("a \"b\""));
        assert!(cypher.contains("r.`order` = toInteger(row.`order:int`)"));
    }
}
