//! Clustering near-duplicate claims into one claim node, and the per-claim counts of articles
//! and outlets.
//!
//! Every wording of a claim has a base id, [`claim_id`] of its text (so wordings with the same
//! normalised text already share one). Two base claims are near-duplicates when the Jaccard
//! similarity of the sets of [`SHINGLE_WORDS`]-word shingles of their normalised texts is at
//! least [`SIMILARITY`] and they have the same numbers (words with a digit: a claim about a fine
//! of 5 million is not one about 6 million). Clusters are the connected components of that relation, so they depend
//! only on the set of wordings, not on the order they were read in. A cluster's id is the
//! smallest base id among its members, its label the (smallest) text with that id, and its other
//! texts are kept as `variants`, from which a later merge re-clusters.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::{EdgeKind, KnowledgeGraph, Node, NodeKind};
use crate::domain::{claim_id, normalise_claim};
use crate::span::sorted_overlap;

/// Words per shingle (word bigrams).
pub const SHINGLE_WORDS: usize = 2;

/// Two claims are near-duplicates when the Jaccard similarity of their shingle sets is at least
/// this (shared shingles / all distinct shingles of both).
pub const SIMILARITY: f64 = 0.5;

/// The shingles of a normalised text; a text shorter than a shingle is one shingle of its own.
fn shingles(norm: &str) -> BTreeSet<String> {
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() < SHINGLE_WORDS {
        return std::iter::once(words.join(" "))
            .filter(|s| !s.is_empty())
            .collect();
    }
    words.windows(SHINGLE_WORDS).map(|w| w.join(" ")).collect()
}

fn similar(shared: usize, a: usize, b: usize) -> bool {
    let union = a + b - shared;
    union > 0 && shared as f64 >= SIMILARITY * union as f64
}

/// Jaccard similarity of the word-shingle sets of two claim texts after [`normalise_claim`]
/// (0 when either has no words).
pub fn claim_similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (shingles(&normalise_claim(a)), shingles(&normalise_claim(b)));
    let shared = x.intersection(&y).count();
    let union = x.len() + y.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Tokens of a set a prefix must keep: `n - ceil(f * n) + 1`, rounding `f * n` down a hair so a
/// prefix is never too short.
fn prefix_len(n: usize, f: f64) -> usize {
    let need = ((f * n as f64) - 1e-9).ceil().max(0.0) as usize;
    (n + 1).saturating_sub(need).min(n)
}

/// The numbers of a normalised text (its words with a digit), sorted and without repeats.
///
/// Two wordings with different numbers are different claims ("a fine of 5 million" is not "a
/// fine of 6 million"), however many words they share. This is also the guard against
/// templated text: thousands of claims that differ only in a number ("... fine 0" to "... fine
/// 4999") would otherwise all be near-duplicates of each other and make one claim.
fn numbers(norm: &str) -> Vec<&str> {
    let mut v: Vec<&str> = norm
        .split(' ')
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Joins in `comps` every two sets whose Jaccard similarity is at least [`SIMILARITY`] and
/// whose `group`s (their [`numbers`]) are equal; returns how many candidates were checked
/// exactly.
///
/// Sets are joined as they are verified: no list of pairs is kept, so memory is the index and
/// the union-find whatever the number of near-duplicate pairs, and a candidate already in the
/// set's cluster is not checked again. Sets of different groups are never compared.
///
/// Candidates come from prefix filtering (as in AllPairs and PPJoin): shingles are ranked
/// rarest first, sets are visited from the smallest, and only the first
/// `|x| - ceil(2t/(1+t) |x|) + 1` shingles of each visited set are indexed; a set probes the
/// index with its first `|y| - ceil(t |y|) + 1`. Two sets this similar always share a shingle
/// there, so no pair is lost, while the frequent shingles that made every claim a candidate of
/// every other ("said that the") stay out of the index.
fn join_near_duplicates<G: Ord>(
    sets: &[BTreeSet<String>],
    groups: &[G],
    comps: &mut Components,
) -> usize {
    let t = SIMILARITY;
    let mut checked = 0;
    // shingle -> rank, rarest first (ties by text, so the order is fixed)
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in sets {
        for g in s {
            *counts.entry(g.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, &str)> = counts.iter().map(|(g, c)| (*c, *g)).collect();
    ranked.sort_unstable();
    let rank: BTreeMap<&str, usize> = ranked
        .iter()
        .enumerate()
        .map(|(r, (_, g))| (*g, r))
        .collect();
    drop(counts);
    let ids: Vec<Vec<usize>> = sets
        .iter()
        .map(|s| {
            let mut v: Vec<usize> = s
                .iter()
                .filter_map(|g| rank.get(g.as_str()).copied())
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    drop(rank);
    // by group, then from the smallest set
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| {
        groups
            .get(a)
            .cmp(&groups.get(b))
            .then_with(|| {
                ids.get(a)
                    .map_or(0, Vec::len)
                    .cmp(&ids.get(b).map_or(0, Vec::len))
            })
            .then(a.cmp(&b))
    });
    let mut index: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    let mut seen = vec![usize::MAX; ids.len()];
    let mut candidates = Vec::new();
    let mut group = None;
    for &y in &order {
        let Some(ys) = ids.get(y) else { continue };
        if ys.is_empty() {
            continue;
        }
        if group != groups.get(y) {
            group = groups.get(y);
            index.clear();
        }
        candidates.clear();
        for tok in ys.iter().take(prefix_len(ys.len(), t)) {
            for &x in index.get(tok).into_iter().flatten() {
                if let Some(mark) = seen.get_mut(x)
                    && *mark != y
                {
                    *mark = y;
                    candidates.push(x);
                }
            }
        }
        for &x in &candidates {
            if comps.find(x) == comps.find(y) {
                continue;
            }
            checked += 1;
            let xs = ids.get(x).map_or(&[][..], Vec::as_slice);
            if similar(sorted_overlap(xs, ys), xs.len(), ys.len()) {
                comps.union(x, y);
            }
        }
        for &tok in ys.iter().take(prefix_len(ys.len(), 2.0 * t / (1.0 + t))) {
            index.entry(tok).or_default().push(y);
        }
    }
    checked
}

/// Union-find whose roots are the smallest member index.
struct Components(Vec<usize>);

impl Components {
    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.0.get(x) {
            if p == x {
                break;
            }
            let grand = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(x) {
                *slot = grand;
            }
            x = p;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        if let Some(slot) = self.0.get_mut(hi) {
            *slot = lo;
        }
    }
}

impl KnowledgeGraph {
    /// Replaces the claim nodes by clusters of near-duplicates (see the module documentation)
    /// and sets every claim's `articles` and `outlets` counts. Edges of merged claims move to
    /// the cluster. Idempotent; [`super::GraphBuilder::finish`] calls it, and so every way of
    /// making a graph.
    pub(crate) fn cluster_claims(&mut self) {
        // base id -> its wordings; and each current claim node's base ids
        let mut wordings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut members: Vec<(&Node, Vec<String>)> = Vec::new();
        for n in self.nodes().filter(|n| n.kind == NodeKind::Claim) {
            let ids: Vec<String> = std::iter::once(&n.label)
                .chain(&n.variants)
                .map(|t| {
                    let id = claim_id(t);
                    wordings.entry(id.clone()).or_default().insert(t.clone());
                    id
                })
                .collect();
            members.push((n, ids));
        }
        let keys: Vec<&String> = wordings.keys().collect();
        let pos: BTreeMap<&str, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let mut comps = Components((0..keys.len()).collect());
        // a node's wordings stay together (they were one cluster already)
        for (_, ids) in &members {
            let mut ix = ids.iter().filter_map(|id| pos.get(id.as_str()).copied());
            if let Some(first) = ix.next() {
                for other in ix {
                    comps.union(first, other);
                }
            }
        }
        // near-duplicates with the same numbers, found through a prefix-filtered index
        let norms: Vec<String> = wordings
            .values()
            .map(|ts| ts.first().map(|t| normalise_claim(t)).unwrap_or_default())
            .collect();
        let sets: Vec<BTreeSet<String>> = norms.iter().map(|n| shingles(n)).collect();
        let groups: Vec<Vec<&str>> = norms.iter().map(|n| numbers(n)).collect();
        join_near_duplicates(&sets, &groups, &mut comps);
        drop((sets, groups));
        // the cluster nodes
        let mut clusters: BTreeMap<usize, Node> = BTreeMap::new();
        for (i, ts) in wordings.values().enumerate() {
            let root = comps.find(i);
            let Some(id) = keys.get(root) else { continue };
            let node = clusters
                .entry(root)
                .or_insert_with(|| Node::new(id.as_str(), NodeKind::Claim, ""));
            node.variants.extend(ts.iter().cloned());
        }
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        for (n, ids) in &members {
            let Some(root) = ids
                .first()
                .and_then(|id| pos.get(id.as_str()))
                .map(|&i| comps.find(i))
            else {
                continue;
            };
            if let Some(c) = clusters.get_mut(&root) {
                c.quote = match (c.quote.take(), n.quote.clone()) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                renamed.insert(n.id.clone(), c.id.clone());
            }
        }
        drop(members);
        let clusters = clusters.into_values().map(|mut c| {
            c.variants.sort();
            c.variants.dedup();
            // the label: the smallest wording whose base id is the cluster id
            let label = c.variants.iter().find(|t| claim_id(t) == c.id).cloned();
            if let Some(label) = label {
                c.variants.retain(|t| *t != label);
                c.label = label;
            }
            c
        });
        if renamed.iter().all(|(from, to)| from == to) {
            // every claim node is its own cluster already (a graph clustered before): the
            // nodes are updated in place and no edge moves
            for c in clusters {
                match self.index.get(&c.id).copied() {
                    Some(ix) => {
                        if let Some(n) = self.graph.node_weight_mut(ix) {
                            *n = c;
                        }
                    }
                    None => self.add_node(c),
                }
            }
        } else {
            self.rebuild(clusters, &renamed);
        }
        self.recount();
    }

    /// Sets every claim's `articles` and `outlets` counts from its edges.
    pub(crate) fn recount(&mut self) {
        let counts: Vec<(String, usize, usize)> = self
            .nodes()
            .filter(|n| n.kind == NodeKind::Claim)
            .map(|n| {
                let (articles, outlets) = self.carriers(&n.id);
                (n.id.clone(), articles.len(), outlets.len())
            })
            .collect();
        for (id, articles, outlets) in counts {
            if let Some(n) = self
                .index
                .get(&id)
                .and_then(|&ix| self.graph.node_weight_mut(ix))
            {
                n.articles = Some(articles);
                n.outlets = Some(outlets);
            }
        }
    }

    /// Rebuilds the graph with `clusters` as its claim nodes and the edges of each claim in
    /// `renamed` moved to its cluster. Nodes and edges are moved, not copied: a large graph is
    /// never held twice.
    fn rebuild(
        &mut self,
        clusters: impl Iterator<Item = Node>,
        renamed: &BTreeMap<String, String>,
    ) {
        let KnowledgeGraph { graph, .. } = std::mem::take(self);
        // full size at once: growing by doubling would copy the largest part of the graph
        self.reserve(graph.node_count(), graph.edge_count());
        let (nodes, edges) = graph.into_nodes_edges_iters();
        for n in nodes.filter(|n| n.weight.kind != NodeKind::Claim) {
            self.add_node(n.weight);
        }
        for c in clusters {
            self.add_node(c);
        }
        for e in edges {
            let mut e = e.weight;
            if let Some(to) = renamed.get(&e.source) {
                e.source.clone_from(to);
            }
            if let Some(to) = renamed.get(&e.target) {
                e.target.clone_from(to);
            }
            self.add_edge(e);
        }
    }

    /// The distinct articles a claim appears in, and the distinct outlets that carried it: the
    /// outlets it was reported by and the publishers of those articles.
    fn carriers<'a>(&'a self, claim: &'a str) -> (BTreeSet<&'a str>, BTreeSet<&'a str>) {
        let is_outlet = |id: &str| self.node(id).is_some_and(|n| n.kind == NodeKind::Outlet);
        let mut articles = BTreeSet::new();
        let mut outlets = BTreeSet::new();
        for e in self.out_edges(claim) {
            match e.kind {
                EdgeKind::AppearsIn => {
                    articles.insert(e.target.as_str());
                }
                EdgeKind::ReportedBy if is_outlet(&e.target) => {
                    outlets.insert(e.target.as_str());
                }
                _ => {}
            }
        }
        for a in &articles {
            for e in self.out_edges(a) {
                if e.kind == EdgeKind::PublishedBy && is_outlet(&e.target) {
                    outlets.insert(e.target.as_str());
                }
            }
        }
        (articles, outlets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Edge;

    /// Found by the `graph_json` fuzz target (minimised): a loaded graph whose claim node
    /// `claim:57bf…` is labelled with text of another base id, while the text of that base id sits
    /// on a claim node called `article:…`. Merging it with itself once kept two claims; merging
    /// it again put both texts on the node `claim:57bf…` and fused them into one.
    #[test]
    fn fuzz_merging_a_graph_with_itself_is_idempotent() {
        let json = r#"{"schema": "whosaid.graph/v1", "directed": true, "multigraph": true,
          "graph": {"generator": "whosaid", "articles": 6, "claims": 19, "attributions": 26},
          "nodes": [
            {"id": "anoymou-lobster-ssources", "kind": "anonymous", "label": "sources"},
            {"id": "article:afp-canberra-dialogue", "kind": "claim",
             "label": "the Chiga-Australia relationship had turned a corner since the two sides resumed high-level exchanges",
             "quote": "indirect", "articles": 1},
            {"id": "claim:57bf0b59f20f15f9", "kind": "claim", "label": "the ter"},
            {"id": "outlet:the-guardian", "kind": "outlet", "label": "The Guareign Minir"}],
          "links": [
            {"source": "article:afp-canberra-dialogue", "target": "outlet:the-guardian",
             "kind": "published_by", "key": "pub Post f"}]}"#;
        let g = crate::export::read_graph_str(std::path::Path::new("g.json"), json).unwrap();
        let write = |g: &KnowledgeGraph| {
            let mut out = Vec::new();
            crate::export::write_graph(g, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let mut twice = g.clone();
        twice.merge(&g);
        let once = write(&twice);
        twice.merge(&g);
        assert_eq!(once, write(&twice));
        assert_eq!(once, write(&KnowledgeGraph::merge_all([&g, &g])));
        assert_eq!(twice.meta().claims, 2);
    }

    /// The clusters `join_near_duplicates` makes, as sorted lists of members.
    fn clusters_of(sets: &[BTreeSet<String>], groups: &[usize]) -> (Vec<Vec<usize>>, usize) {
        let mut comps = Components((0..sets.len()).collect());
        let checked = join_near_duplicates(sets, groups, &mut comps);
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..sets.len() {
            by_root.entry(comps.find(i)).or_default().push(i);
        }
        (by_root.into_values().collect(), checked)
    }

    proptest::proptest! {
        /// The prefix-filtered search makes the components a comparison of every two sets (of
        /// one group) does.
        #[test]
        fn near_duplicates_match_all_pairs(
            texts in proptest::collection::vec(
                (proptest::collection::vec(0usize..6, 0..9), 0usize..2), 0..40)
        ) {
            let words = ["ties", "are", "good", "bad", "the", "talks"];
            let sets: Vec<BTreeSet<String>> = texts
                .iter()
                .map(|(t, _)| {
                    let text: Vec<&str> = t.iter().filter_map(|&w| words.get(w).copied()).collect();
                    shingles(&text.join(" "))
                })
                .collect();
            let groups: Vec<usize> = texts.iter().map(|(_, g)| *g).collect();
            let mut all = Components((0..sets.len()).collect());
            for (i, a) in sets.iter().enumerate() {
                for (j, b) in sets.iter().enumerate().skip(i + 1) {
                    if groups[i] == groups[j] && similar(a.intersection(b).count(), a.len(), b.len()) {
                        all.union(i, j);
                    }
                }
            }
            let mut expected: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for i in 0..sets.len() {
                expected.entry(all.find(i)).or_default().push(i);
            }
            proptest::prop_assert_eq!(
                clusters_of(&sets, &groups).0,
                expected.into_values().collect::<Vec<_>>()
            );
        }
    }

    /// Claims that share most of their words but are not near-duplicates (Jaccard 6/14) used to
    /// make every claim a candidate of every other: the work grew with the square of their number.
    #[test]
    fn similar_looking_claims_are_not_all_compared() {
        let sets = |n: usize| -> Vec<BTreeSet<String>> {
            (0..n)
                .map(|i| {
                    shingles(&format!(
                        "talks on item {i} with the delegation of region {} failed",
                        i * 7
                    ))
                })
                .collect()
        };
        let (small, small_checks) = clusters_of(&sets(500), &[0; 500]);
        assert_eq!(small.len(), 500);
        let (large, large_checks) = clusters_of(&sets(4000), &[0; 4000]);
        assert_eq!(large.len(), 4000);
        // 8 times the claims: at most about 8 times the checks (all pairs would be 64 times)
        assert!(
            large_checks <= 10 * small_checks.max(1),
            "{small_checks} -> {large_checks}"
        );
    }

    /// A run of templated claims that differ only in a number used to be one claim, and the
    /// list of their pairs (20,000 claims: 200 million pairs) ran the machine out of memory.
    #[test]
    fn templated_claims_with_different_numbers_stay_apart() {
        let mut g = KnowledgeGraph::new();
        for i in 0..20_000 {
            let text = format!("The ministry said the company must pay a fine of {i} yuan");
            g.add_node(Node::new(claim_id(&text), NodeKind::Claim, text));
        }
        // and near-duplicate wordings of one number still make one claim
        for text in [
            "the company must pay a fine of 7 yuan, the ministry said",
            "The ministry said that the company must pay a fine of 7 yuan",
        ] {
            g.add_node(Node::new(claim_id(text), NodeKind::Claim, text));
        }
        g.cluster_claims();
        assert_eq!(g.meta().claims, 20_000);
        let seven: Vec<&Node> = g
            .nodes()
            .filter(|n| n.label.contains(" 7 ") || n.variants.iter().any(|v| v.contains(" 7 ")))
            .collect();
        assert_eq!(seven.len(), 1);
        assert_eq!(seven[0].variants.len(), 2, "{:?}", seven[0]);
    }

    /// Wordings that are all near-duplicates of each other are checked once each, not once per
    /// pair: a candidate already in the set's cluster is skipped.
    #[test]
    fn a_clique_of_wordings_is_checked_linearly() {
        let sets: Vec<BTreeSet<String>> = (0..2000)
            .map(|i| {
                shingles(&format!(
                    "the talks were frank and useful and will go on next week in the capital {}",
                    ["of", "near", "by", "at"][i % 4].repeat(1 + i / 4)
                ))
            })
            .collect();
        let (clusters, checked) = clusters_of(&sets, &[0; 2000]);
        assert_eq!(clusters.len(), 1);
        assert!(checked < 2 * 2000, "{checked}");
    }

    #[test]
    fn prefixes_are_long_enough() {
        // t = 0.5: probe n - ceil(n/2) + 1, index n - ceil(2n/3) + 1
        assert_eq!(prefix_len(4, 0.5), 3);
        assert_eq!(prefix_len(3, 2.0 / 3.0), 2);
        assert_eq!(prefix_len(1, 0.5), 1);
        assert_eq!(prefix_len(10, 2.0 / 3.0), 4);
    }

    #[test]
    fn shingles_and_similarity() {
        assert_eq!(
            shingles("partners not rivals"),
            ["not rivals", "partners not"]
                .into_iter()
                .map(String::from)
                .collect()
        );
        assert_eq!(shingles("yes").len(), 1);
        assert!(shingles("").is_empty());
        assert!((claim_similarity("Ties are “good”.", "ties are good") - 1.0).abs() < 1e-9);
        assert!(claim_similarity("", "") < SIMILARITY);
    }

    #[test]
    fn threshold_cases() {
        // 5 shared bigrams of 10: exactly at the threshold, merged
        let s = claim_similarity(
            "China and Australia should be partners rather than rivals",
            "China and Australia should be partners, not rivals",
        );
        assert!((s - 0.5).abs() < 1e-9, "{s}");
        // one extra word in a long sentence: merged
        assert!(
            claim_similarity(
                "the visit laid a solid foundation for the leaders' dialogue later this year",
                "the visit had \"laid a solid foundation\" for the leaders' dialogue later this year",
            ) >= SIMILARITY
        );
        // a paraphrase sharing a third of its bigrams: kept apart
        assert!(
            claim_similarity(
                "The relationship has turned a corner since the two countries resumed high-level contacts",
                "the China-Australia relationship had turned a corner since the two sides resumed high-level exchanges",
            ) < SIMILARITY
        );
        // short claims differing in one content word: apart
        assert!(claim_similarity("ties are strong", "ties are weak") < SIMILARITY);
        assert!(claim_similarity("the report is true", "the report is not true") < SIMILARITY);
    }

    fn claim(g: &mut KnowledgeGraph, text: &str, article: &str, outlet: &str) {
        let id = claim_id(text);
        g.add_node(Node::new(id.clone(), NodeKind::Claim, text));
        g.add_node(Node::new(article, NodeKind::Article, article));
        g.add_node(Node::new(outlet, NodeKind::Outlet, outlet));
        let mut e = Edge::new(id, article, EdgeKind::AppearsIn);
        e.key = format!("appears_in:{article}");
        g.add_edge(e);
        g.add_edge(Edge::new(article, outlet, EdgeKind::PublishedBy));
    }

    #[test]
    fn clusters_are_components_with_the_smallest_id_and_counts() {
        let texts = [
            "Beijing is ready to review the remaining restrictions on rock lobster",
            "Beijing was ready to review the remaining restrictions on rock lobster",
            "beijing was ready to review the remaining restrictions on rock lobster.",
            "Nobody wants to lose the momentum",
        ];
        let mut g = KnowledgeGraph::new();
        for (i, t) in texts.iter().enumerate() {
            claim(
                &mut g,
                t,
                &format!("article:{i}"),
                &format!("outlet:{}", i % 2),
            );
        }
        g.cluster_claims();
        let claims: Vec<&Node> = g.nodes().filter(|n| n.kind == NodeKind::Claim).collect();
        assert_eq!(claims.len(), 2);
        let big = claims.iter().find(|n| n.articles == Some(3)).unwrap();
        let ids: Vec<String> = texts[..3].iter().map(|t| claim_id(t)).collect();
        assert_eq!(big.id, *ids.iter().min().unwrap());
        assert_eq!(big.outlets, Some(2));
        assert_eq!(big.variants.len(), 2);
        assert_eq!(claim_id(&big.label), big.id);
        assert_eq!(g.out_edges(&big.id).count(), 3);
        // idempotent
        let before: Vec<Node> = g.nodes().cloned().collect();
        g.cluster_claims();
        assert_eq!(before, g.nodes().cloned().collect::<Vec<_>>());
    }
}
