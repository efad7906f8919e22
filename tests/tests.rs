//! End-to-end tests of the `whosaid` binary and the committed example graphs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

mod cli;
mod corpus;
mod errors;
mod eval;
mod exports;
mod external;
mod faults;
mod graphs;
mod model;
mod prov_neo4j;
mod query;
mod render;
mod report;
mod robust;
mod spark;
mod store;
mod stream;
mod tools;
mod util;
mod viewer;
