//! # whosaid
//!
//! Reads news articles and builds a source-attribution knowledge graph: every claim is linked to
//! the person or organisation it came from, the outlets it passed through and the article that
//! carried it, with each edge pointing back to the sentence it was read from.
//!
//! ```
//! use whosaid::{Document, KnowledgeGraph, Pipeline};
//!
//! let pipeline = Pipeline::new().unwrap();
//! let doc = Document {
//!     id: "demo".into(),
//!     meta: Default::default(),
//!     text: "Talks lasted six hours, Reuters reported.".into(),
//! };
//! let extraction = pipeline.extract(&doc);
//! assert_eq!(extraction.attributions[0].speaker.name, "Reuters");
//! let graph = KnowledgeGraph::from_extractions(&[extraction]);
//! assert!(graph.node("outlet:reuters").is_some());
//! ```
//!
//! [`eval`] scores extraction output against gold annotations (PolNeAR spans, or claims with
//! speakers and channels), with the same figures as the project's reference scorer.

#![doc(test(attr(deny(warnings))))]

mod domain;
mod error;
pub mod eval;
pub mod export;
mod extract;
pub mod graph;
pub mod ingest;
mod learn;
mod lexicon;
mod output;
mod pipeline;
pub mod query;
#[cfg(feature = "render")]
pub mod render;
#[cfg(feature = "render")]
pub mod report;
mod resolve;
mod span;
#[cfg(feature = "db")]
pub mod store;
pub mod synth;
pub mod text;

pub use domain::{
    Attribution, Document, Entity, EntityKind, EntityRef, Evidence, Extraction, Mention, Metadata,
    QuoteKind, claim_id, entity_id, normalise_claim, slug,
};
pub use error::{Error, Result};
pub use graph::{Edge, EdgeKind, GraphBuilder, GraphSource, KnowledgeGraph, Node, NodeKind};
pub use learn::{Model, TaggerScores, TrainReport, TrainSettings, score_taggers, train};
pub use output::{WriteFile, write_atomic, write_atomic_set};
pub use pipeline::{Pipeline, SpanStyle};
pub use resolve::Registry;
pub use span::{CharMap, Span};
