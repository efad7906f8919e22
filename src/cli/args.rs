//! Command-line flags (clap derive). Plain data: converted into library calls in `cli/mod.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// whosaid: who said what, via which outlet. Reads news articles and builds a
/// source-attribution knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "whosaid", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// No progress bar and no informational messages on stderr; errors and warnings are still
    /// printed.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Extract attributions (cue, source, content, speaker, channels) from articles.
    Extract(ExtractArgs),
    /// Build the knowledge graph of articles as node-link JSON (and optionally DOT).
    Build(BuildArgs),
    /// Merge graph JSON files into one (the same bytes for any order of the inputs).
    Merge(MergeArgs),
    /// Convert a graph JSON file written by `whosaid build` to another format.
    Export(ExportArgs),
    /// Show where a claim came from: article, publisher, channels, speaker, cue and evidence.
    Trace(TraceArgs),
    /// List the claims of a graph that pass every filter given.
    Query(QueryArgs),
    /// Count nodes and edges, rank speakers and outlets, and give the shares of anonymous,
    /// single-source and state-media claims.
    Stats(StatsArgs),
    /// Draw a graph (JSON) or the graph of articles as SVG, PNG or PDF (by the -o extension).
    Render(RenderArgs),
    /// One page on a claim, a person, an organisation or an outlet for a report: the trace,
    /// a figure sized for a page, other and contradicting wordings, the articles (HTML,
    /// Markdown or PDF by the -o extension).
    Report(ReportArgs),
    /// Train the learned attribution model on a PolNeAR split (text/, attributions/, tokens/).
    Train(TrainArgs),
    /// Score extraction output against gold annotations (the figures of the reference scorer
    /// score.py).
    Eval(EvalArgs),
    /// Write a synthetic corpus (JSON Lines) made from the sentences of the bundled example
    /// articles, for load tests and benchmarks.
    Synth(SynthArgs),
}

/// Where articles come from and what is known about them.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Article files (.txt), JSON Lines corpora (.jsonl), directories (walked for both), or `-`
    /// for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Publisher of the article (single input only; overrides sidecar metadata).
    #[arg(long)]
    pub(crate) publisher: Option<String>,
    /// URL of the article (single input only).
    #[arg(long)]
    pub(crate) url: Option<String>,
    /// Title of the article (single input only).
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// Publication date of the article (single input only).
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// Extra registry or gazetteer file ([[outlet]], [[organization]], [[person]] TOML tables).
    #[arg(long, value_name = "FILE")]
    pub(crate) registry: Vec<PathBuf>,
    /// Attribution model file to use instead of the built-in one (see `whosaid train`).
    #[arg(long, value_name = "FILE", conflicts_with = "rules_only")]
    pub(crate) model: Option<PathBuf>,
    /// Use the hand-written rules only, without the learned model.
    #[arg(long)]
    pub(crate) rules_only: bool,
    /// Span conventions of the output: `claims` (contents start after "said that") or
    /// `polnear` (contents start at the "that", as in the PolNeAR corpus).
    #[arg(long, value_enum, default_value_t = Spans::Claims, value_name = "STYLE")]
    pub(crate) spans: Spans,
    /// Leave out attributions extracted with a confidence below this (0 to 1); those whose
    /// speaker could not be resolved (`unknown`) have 0.3 at most.
    #[arg(long, value_name = "C", value_parser = confidence)]
    pub(crate) min_confidence: Option<f64>,
    /// How inputs are read: `auto` (files by extension; stdin is JSON Lines when its first
    /// non-blank line starts with `{`, else one article), `text` or `jsonl` (every file named,
    /// and stdin; a directory is still walked by extension).
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub(crate) input_format: whosaid::ingest::InputFormat,
    /// What an input or record that cannot be read does. Each is reported on stderr and
    /// skipped, and the others are processed. `report`: the exit code is 3. `drop`: the exit
    /// code stays 0. `inline` (extract --format jsonl only): also an error line in the output,
    /// in the record's place, and exit code 0.
    #[arg(long, value_enum, default_value = "report", value_name = "HOW")]
    pub(crate) bad_records: BadRecords,
}

/// What a bad input or record does (see `--bad-records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BadRecords {
    /// Reported on stderr and skipped; exit code 3.
    Report,
    /// Reported on stderr and skipped; exit code 0.
    Drop,
    /// Reported on stderr and as an error line in the output; exit code 0.
    Inline,
}

/// A confidence threshold: a number from 0 to 1.
fn confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("{s:?} is not a number from 0 to 1")),
    }
}

fn page(s: &str) -> Result<whosaid::render::Page, String> {
    whosaid::render::Page::parse(s).ok_or_else(|| {
        format!("{s:?} is no page: a4, letter, a4-landscape, letter-landscape, 6x4 or 16x10cm")
    })
}

/// Span conventions (see `whosaid::SpanStyle`).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Spans {
    /// The claims conventions: "said that C" has content C.
    Claims,
    /// PolNeAR's conventions: "said that C" has content "that C".
    Polnear,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ExtractFormat {
    /// One JSON object per document (an array for several documents).
    Json,
    /// One compact JSON object per line.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub(crate) format: ExtractFormat,
    /// Articles to extract in parallel (default: the number of CPUs; 1: one at a time). The
    /// output is the same for any value.
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<std::num::NonZeroUsize>,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Write the graph JSON to FILE instead of stdout.
    #[arg(short, long, value_name = "GRAPH.json")]
    pub(crate) output: Option<PathBuf>,
    /// Also write the graph as Graphviz DOT to FILE.
    #[arg(long, value_name = "GRAPH.dot")]
    pub(crate) dot: Option<PathBuf>,
    /// Write the graph JSON on one line (a line of graph JSON Lines, which `merge -` reads):
    /// a map step's shard on a pipe.
    #[arg(long)]
    pub(crate) compact: bool,
    /// Also draw the graph as SVG to FILE (Graphviz when installed, else the built-in layout).
    #[arg(long, value_name = "GRAPH.svg")]
    pub(crate) svg: Option<PathBuf>,
    /// Also write the graph as a graph store: an SQLite file with indexes and full-text search
    /// that trace, query, stats, report and merge read without loading the whole graph. With
    /// --db and no -o, no graph JSON is written.
    #[arg(long, value_name = "GRAPH.db")]
    pub(crate) db: Option<PathBuf>,

    /// Add the inputs to this existing graph JSON file, rewritten in place (atomically) unless
    /// -o names another file; the same graph as merging it with the graph of the inputs.
    #[arg(long, value_name = "GRAPH.json")]
    pub(crate) append: Option<PathBuf>,
    /// Articles to extract in parallel (default: the number of CPUs; 1: one at a time). The
    /// output is the same for any value.
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// Graph JSON files or graph stores (`--db`) written by `whosaid build` or `whosaid merge`;
    /// a `.jsonl` file, or `-` for stdin, holds graph JSON Lines (one graph per line, as `--compact` writes them; stdin
    /// may also be one indented graph).
    #[arg(required_unless_present = "list", value_name = "GRAPH.json")]
    pub(crate) graphs: Vec<PathBuf>,
    /// Also merge the graph files listed in FILE, one path per line (`-`: read the list from
    /// stdin). One graph is read at a time, so memory holds the merged graph and one shard.
    #[arg(long, value_name = "FILE")]
    pub(crate) list: Option<PathBuf>,
    /// Write the merged graph JSON to FILE instead of stdout.
    #[arg(short, long, value_name = "GRAPH.json")]
    pub(crate) output: Option<PathBuf>,
    /// Also write the merged graph as Graphviz DOT to FILE.
    #[arg(long, value_name = "GRAPH.dot")]
    pub(crate) dot: Option<PathBuf>,
    /// Write the graph JSON on one line (a line of graph JSON Lines, which `merge -` reads).
    #[arg(long)]
    pub(crate) compact: bool,
    /// Also write the graph as a graph store: an SQLite file with indexes and full-text search
    /// that trace, query, stats, report and merge read without loading the whole graph. With
    /// --db and no -o, no graph JSON is written.
    #[arg(long, value_name = "GRAPH.db")]
    pub(crate) db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Graph JSON or graph store (`build --db`) written by `whosaid build`.
    #[arg(value_name = "GRAPH.json")]
    pub(crate) graph: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub(crate) format: whosaid::export::Format,
    /// Write to FILE instead of stdout (`--format csv` and `--format neo4j`: the directory to
    /// write the files into, required).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Leave out the attributions extracted with a confidence below this (0 to 1).
    #[arg(long, value_name = "C", value_parser = confidence)]
    pub(crate) min_confidence: Option<f64>,
}

#[derive(Debug, Args)]
pub(crate) struct TrainArgs {
    /// PolNeAR split directory holding text/, attributions/ and tokens/.
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
    /// Where to write the model.
    #[arg(short, long, value_name = "FILE", default_value = "data/whosaid.model")]
    pub(crate) output: PathBuf,
    /// Seed for shuffling the training examples.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Passes over the training data per model.
    #[arg(long, default_value_t = 6)]
    pub(crate) epochs: usize,
    /// A held-out split (e.g. PolNeAR dev) to score the trained taggers and parser on.
    #[arg(long, value_name = "DIR")]
    pub(crate) dev: Option<PathBuf>,
    /// Train no dependency parser, so the role tagger reads no parse (the shipped model).
    #[arg(long)]
    pub(crate) no_parser: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum EvalKind {
    /// PolNeAR brat standoff: GOLD_DIR/text/*.txt and GOLD_DIR/attributions/*.ann.
    Polnear,
    /// Claims gold: GOLD_DIR/articles/*.txt and GOLD_DIR/gold/*.json.
    Claims,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without --json, prints what score.py prints: the misses (with \
--verbose), the exact and overlap scores per part (polnear gold) and the one-line summary. \
With --json, stdout holds only the JSON (score.py prints its summary line after it), and the \
misses of --verbose go to stderr."
)]
pub(crate) struct EvalArgs {
    /// Kind of gold annotation.
    #[arg(value_enum)]
    pub(crate) kind: EvalKind,
    /// Directory holding the gold annotations and article texts.
    #[arg(value_name = "GOLD_DIR")]
    pub(crate) gold: PathBuf,
    /// Predictions: a directory of <stem>.json files, a JSON file (one document or a list), or
    /// a JSON Lines file (e.g. from `whosaid extract --format jsonl`).
    #[arg(value_name = "PRED")]
    pub(crate) pred: PathBuf,
    /// Print all figures as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// List every gold attribution that was missed or got the wrong speaker or channels.
    #[arg(long)]
    pub(crate) verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum TraceFormat {
    /// A readable provenance tree.
    Text,
    /// The same as data (whosaid.trace/v1).
    Json,
    /// Graphviz DOT of the subgraph around the claim(s).
    Dot,
}

#[derive(Debug, Args)]
pub(crate) struct TraceArgs {
    /// Graph JSON or graph store (`build --db`) written by `whosaid build`.
    #[arg(value_name = "GRAPH.json")]
    pub(crate) graph: PathBuf,
    /// A claim id (`claim:...`) or words from the claim.
    #[arg(value_name = "QUERY")]
    pub(crate) query: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: TraceFormat,
    /// Every claim matching at least one word, best first (default: only the best match).
    #[arg(long)]
    pub(crate) all: bool,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SpeakerKind {
    /// A named person.
    Person,
    /// An organisation.
    Organization,
    /// A news outlet speaking for itself.
    Outlet,
    /// An anonymous source.
    Anonymous,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum QueryFormat {
    /// Aligned text columns.
    Table,
    /// Full data (whosaid.query/v1).
    Json,
    /// RFC 4180 CSV, formula cells neutralised.
    Csv,
}

#[derive(Debug, Args)]
#[command(after_help = "Filters combine: a claim is listed only when it passes all of them.")]
pub(crate) struct QueryArgs {
    /// Graph JSON or graph store (`build --db`) written by `whosaid build`.
    #[arg(value_name = "GRAPH.json")]
    pub(crate) graph: PathBuf,
    /// Speaker name or alias, case-insensitive; a single word also matches a person's first or
    /// last name.
    #[arg(long, value_name = "NAME")]
    pub(crate) speaker: Option<String>,
    /// An outlet the claim came through (publisher, channel or speaking outlet).
    #[arg(long, value_name = "NAME")]
    pub(crate) outlet: Option<String>,
    /// Kind of speaker.
    #[arg(long, value_enum)]
    pub(crate) kind: Option<SpeakerKind>,
    /// Article id (with or without `article:`).
    #[arg(long, value_name = "ID")]
    pub(crate) article: Option<String>,
    /// Only claims carried by exactly one outlet chain.
    #[arg(long)]
    pub(crate) single_source: bool,
    /// Only claims reported by at least N distinct articles or first-hand outlets.
    #[arg(long, value_name = "N")]
    pub(crate) corroborated: Option<usize>,
    /// Only claims whose chain includes state media.
    #[arg(long)]
    pub(crate) state_media: bool,
    /// Only claims from anonymous sources.
    #[arg(long)]
    pub(crate) anonymous: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: QueryFormat,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum StatsFormat {
    /// Readable summary.
    Text,
    /// whosaid.stats/v1.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    /// Graph JSON or graph store (`build --db`) written by `whosaid build`.
    #[arg(value_name = "GRAPH.json")]
    pub(crate) graph: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: StatsFormat,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Leave out the attributions extracted with a confidence below this (0 to 1).
    #[arg(long, value_name = "C", value_parser = confidence)]
    pub(crate) min_confidence: Option<f64>,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// What the report is about: a node id, a person's, organisation's or outlet's name or
    /// alias, or words of a claim (the best match).
    #[arg(value_name = "QUERY")]
    pub(crate) query: String,
    /// Graph JSON or graph store (`build --db`) written by `whosaid build`.
    #[arg(value_name = "GRAPH.json")]
    pub(crate) graph: PathBuf,
    /// Where to write it: FILE.html (self-contained), FILE.md (with the figure as FILE-figure.svg
    /// beside it) or FILE.pdf (the figure with the claims under it; needs Graphviz).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// The page the figure is sized for: a4, letter, a4-landscape, letter-landscape, WxH.
    #[arg(long, value_name = "PAGE", value_parser = page, default_value = "a4")]
    pub(crate) page: whosaid::render::Page,
    /// Leave out the attributions extracted with a confidence below this (0 to 1).
    #[arg(long, value_name = "C", value_parser = confidence)]
    pub(crate) min_confidence: Option<f64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum EngineArg {
    /// Graphviz when `dot` is installed, the built-in layout otherwise.
    Auto,
    /// Graphviz only (an error when `dot` is missing).
    Graphviz,
    /// The embedded pure-Rust layout (SVG only).
    Builtin,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LayoutArg {
    /// Layered, left to right (default).
    Dot,
    /// Spring model.
    Neato,
    /// Force-directed.
    Fdp,
    /// Force-directed for large graphs.
    Sfdp,
    /// Circular.
    Circo,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KindArg {
    /// Articles.
    Article,
    /// Claims.
    Claim,
    /// Named people.
    Person,
    /// Organisations.
    Organization,
    /// Outlets and channels.
    Outlet,
    /// Anonymous sources.
    Anonymous,
}

#[derive(Debug, Args)]
#[command(
    after_help = "INPUT is a graph JSON file (whosaid.graph/v1, recognised by its \
contents) or articles (.txt, .jsonl, directories), whose graph is built as `whosaid build` \
would. The format follows the extension of -o: .svg, .png or .pdf. PNG and PDF need Graphviz \
(`apt install graphviz`); SVG is drawn by the built-in layout when Graphviz is missing."
)]
pub(crate) struct RenderArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Where to write the picture: FILE.svg, FILE.png or FILE.pdf.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Engine for SVG.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) engine: EngineArg,
    /// Graphviz layout program.
    #[arg(long, value_enum, default_value = "dot")]
    pub(crate) layout: LayoutArg,
    /// Draw only the neighbourhood of a node: its id, a name or alias, or words of a claim.
    #[arg(long, value_name = "NAME|CLAIM")]
    pub(crate) focus: Option<String>,
    /// With --focus: how many steps out to go (1: the node's claims, or a claim's chain; 2: also
    /// the claims sharing a speaker, outlet or article with those); claims come with their chains.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) depth: usize,
    /// Keep only the N claims carried by the most articles, then outlets, then attributions.
    #[arg(long, value_name = "N")]
    pub(crate) max_claims: Option<usize>,
    /// Leave these node kinds out (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND,KIND")]
    pub(crate) hide_kinds: Vec<KindArg>,
    /// Fit the picture to a page (Graphviz's dot layout): a4, letter, a4-landscape,
    /// letter-landscape, or WxH in inches (6x4) or centimetres (16x10cm). The layout runs left
    /// to right or top to bottom, whichever is nearer the page's shape, scaled down to fit.
    #[arg(long, visible_alias = "size", value_name = "PAGE", value_parser = page)]
    pub(crate) page: Option<whosaid::render::Page>,
    /// Leave the legend out.
    #[arg(long)]
    pub(crate) no_legend: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SynthArgs {
    /// How many articles to write.
    #[arg(long, value_name = "N")]
    pub(crate) articles: usize,
    /// Seed of the random choices: the same N and seed give the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub(crate) seed: u64,
    /// Sentences per article: MIN..MAX (inclusive) or a single N.
    #[arg(long, value_name = "MIN..MAX", default_value = "12..30", value_parser = parse_sentences)]
    pub(crate) sentences: (usize, usize),
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE.jsonl")]
    pub(crate) output: Option<PathBuf>,
}

/// Parses `MIN..MAX` or `N` into an inclusive range of at least one sentence.
fn parse_sentences(s: &str) -> Result<(usize, usize), String> {
    let num = |t: &str| {
        t.trim()
            .parse::<usize>()
            .map_err(|e| format!("{t:?} is not a number of sentences: {e}"))
    };
    let (min, max) = match s.split_once("..") {
        Some((a, b)) => (num(a)?, num(b.strip_prefix('=').unwrap_or(b))?),
        None => (num(s)?, num(s)?),
    };
    if min == 0 || min > max {
        return Err(format!(
            "need 1 <= MIN <= MAX, as in 12..30 (got {min}..{max})"
        ));
    }
    Ok((min, max))
}
