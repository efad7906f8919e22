//! End-to-end tests of the `whosaid` binary and the committed example graphs.

mod cli;
mod errors;
mod external;
mod graphs;
mod util;
