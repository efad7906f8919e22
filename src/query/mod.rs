//! Provenance queries over a built graph: where a claim came from ([`trace`]), which claims
//! match a set of filters ([`query`]) and what the graph holds overall ([`stats`]). Everything
//! here reads a [`KnowledgeGraph`] and returns plain, serialisable data in a deterministic
//! order; [`output`] turns that data into text, tables and CSV.

pub mod output;

use crate::lexicon::{self, List};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::normalise_claim;
use crate::graph::{Edge, EdgeKind, KnowledgeGraph, Node, NodeKind};

/// The article an attribution was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// Article node id (`article:<doc id>`).
    pub id: String,
    /// Headline, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The outlet that published it (from its `published_by` edge).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<OutletRef>,
    /// URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// An outlet or channel a claim passed through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletRef {
    /// Node id (`outlet:xinhua`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Node kind (channels may be organisations issuing a statement).
    pub kind: NodeKind,
    /// True for state-controlled media (from the registry).
    pub state_media: bool,
    /// `reported_by` order: 1 is the channel the article cites directly (absent for publishers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// The kind of document the evidence names for this channel ("readout", "statement").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

/// The speaker of an attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerRef {
    /// Node id (`person:qin-gang`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Node kind: person, organization, outlet or anonymous.
    pub kind: NodeKind,
    /// Role or title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// One attribution of a claim: article, publisher, channels, speaker, cue and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The article.
    pub article: ArticleRef,
    /// Channels in `reported_by` order (the one the article cites directly first).
    pub via: Vec<OutletRef>,
    /// Who said it.
    pub speaker: SpeakerRef,
    /// The cue ("acknowledged", "according to").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// How the article names the speaker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
    /// The evidence sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Code-point offset of the evidence in the article file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Code-point offset one past the evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Confidence of the extraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

impl Provenance {
    /// Outlet ids of the chain, publisher first, then channels in order.
    pub fn chain_ids(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self
            .article
            .publisher
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        c.extend(self.via.iter().map(|v| v.id.as_str()));
        c
    }
}

/// A claim with everything known about where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimReport {
    /// Claim node id.
    pub id: String,
    /// The claim text.
    pub text: String,
    /// direct, indirect or mixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Match score in `(0, 1]` (trace only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Distinct article ids it appears in, sorted.
    pub articles: Vec<String>,
    /// Distinct outlet ids on its chains (publishers, channels, speaking outlets), sorted.
    pub outlets: Vec<String>,
    /// Number of distinct outlet chains (publisher + channels) that carry it.
    pub chains: usize,
    /// Independent reports: the larger of the number of distinct articles and the number of
    /// distinct outlets that reported it first-hand (see [`ClaimReport::corroboration`]).
    pub corroboration: usize,
    /// Carried by exactly one outlet chain.
    pub single_source: bool,
    /// Some chain includes state media.
    pub state_media: bool,
    /// Some speaker is anonymous.
    pub anonymous: bool,
    /// Every attribution, sorted by article and offset.
    pub provenance: Vec<Provenance>,
}

impl ClaimReport {
    /// Distinct speakers, in order of first appearance.
    pub fn speakers(&self) -> Vec<&SpeakerRef> {
        // a set beside the list: a claim can have tens of thousands of speakers
        let mut seen = BTreeSet::new();
        self.provenance
            .iter()
            .filter(|p| seen.insert(p.speaker.id.as_str()))
            .map(|p| &p.speaker)
            .collect()
    }

    /// Distinct outlet chains without the speaker (`Mothership <- Xinhua`), in order of first
    /// appearance.
    pub fn via(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.provenance
            .iter()
            .map(output::via_line)
            .filter(|v| !v.is_empty() && seen.insert(v.clone()))
            .collect()
    }

    /// What the table and CSV of `query` show of the claim.
    pub fn summary(&self) -> ClaimSummary {
        ClaimSummary {
            id: self.id.clone(),
            text: self.text.clone(),
            quote: self.quote.clone(),
            speakers: self
                .speakers()
                .into_iter()
                .map(|s| (s.name.clone(), s.kind))
                .collect(),
            via: self.via(),
            articles: self.articles.clone(),
            outlets: self.outlets.clone(),
            corroboration: self.corroboration,
            single_source: self.single_source,
            state_media: self.state_media,
            anonymous: self.anonymous,
        }
    }
}

/// A claim as the table and CSV of `query` show it: its figures, its distinct speakers and
/// outlet chains in order of first appearance, without the attributions themselves (a graph
/// store keeps these, so it answers without reading a claim's attributions).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSummary {
    /// Claim node id.
    pub id: String,
    /// The claim text.
    pub text: String,
    /// direct, indirect or mixed.
    pub quote: Option<String>,
    /// Distinct speakers (name and kind), in order of first appearance.
    pub speakers: Vec<(String, NodeKind)>,
    /// Distinct outlet chains without the speaker (`Mothership <- Xinhua`), in order of first
    /// appearance.
    pub via: Vec<String>,
    /// Distinct article ids, sorted.
    pub articles: Vec<String>,
    /// Distinct outlet ids, sorted.
    pub outlets: Vec<String>,
    /// Independent reports.
    pub corroboration: usize,
    /// Carried by exactly one outlet chain.
    pub single_source: bool,
    /// Some chain includes state media.
    pub state_media: bool,
    /// Some speaker is anonymous.
    pub anonymous: bool,
}

impl ArticleRef {
    /// The article `id` without its details.
    pub fn bare(id: &str) -> ArticleRef {
        ArticleRef {
            id: id.to_string(),
            title: None,
            publisher: None,
            url: None,
            date: None,
        }
    }
}

fn outlet_ref(n: &Node, order: Option<u32>) -> OutletRef {
    OutletRef {
        id: n.id.clone(),
        name: n.label.clone(),
        kind: n.kind,
        state_media: n.state_media,
        order,
        form: None,
    }
}

/// The article `id` as an attribution names it: title, publisher, address and date.
pub(crate) fn article_ref(g: &KnowledgeGraph, id: &str) -> ArticleRef {
    let node = g.node(id);
    let publisher = g
        .out_edges(id)
        .find(|e| e.kind == EdgeKind::PublishedBy)
        .and_then(|e| g.node(&e.target))
        .map(|n| outlet_ref(n, None));
    ArticleRef {
        id: id.to_string(),
        title: node.and_then(|n| n.title.clone()),
        publisher,
        url: node.and_then(|n| n.url.clone()),
        date: node.and_then(|n| n.date.clone()),
    }
}

/// Lowercase words of `text` with whether punctuation closed each one.
fn words(text: &str) -> Vec<(String, bool)> {
    text.split_whitespace()
        .map(|w| {
            let closed = w.ends_with([',', ';', ':', '.', '!', '?', ')']);
            let core: String = w
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            (core, closed)
        })
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

/// The document noun the evidence ties to a channel: "a readout of the meeting by Xinhua" and
/// "a Xinhua readout" both give "readout".
fn channel_form(evidence: &str, names: &[&str]) -> Option<String> {
    let ws = words(evidence);
    let is_doc = |w: &str| lexicon::words(List::DocNouns).contains(&w);
    for name in names {
        let nw: Vec<String> = words(name).into_iter().map(|(w, _)| w).collect();
        if nw.is_empty() || nw.len() > ws.len() {
            continue;
        }
        for i in 0..=ws.len() - nw.len() {
            let hit = ws
                .get(i..i + nw.len())
                .is_some_and(|s| s.iter().zip(&nw).all(|((a, _), b)| a == b));
            if !hit {
                continue;
            }
            // right after the name: "a Xinhua readout"
            let end = i + nw.len();
            let closed = ws.get(end - 1).is_some_and(|w| w.1);
            if !closed {
                for (w, c) in ws.iter().skip(end).take(2) {
                    if is_doc(w) {
                        return Some(w.clone());
                    }
                    if *c {
                        break;
                    }
                }
            }
            // before it in the same clause: "a readout of the meeting by Xinhua"
            for j in (i.saturating_sub(10)..i).rev() {
                let Some((w, c)) = ws.get(j) else { break };
                if *c {
                    break;
                }
                if is_doc(w) {
                    return Some(w.clone());
                }
            }
        }
    }
    None
}

fn names(n: &Node) -> Vec<&str> {
    let mut v = vec![n.label.as_str()];
    v.extend(n.aliases.iter().map(String::as_str));
    v
}

/// The full report of one claim node, or `None` when `id` is not a claim.
pub fn claim_report(g: &KnowledgeGraph, id: &str) -> Option<ClaimReport> {
    let claim = g.node(id).filter(|n| n.kind == NodeKind::Claim)?;
    let edges: Vec<&Edge> = g.out_edges(id).collect();
    // the article and channels of each attribution, found once: looking them up among all the
    // claim's edges for each said_by edge made a popular claim quadratic
    let mut appears: BTreeMap<(Option<&str>, Option<usize>), &str> = BTreeMap::new();
    let mut channels: BTreeMap<(Option<&str>, Option<usize>), Vec<&Edge>> = BTreeMap::new();
    for e in &edges {
        let key = (e.article.as_deref(), e.start);
        match e.kind {
            EdgeKind::AppearsIn => {
                appears.entry(key).or_insert(e.target.as_str());
            }
            EdgeKind::ReportedBy => channels.entry(key).or_default().push(e),
            _ => {}
        }
    }
    let mut provenance = Vec::new();
    for said in edges.iter().filter(|e| e.kind == EdgeKind::SaidBy) {
        let Some(sp) = g.node(&said.target) else {
            continue;
        };
        let key = (said.article.as_deref(), said.start);
        let article_id = appears
            .get(&key)
            .map(|t| (*t).to_string())
            .or_else(|| said.article.as_ref().map(|a| format!("article:{a}")))
            .unwrap_or_default();
        let mut via: Vec<(u32, OutletRef)> = channels
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let n = g.node(&e.target)?;
                let mut o = outlet_ref(n, e.order);
                o.form = e
                    .evidence
                    .as_deref()
                    .and_then(|ev| channel_form(ev, &names(n)));
                Some((e.order.unwrap_or(u32::MAX), o))
            })
            .collect();
        via.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        provenance.push(Provenance {
            article: article_ref(g, &article_id),
            via: via.into_iter().map(|(_, o)| o).collect(),
            speaker: SpeakerRef {
                id: sp.id.clone(),
                name: sp.label.clone(),
                kind: sp.kind,
                role: sp.role.clone(),
            },
            cue: said.cue.clone(),
            mention: said.mention.clone(),
            evidence: said.evidence.as_deref().map(str::to_string),
            start: said.start,
            end: said.end,
            confidence: said.confidence,
        });
    }
    provenance.sort_by(|a, b| {
        (&a.article.id, a.start, &a.speaker.id).cmp(&(&b.article.id, b.start, &b.speaker.id))
    });
    let mut articles: BTreeSet<String> = edges
        .iter()
        .filter(|e| e.kind == EdgeKind::AppearsIn)
        .map(|e| e.target.clone())
        .collect();
    articles.extend(provenance.iter().map(|p| p.article.id.clone()));
    let mut outlets = BTreeSet::new();
    let mut chains = BTreeSet::new();
    let mut first_hand = BTreeSet::new();
    let mut state_media = false;
    for p in &provenance {
        let chain: Vec<String> = p.chain_ids().into_iter().map(String::from).collect();
        outlets.extend(chain.iter().cloned());
        chains.insert(chain);
        // the outlet the article cites directly, or the publisher when it cites none
        if let Some(o) = p.via.first().or(p.article.publisher.as_ref()) {
            first_hand.insert(o.id.clone());
        }
        state_media |= p.via.iter().any(|v| v.state_media)
            || p.article.publisher.as_ref().is_some_and(|o| o.state_media);
        if p.speaker.kind == NodeKind::Outlet {
            outlets.insert(p.speaker.id.clone());
            state_media |= g.node(&p.speaker.id).is_some_and(|n| n.state_media);
        }
    }
    let anonymous = provenance
        .iter()
        .any(|p| p.speaker.kind == NodeKind::Anonymous);
    Some(ClaimReport {
        id: claim.id.clone(),
        text: claim.label.clone(),
        quote: claim.quote.clone(),
        score: None,
        corroboration: articles.len().max(first_hand.len()),
        articles: articles.into_iter().collect(),
        outlets: outlets.into_iter().collect(),
        chains: chains.len(),
        single_source: chains.len() == 1,
        state_media,
        anonymous,
        provenance,
    })
}

pub(crate) fn tokens(text: &str) -> Vec<String> {
    normalise_claim(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// How well `claim` matches the query `words`, in `[0, 1]`: the share of the query's weight
/// found among the claim's words. A word counts fully when the claim has it, half when one is
/// a prefix of the other and the shorter has at least four letters ("acknowledge",
/// "acknowledged").
fn overlap(query: &[(String, f64)], claim: &BTreeSet<String>) -> f64 {
    let total: f64 = query.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut got = 0.0;
    for (q, w) in query {
        if claim.contains(q) {
            got += w;
        } else if claim.iter().any(|c| {
            let (s, l) = if c.len() < q.len() { (c, q) } else { (q, c) };
            s.chars().count() >= 4 && l.starts_with(s.as_str())
        }) {
            got += w / 2.0;
        }
    }
    got / total
}

/// Claims matching `query`, best first. A query starting with `claim:` is looked up as an id.
/// Otherwise claims are ranked by word overlap with the query (case, quotes and punctuation
/// ignored; each query word weighted by how rare it is among the claims); ties go to the
/// claim extracted with the higher confidence, then to the smaller id. With `all` false only
/// the best match is returned; with `all` every claim scoring above zero.
pub fn trace(g: &KnowledgeGraph, query: &str, all: bool) -> Vec<ClaimReport> {
    let q = query.trim();
    if q.starts_with("claim:") {
        return claim_report(g, q).into_iter().collect();
    }
    let claims: Vec<(&Node, BTreeSet<String>)> = g
        .nodes()
        .filter(|n| n.kind == NodeKind::Claim)
        .map(|n| (n, tokens(&n.label).into_iter().collect()))
        .collect();
    let mut qwords: Vec<String> = tokens(q);
    qwords.sort();
    qwords.dedup();
    #[allow(clippy::cast_precision_loss)]
    let weighted: Vec<(String, f64)> = qwords
        .into_iter()
        .map(|w| {
            let df = claims.iter().filter(|(_, t)| t.contains(&w)).count();
            let idf = (1.0 + claims.len() as f64 / (1.0 + df as f64)).ln();
            (w, idf)
        })
        .collect();
    // scores first; reports only for the claims returned
    let mut scored: Vec<(f64, f64, &str)> = claims
        .iter()
        .filter_map(|(n, t)| {
            let s = (overlap(&weighted, t) * 1000.0).round() / 1000.0;
            (s > 0.0).then(|| (s, best_confidence(g, &n.id), n.id.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then_with(|| a.2.cmp(b.2))
    });
    if !all {
        scored.truncate(1);
    }
    scored
        .into_iter()
        .filter_map(|(s, _, id)| {
            let mut r = claim_report(g, id)?;
            r.score = Some(s);
            Some(r)
        })
        .collect()
}

/// The highest confidence among a claim's attributions (0 when none has one).
pub(crate) fn best_confidence(g: &KnowledgeGraph, claim: &str) -> f64 {
    g.out_edges(claim)
        .filter(|e| e.kind == EdgeKind::SaidBy && g.node(&e.target).is_some())
        .filter_map(|e| e.confidence)
        .fold(0.0, f64::max)
}

/// The ids of the graph around some claims: the claims, their speakers, channels and
/// articles, and the articles' publishers.
pub fn neighbourhood_ids(g: &KnowledgeGraph, claims: &[ClaimReport]) -> BTreeSet<String> {
    let mut keep = BTreeSet::new();
    for c in claims {
        keep.insert(c.id.clone());
        for e in g.out_edges(&c.id) {
            keep.insert(e.target.clone());
            if e.kind == EdgeKind::AppearsIn {
                keep.extend(
                    g.out_edges(&e.target)
                        .filter(|p| p.kind == EdgeKind::PublishedBy)
                        .map(|p| p.target.clone()),
                );
            }
        }
    }
    keep
}

/// The graph around some claims ([`neighbourhood_ids`]), with the edges among its nodes.
pub fn neighbourhood(g: &KnowledgeGraph, claims: &[ClaimReport]) -> KnowledgeGraph {
    g.subgraph(&neighbourhood_ids(g, claims))
}

/// A part of a graph: some nodes and the edges among them, only those of some articles when
/// `articles` is given (edges that belong to no article always stay).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cut {
    /// Ids of the nodes kept.
    pub nodes: BTreeSet<String>,
    /// Ids of the articles whose edges are kept (all when `None`).
    pub articles: Option<BTreeSet<String>>,
}

impl Cut {
    /// Every edge among `nodes`.
    pub fn among(nodes: BTreeSet<String>) -> Cut {
        Cut {
            nodes,
            articles: None,
        }
    }

    /// At most `per_claim` attributions of each of `claims`, their first (by article and
    /// offset): the claims, those attributions' speakers, channels, articles and publishers,
    /// and only those attributions' edges (a speaker quoted in every article would otherwise
    /// keep one edge per article).
    pub fn first_attributions(claims: &[ClaimReport], per_claim: usize) -> Cut {
        let mut nodes = BTreeSet::new();
        let mut articles = BTreeSet::new();
        for c in claims {
            nodes.insert(c.id.clone());
            for p in c.provenance.iter().take(per_claim) {
                articles.insert(p.article.id.clone());
                nodes.insert(p.speaker.id.clone());
                nodes.extend(p.chain_ids().into_iter().map(String::from));
            }
        }
        nodes.extend(articles.iter().cloned());
        Cut {
            nodes,
            articles: Some(articles),
        }
    }

    /// Whether the cut keeps `e` (given that it keeps both its ends).
    pub fn keeps_edge(&self, e: &Edge) -> bool {
        match (&self.articles, &e.article) {
            (Some(kept), Some(a)) => kept.contains(&format!("article:{a}")),
            _ => true,
        }
    }

    /// The part of `g` this cut keeps.
    pub fn of(&self, g: &KnowledgeGraph) -> KnowledgeGraph {
        g.subgraph_where(&self.nodes, |e| self.keeps_edge(e))
    }
}

/// The graph around `claims` (from `g`) with at most `per_claim` attributions a claim
/// ([`Cut::first_attributions`]): what a picture of a claim carried by thousands of articles
/// can show.
pub fn first_attributions(
    g: &KnowledgeGraph,
    claims: &[ClaimReport],
    per_claim: usize,
) -> KnowledgeGraph {
    Cut::first_attributions(claims, per_claim).of(g)
}

/// What [`query`] keeps; every filter that is set must hold (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A speaker's name or alias (case-insensitive); a single word also matches a person's
    /// first or last name ("Wang" for "Wang Yi").
    pub speaker: Option<String>,
    /// An outlet on a chain (publisher, channel or speaking outlet), by name or alias.
    pub outlet: Option<String>,
    /// Speaker kind.
    pub kind: Option<NodeKind>,
    /// Article id, with or without the `article:` prefix.
    pub article: Option<String>,
    /// Only claims carried by exactly one outlet chain.
    pub single_source: bool,
    /// Only claims with at least this corroboration.
    pub corroborated: Option<usize>,
    /// Only claims carried via state media.
    pub state_media: bool,
    /// Only claims with an anonymous speaker.
    pub anonymous: bool,
}

fn fold(s: &str) -> String {
    tokens(s).join(" ")
}

pub(crate) fn name_matches(n: &Node, want: &str, by_word: bool) -> bool {
    let want = fold(want);
    if want.is_empty() {
        return false;
    }
    if names(n).iter().any(|a| fold(a) == want) {
        return true;
    }
    if by_word && n.kind == NodeKind::Person && !want.contains(' ') {
        let label = tokens(&n.label);
        return label.first() == Some(&want) || label.last() == Some(&want);
    }
    false
}

impl Filter {
    /// Whether `c` passes every filter that is set.
    pub fn matches(&self, g: &KnowledgeGraph, c: &ClaimReport) -> bool {
        let node_matches = |id: &str, want: &str, by_word: bool| {
            g.node(id).is_some_and(|n| name_matches(n, want, by_word))
        };
        if let Some(s) = &self.speaker
            && !c
                .provenance
                .iter()
                .any(|p| node_matches(&p.speaker.id, s, true))
        {
            return false;
        }
        if let Some(o) = &self.outlet
            && !c.outlets.iter().any(|id| node_matches(id, o, false))
        {
            return false;
        }
        if let Some(k) = self.kind
            && !c.provenance.iter().any(|p| p.speaker.kind == k)
        {
            return false;
        }
        if let Some(a) = &self.article {
            let id = if a.starts_with("article:") {
                a.clone()
            } else {
                format!("article:{a}")
            };
            if !c.articles.contains(&id) {
                return false;
            }
        }
        if self.corroborated.is_some_and(|n| c.corroboration < n) {
            return false;
        }
        (c.single_source || !self.single_source)
            && (c.state_media || !self.state_media)
            && (c.anonymous || !self.anonymous)
    }
}

/// Every claim passing `filter`, sorted by id.
pub fn query(g: &KnowledgeGraph, filter: &Filter) -> Vec<ClaimReport> {
    g.nodes()
        .filter(|n| n.kind == NodeKind::Claim)
        .filter_map(|n| claim_report(g, &n.id))
        .filter(|c| filter.matches(g, c))
        .collect()
}

/// A count of something named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// How many claims.
    pub claims: usize,
}

/// A number of claims and its share of all claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Claims with the property.
    pub claims: usize,
    /// `claims` divided by all claims (0 when there are none), rounded to 4 decimals.
    pub share: f64,
}

/// Summary figures of a graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Nodes per kind, every kind listed.
    pub nodes: BTreeMap<String, usize>,
    /// Edges per kind, every kind listed.
    pub edges: BTreeMap<String, usize>,
    /// Number of claims.
    pub claims: usize,
    /// Up to 10 speakers with the most claims (ties by name, ignoring case).
    pub top_speakers: Vec<Count>,
    /// Up to 10 outlets on the most claims' chains (ties by name).
    pub top_outlets: Vec<Count>,
    /// Claims with an anonymous speaker.
    pub anonymous: Share,
    /// Claims carried by a single outlet chain.
    pub single_source: Share,
    /// Claims carried via state media.
    pub state_media: Share,
}

fn top(counts: BTreeMap<String, usize>, name: &impl Fn(&str) -> String) -> Vec<Count> {
    let mut v: Vec<Count> = counts
        .into_iter()
        .map(|(id, claims)| Count {
            name: name(&id),
            id,
            claims,
        })
        .collect();
    v.sort_by(|a, b| {
        b.claims
            .cmp(&a.claims)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.id.cmp(&b.id))
    });
    v.truncate(10);
    v
}

/// The counts behind [`Stats`], from a graph in memory or from a store.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Nodes per kind (kinds without nodes may be missing).
    pub(crate) nodes: BTreeMap<String, usize>,
    /// Edges per kind (kinds without edges may be missing).
    pub(crate) edges: BTreeMap<String, usize>,
    /// Claims.
    pub(crate) claims: usize,
    /// Claims per speaker id.
    pub(crate) speakers: BTreeMap<String, usize>,
    /// Claims per outlet id.
    pub(crate) outlets: BTreeMap<String, usize>,
    /// Claims with an anonymous speaker, single-source, via state media.
    pub(crate) anonymous: usize,
    pub(crate) single_source: usize,
    pub(crate) state_media: usize,
}

impl Tally {
    /// The figures, naming nodes with `name`.
    pub(crate) fn stats(mut self, name: impl Fn(&str) -> String) -> Stats {
        let n = self.claims;
        let share = |k: usize| {
            #[allow(clippy::cast_precision_loss)]
            let s = if n == 0 {
                0.0
            } else {
                (k as f64 / n as f64 * 10_000.0).round() / 10_000.0
            };
            Share {
                claims: k,
                share: s,
            }
        };
        let every = |counts: &mut BTreeMap<String, usize>,
                     kinds: &mut dyn Iterator<Item = &'static str>| {
            kinds
                .map(|k| (k.to_string(), counts.remove(k).unwrap_or(0)))
                .collect()
        };
        Stats {
            nodes: every(
                &mut self.nodes,
                &mut NodeKind::ALL.iter().map(|k| k.as_str()),
            ),
            edges: every(
                &mut self.edges,
                &mut EdgeKind::ALL.iter().map(|k| k.as_str()),
            ),
            claims: n,
            top_speakers: top(self.speakers, &name),
            top_outlets: top(self.outlets, &name),
            anonymous: share(self.anonymous),
            single_source: share(self.single_source),
            state_media: share(self.state_media),
        }
    }
}

/// Counts of nodes and edges by kind, the top speakers and outlets, and the shares of claims
/// that are anonymous, single-source or carried via state media.
pub fn stats(g: &KnowledgeGraph) -> Stats {
    let mut t = Tally::default();
    for n in g.nodes() {
        *t.nodes.entry(n.kind.as_str().to_string()).or_default() += 1;
    }
    // a count needs no order: the unsorted edges
    for e in g.petgraph().edge_weights() {
        *t.edges.entry(e.kind.as_str().to_string()).or_default() += 1;
    }
    for c in query(g, &Filter::default()) {
        t.claims += 1;
        for s in c.speakers() {
            *t.speakers.entry(s.id.clone()).or_default() += 1;
        }
        for o in &c.outlets {
            *t.outlets.entry(o.clone()).or_default() += 1;
        }
        t.anonymous += usize::from(c.anonymous);
        t.single_source += usize::from(c.single_source);
        t.state_media += usize::from(c.state_media);
    }
    t.stats(|id| g.node(id).map(|n| n.label.clone()).unwrap_or_default())
}

#[cfg(test)]
mod tests;
