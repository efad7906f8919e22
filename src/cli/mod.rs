//! The command line: turns parsed flags into library calls, reports per-article errors on
//! stderr and keeps going, and writes outputs atomically. The only code that prints.
#![allow(clippy::print_stderr)]

pub(crate) mod args;
pub(crate) mod progress;

use std::io::Write;
use std::num::NonZeroUsize;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use clap::ValueEnum as _;

use whosaid::{
    Error, Extraction, GraphBuilder, GraphSource, KnowledgeGraph, Metadata, Model, NodeKind,
    Pipeline, SpanStyle, TrainSettings, eval, export, ingest, query, render, store,
};

use args::{
    BadRecords, BuildArgs, Command, EngineArg, EvalArgs, EvalKind, ExportArgs, ExtractArgs,
    ExtractFormat, InputArgs, KindArg, LayoutArg, MergeArgs, QueryArgs, QueryFormat, RenderArgs,
    ReportArgs, Spans, SpeakerKind, StatsArgs, StatsFormat, SynthArgs, TraceArgs, TraceFormat,
    TrainArgs,
};
use progress::Ui;

/// What went wrong in a run: a fatal error, or how many articles were skipped.
pub(crate) enum Failure {
    /// Nothing useful could be done.
    Fatal(Error),
    /// Usage error detected after parsing (exit code 2).
    Usage(String),
    /// Output was written but some inputs were reported and skipped (exit code 3).
    Partial(usize),
    /// No input could be read (exit code 1): nothing was written.
    NoneRead(usize),
    /// The run worked but found nothing to show (exit code 1).
    NoMatch(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Fatal(e)
    }
}

pub(crate) fn run(cmd: Command, ui: Ui) -> Result<(), Failure> {
    match cmd {
        Command::Extract(a) => extract(a, ui),
        Command::Build(a) => build(a, ui),
        Command::Merge(a) => merge(a),
        Command::Export(a) => export_cmd(a, ui),
        Command::Trace(a) => trace_cmd(a),
        Command::Query(a) => query_cmd(a, ui),
        Command::Stats(a) => stats_cmd(a),
        Command::Render(a) => render_cmd(a, ui),
        Command::Report(a) => report_cmd(a, ui),
        Command::Train(a) => train(a, ui),
        Command::Eval(a) => eval_cmd(a),
        Command::Synth(a) => synth_cmd(a),
    }
}

fn pipeline(input: &InputArgs) -> Result<Pipeline, Failure> {
    let mut p = if input.rules_only || input.model.is_some() {
        Pipeline::rules_only()?
    } else {
        Pipeline::new()?
    };
    if let Some(path) = &input.model {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let model =
            Model::read(&bytes).map_err(|e| Error::BadModel(format!("{}: {e}", path.display())))?;
        p = p.with_model(model);
    }
    for f in &input.registry {
        p = p.with_registry_file(f)?;
    }
    Ok(p.with_spans(match input.spans {
        Spans::Claims => SpanStyle::Claims,
        Spans::Polnear => SpanStyle::Polnear,
    }))
}

/// Documents extracted in parallel at a time: enough to keep every core busy, few enough that
/// memory does not grow with the corpus.
const BATCH: usize = 64;

/// Reads the documents of the inputs on a thread of their own and extracts them in parallel
/// batches with `jobs` threads (default: one per CPU), turning each extraction into a `T` with
/// `each` on the same threads (rendering output there keeps every core busy), handing each batch
/// to `sink` in input order, and counting the documents on a progress bar (see [`Ui::progress`]).
/// A batch is whatever has been read, up to [`BATCH`] documents, so a document that arrives
/// alone on a pipe is extracted and handed on before the next is waited for. Inputs and records
/// that cannot be read are reported on stderr, counted, and handed to `sink` as errors in their
/// place; returns how many there were.
fn extract_each<T: Send>(
    input: &InputArgs,
    jobs: Option<NonZeroUsize>,
    ui: Ui,
    each: impl Fn(Extraction) -> T + Sync,
    mut sink: impl FnMut(Vec<Result<T, Error>>) -> whosaid::Result<()>,
) -> Result<usize, Failure> {
    let p = pipeline(input)?;
    let overrides = Metadata {
        publisher: input.publisher.clone(),
        url: input.url.clone(),
        title: input.title.clone(),
        date: input.date.clone(),
    };
    let (inputs, errors) = ingest::expand(&input.inputs, input.input_format);
    if overrides != Metadata::default() && inputs.len() + errors.len() > 1 {
        return Err(Failure::Usage(
            "--publisher, --url, --title and --date apply to a single input".into(),
        ));
    }
    let pool = thread_pool(jobs);
    // a total only when each input is one document: a JSON Lines corpus is not counted ahead
    let one_each = inputs.iter().all(|i| matches!(i, ingest::Input::Text(_)));
    let progress = ui.progress(one_each.then_some(inputs.len() as u64));
    let mut bad = 0;
    let mut report = |e: &Error| {
        progress.eprintln(format_args!("whosaid: error: {e}"));
        progress.inc(1);
        bad += 1;
    };
    errors.iter().for_each(&mut report);
    if !errors.is_empty() {
        progress.suspend(|| sink(errors.into_iter().map(Err).collect()))?;
    }
    // the reader is not joined: when the run stops early (a closed pipe downstream), it may be
    // blocked reading stdin, and it ends with the process
    let (tx, rx) = std::sync::mpsc::sync_channel(BATCH);
    std::thread::spawn(move || {
        for d in inputs.iter().flat_map(|i| ingest::stream(i, &overrides)) {
            if tx.send(d).is_err() {
                return;
            }
        }
    });
    let one = |mut x: Extraction| {
        if let Some(min) = input.min_confidence {
            x.retain_confident(min);
        }
        let x = each(x);
        progress.inc(1);
        x
    };
    // two documents with one id become one article node: said, not done silently
    let mut ids = std::collections::HashSet::new();
    let mut repeated = 0usize;
    while let Ok(first) = rx.recv() {
        let mut read = vec![first];
        read.extend(rx.try_iter().take(BATCH - 1));
        let mut docs = Vec::with_capacity(read.len());
        let mut slots = Vec::with_capacity(read.len());
        for d in read {
            match d {
                Ok(d) => {
                    if !ids.insert(d.id.clone()) {
                        repeated += 1;
                        if repeated <= MAX_REPEAT_WARNINGS {
                            progress.eprintln(format_args!(
                                "whosaid: warning: document id {:?} appears more than once: \
                                 their attributions go to one article node (give each document \
                                 its own id)",
                                d.id
                            ));
                        }
                    }
                    docs.push(d);
                    slots.push(None);
                }
                Err(e) => {
                    report(&e);
                    slots.push(Some(e));
                }
            }
        }
        let xs: Vec<T> = match &pool {
            Some(pool) => {
                pool.install(|| p.extract_batch(&docs).into_par_iter().map(one).collect())
            }
            None => docs.iter().map(|d| one(p.extract(d))).collect(),
        };
        let mut xs = xs.into_iter();
        let batch = slots
            .into_iter()
            .filter_map(|slot| match slot {
                Some(e) => Some(Err(e)),
                None => xs.next().map(Ok),
            })
            .collect();
        // the sink may write to stdout, which may be the terminal the bar is drawn on
        progress.suspend(|| sink(batch))?;
    }
    if repeated > MAX_REPEAT_WARNINGS {
        progress.eprintln(format_args!(
            "whosaid: warning: {repeated} documents repeated an earlier document's id"
        ));
    }
    Ok(bad)
}

/// Repeated document ids named one by one; beyond this, only counted.
const MAX_REPEAT_WARNINGS: usize = 10;

/// The threads for `--jobs`: none when extracting one document at a time.
fn thread_pool(jobs: Option<NonZeroUsize>) -> Option<rayon::ThreadPool> {
    let n = jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    if n == 1 {
        return None;
    }
    match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
        Ok(pool) => Some(pool),
        Err(e) => {
            eprintln!("whosaid: warning: no worker threads ({e}); extracting one at a time");
            None
        }
    }
}

/// Extracts every document, reporting and counting the bad ones; fails when none could be read
/// (see [`none_read`]).
fn extract_all(
    input: &InputArgs,
    jobs: Option<NonZeroUsize>,
    ui: Ui,
) -> Result<(Vec<Extraction>, usize), Failure> {
    let mut xs = Vec::new();
    let bad = extract_each(
        input,
        jobs,
        ui,
        |x| x,
        |batch| {
            xs.extend(batch.into_iter().flatten());
            Ok(())
        },
    )?;
    none_read(xs.len(), bad, input.bad_records)?;
    Ok((xs, bad))
}

/// Builds the graph of every document as it is extracted: each batch is added to the graph and
/// dropped, so memory holds the graph but never the whole corpus. The graph grows on its own
/// thread while the next batch is extracted. Fails when no document could be read (see
/// [`none_read`]).
fn build_graph(
    input: &InputArgs,
    jobs: Option<NonZeroUsize>,
    ui: Ui,
) -> Result<(KnowledgeGraph, usize), Failure> {
    let (bad, built) = std::thread::scope(|s| {
        // two batches in flight at most: memory stays bounded when the graph falls behind
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Extraction>>(2);
        let builder = s.spawn(move || {
            let mut g = GraphBuilder::new();
            let mut good = 0;
            for batch in rx {
                good += batch.len();
                for x in &batch {
                    g.add(x);
                }
            }
            (g.finish(), good)
        });
        let bad = extract_each(
            input,
            jobs,
            ui,
            |x| x,
            |batch| {
                tx.send(batch.into_iter().flatten().collect())
                    .map_err(|_| Error::io("-", std::io::Error::other("the graph builder stopped")))
            },
        );
        drop(tx);
        (bad, builder.join())
    });
    let bad = bad?;
    let (g, good) = built.map_err(|_| {
        Failure::Fatal(Error::io(
            "-",
            std::io::Error::other("the graph builder failed"),
        ))
    })?;
    none_read(good, bad, input.bad_records)?;
    Ok((g, bad))
}

/// A run that read no document fails (exit code 1, nothing written) when inputs were bad, unless
/// `--bad-records` says skipped records are expected: then its output is empty.
fn none_read(good: usize, bad: usize, how: BadRecords) -> Result<(), Failure> {
    if good == 0 && bad > 0 && how == BadRecords::Report {
        return Err(Failure::NoneRead(bad));
    }
    Ok(())
}

/// The end of a run that skipped `bad` inputs: exit code 3 under `--bad-records report`.
fn done(bad: usize, how: BadRecords) -> Result<(), Failure> {
    if bad > 0 && how == BadRecords::Report {
        Err(Failure::Partial(bad))
    } else {
        Ok(())
    }
}

fn extract(a: ExtractArgs, ui: Ui) -> Result<(), Failure> {
    if matches!(a.format, ExtractFormat::Jsonl) {
        return extract_jsonl(&a, ui);
    }
    if a.input.bad_records == BadRecords::Inline {
        return Err(Failure::Usage(
            "--bad-records inline needs --format jsonl".into(),
        ));
    }
    let (xs, bad) = extract_all(&a.input, a.jobs, ui)?;
    emit(a.output.as_deref(), |w| {
        export::write_extractions(&xs, false, w)
    })?;
    done(bad, a.input.bad_records)
}

/// `extract --format jsonl`: one line per document, written and flushed as the documents are
/// extracted; with `--bad-records inline`, an error line in the place of each bad one.
fn extract_jsonl(a: &ExtractArgs, ui: Ui) -> Result<(), Failure> {
    let how = a.input.bad_records;
    let mut bad = 0;
    let mut good = 0;
    let mut failure = None;
    let written = emit(a.output.as_deref(), |w| {
        let line = |x: Extraction| {
            let mut out = Vec::new();
            export::write_extractions(std::slice::from_ref(&x), true, &mut out).map(|()| out)
        };
        match extract_each(&a.input, a.jobs, ui, line, |batch| {
            for item in batch {
                match item {
                    Ok(line) => {
                        good += 1;
                        w.write_all(&line?).map_err(|e| Error::io("-", e))?;
                    }
                    Err(e) if how == BadRecords::Inline => export::write_error_line(&e, &mut *w)?,
                    Err(_) => {}
                }
            }
            // let a reader downstream have each batch as soon as it is done
            w.flush().map_err(|e| Error::io("-", e))
        }) {
            Ok(n) => bad = n,
            Err(Failure::Fatal(e)) => return Err(e),
            Err(f) => failure = Some(f),
        }
        if failure.is_none() {
            failure = none_read(good, bad, how).err();
        }
        match failure {
            // no output file for a run that read nothing
            Some(_) => Err(Error::io("-", std::io::Error::other("no documents"))),
            None => Ok(()),
        }
    });
    if let Some(f) = failure {
        return Err(f);
    }
    written?;
    done(bad, how)
}

fn build(a: BuildArgs, ui: Ui) -> Result<(), Failure> {
    // read the graph to append to first, so a bad file fails before any extraction
    let base = a.append.as_deref().map(load_graph).transpose()?;
    let (mut g, bad) = build_graph(&a.input, a.jobs, ui)?;
    let mut output = a.output.as_deref();
    if let Some(base) = &base {
        g.merge(base);
        output = output.or(a.append.as_deref());
    }
    write_graph_files(&g, output, a.dot.as_deref(), a.compact, a.db.as_deref())?;
    if let Some(svg) = &a.svg {
        write_svg(&g, &render::RenderOptions::default(), svg, ui)?;
    }
    done(bad, a.input.bad_records)
}

fn merge(a: MergeArgs) -> Result<(), Failure> {
    // one input graph in memory at a time, beside the union
    let mut g = GraphBuilder::new();
    for p in &a.graphs {
        if p.as_os_str() == "-" {
            export::for_each_graph(p, std::io::stdin().lock(), |one| g.add_graph(one))?;
        } else if p.extension().is_some_and(|e| e == "jsonl") {
            let f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
            export::for_each_graph(p, std::io::BufReader::new(f), |one| g.add_graph(one))?;
        } else {
            add_graph_file(&mut g, p)?;
        }
    }
    if let Some(list) = &a.list {
        let text = if list.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin()).map_err(|e| Error::io("-", e))?
        } else {
            std::fs::read_to_string(list).map_err(|e| Error::io(list, e))?
        };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            add_graph_file(&mut g, Path::new(line))?;
        }
    }
    let g = g.finish();
    write_graph_files(
        &g,
        a.output.as_deref(),
        a.dot.as_deref(),
        a.compact,
        a.db.as_deref(),
    )
}

/// Writes the DOT file (when asked) and the graph JSON (to stdout without a path), indented or
/// on one line.
fn write_graph_files(
    g: &KnowledgeGraph,
    json: Option<&Path>,
    dot: Option<&Path>,
    compact: bool,
    db: Option<&Path>,
) -> Result<(), Failure> {
    if let Some(dot) = dot {
        emit(Some(dot), |w| export::write_dot(g, w))?;
    }
    if let Some(db) = db {
        store::write_store(g, db)?;
        if json.is_none() {
            return Ok(());
        }
    }
    if compact {
        emit(json, |w| export::write_graph_line(g, w))
    } else {
        emit(json, |w| export::write_graph(g, w))
    }
}

fn export_cmd(a: ExportArgs, ui: Ui) -> Result<(), Failure> {
    // a store is exported as its rows are read; a confidence cut needs the whole graph
    let source: Box<dyn GraphSource> = match open_store(&a.graph)? {
        Some(db) if a.min_confidence.is_none() => Box::new(db),
        _ => Box::new(confident(load_graph(&a.graph)?, a.min_confidence)),
    };
    let g = source.as_ref();
    if a.format == export::Format::Html && !render::graphviz_available() {
        ui.info("the viewer's picture is drawn by the built-in layout (install Graphviz for a better one: apt install graphviz)");
    }
    if a.format.is_directory() {
        let Some(dir) = a.output.as_deref() else {
            return Err(Failure::Usage(format!(
                "--format {} writes a directory of files: give it with -o DIR",
                a.format
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_string())
            )));
        };
        return Ok(export::write_dir(g, a.format, dir)?);
    }
    emit(a.output.as_deref(), |w| export::write(g, a.format, w))
}

fn write_str(s: &str) -> impl FnOnce(&mut dyn Write) -> whosaid::Result<()> + '_ {
    move |w| w.write_all(s.as_bytes()).map_err(|e| Error::io("-", e))
}

fn trace_cmd(a: TraceArgs) -> Result<(), Failure> {
    // a graph JSON file is read whole; a store answers from its indexes
    let (g, db) = match open_store(&a.graph)? {
        Some(db) => (None, Some(db)),
        None => (Some(export::read_graph(&a.graph)?), None),
    };
    let found = match (&g, &db) {
        (Some(g), _) => query::trace(g, &a.query, a.all),
        (None, Some(db)) => db.trace(&a.query, a.all)?,
        (None, None) => Vec::new(),
    };
    if found.is_empty() {
        return Err(Failure::NoMatch(format!(
            "no claim in {} matches {:?}",
            a.graph.display(),
            a.query
        )));
    }
    let out = a.output.as_deref();
    match a.format {
        TraceFormat::Text => emit(out, write_str(&query::output::trace_text(&found))),
        TraceFormat::Json => emit(out, |w| {
            query::output::write_trace_json(&a.query, &found, w)
        }),
        TraceFormat::Dot => {
            let sub = match (&g, &db) {
                (Some(g), _) => query::neighbourhood(g, &found),
                (None, Some(db)) => db.neighbourhood(&found)?,
                (None, None) => KnowledgeGraph::new(),
            };
            emit(out, |w| export::write_dot(&sub, w))
        }
    }
}

fn query_cmd(a: QueryArgs, ui: Ui) -> Result<(), Failure> {
    let filter = query::Filter {
        speaker: a.speaker,
        outlet: a.outlet,
        kind: a.kind.map(|k| match k {
            SpeakerKind::Person => whosaid::NodeKind::Person,
            SpeakerKind::Organization => whosaid::NodeKind::Organization,
            SpeakerKind::Outlet => whosaid::NodeKind::Outlet,
            SpeakerKind::Anonymous => whosaid::NodeKind::Anonymous,
        }),
        article: a.article,
        single_source: a.single_source,
        corroborated: a.corroborated,
        state_media: a.state_media,
        anonymous: a.anonymous,
    };
    let db = open_store(&a.graph)?;
    let out = a.output.as_deref();
    let none = |n: usize| {
        if n == 0 {
            ui.info("no claims match");
        }
    };
    if matches!(a.format, QueryFormat::Json) {
        let found = match db {
            Some(db) => db.query(&filter)?,
            None => query::query(&export::read_graph(&a.graph)?, &filter),
        };
        none(found.len());
        return emit(out, |w| query::output::write_query_json(&found, w));
    }
    // the table and CSV show summaries, which a store reads without the attributions
    let found = match db {
        Some(db) => db.query_summaries(&filter)?,
        None => query::query(&export::read_graph(&a.graph)?, &filter)
            .iter()
            .map(query::ClaimReport::summary)
            .collect(),
    };
    none(found.len());
    let text = if matches!(a.format, QueryFormat::Csv) {
        query::output::csv(&found)
    } else {
        query::output::table(&found)
    };
    emit(out, write_str(&text))
}

/// Adds a graph JSON file, read whole, or a graph store, read a row at a time, to `g`.
fn add_graph_file(g: &mut GraphBuilder, path: &Path) -> Result<(), Error> {
    if store::is_store(path) {
        store::Store::open(path)?.add_to(g)
    } else {
        g.add_graph(export::read_graph(path)?);
        Ok(())
    }
}

/// A graph JSON file or a graph store, read whole.
fn load_graph(path: &Path) -> Result<KnowledgeGraph, Error> {
    if store::is_store(path) {
        store::Store::open(path)?.load()
    } else {
        export::read_graph(path)
    }
}

/// The store at `path` when it is one (the commands that read a store answer from its indexes).
fn open_store(path: &Path) -> Result<Option<store::Store>, Error> {
    store::is_store(path)
        .then(|| store::Store::open(path))
        .transpose()
}

/// The graph, without the attributions below `min` when one is given.
fn confident(g: KnowledgeGraph, min: Option<f64>) -> KnowledgeGraph {
    match min {
        Some(min) => g.retain_confident(min),
        None => g,
    }
}

fn stats_cmd(a: StatsArgs) -> Result<(), Failure> {
    // a store answers from its claim tables; a confidence cut needs the whole graph
    let s = match open_store(&a.graph)? {
        Some(db) if a.min_confidence.is_none() => db.stats()?,
        _ => query::stats(&confident(load_graph(&a.graph)?, a.min_confidence)),
    };
    let out = a.output.as_deref();
    match a.format {
        StatsFormat::Text => emit(out, write_str(&query::output::stats_text(&s))),
        StatsFormat::Json => emit(out, |w| query::output::write_stats_json(&s, w)),
    }
}

/// True when `path` is a graph: a graph store, a `.json` file, or a file whose contents parse as one
/// JSON object with the graph schema (a JSON Lines corpus of articles does not).
fn is_graph_file(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    if store::is_store(path) {
        return true;
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return true;
    }
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v.get("schema").and_then(|s| s.as_str()) == Some(export::GRAPH_SCHEMA))
}

/// Draws `g` as SVG to `path`, saying on stderr which engine drew it.
fn write_svg(
    g: &KnowledgeGraph,
    opts: &render::RenderOptions,
    path: &Path,
    ui: Ui,
) -> Result<(), Failure> {
    let r = render::svg(g, opts)?;
    emit(Some(path), write_str(&r.svg))?;
    let note = match r.engine {
        render::Engine::Builtin if opts.engine == render::EngineChoice::Auto => {
            " (Graphviz's dot was not found; install it for a better layout and PNG/PDF: apt \
             install graphviz)"
        }
        _ => "",
    };
    ui.info(format_args!(
        "drew {} with {}{note}",
        path.display(),
        r.engine
    ));
    Ok(())
}

fn render_cmd(a: RenderArgs, ui: Ui) -> Result<(), Failure> {
    let ext = a
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("svg") => None,
        Some("png") => Some(render::ImageFormat::Png),
        Some("pdf") => Some(render::ImageFormat::Pdf),
        _ => {
            return Err(Failure::Usage(format!(
                "{}: the output must end in .svg, .png or .pdf",
                a.output.display()
            )));
        }
    };
    let graphs = a.input.inputs.iter().filter(|p| is_graph_file(p)).count();
    // one store, uncut by confidence, is read only as far as the picture needs: the whole of
    // it too large to draw is refused before it is read, and a focused part is read alone
    let store = match a.input.inputs.as_slice() {
        [one] if a.input.min_confidence.is_none() => open_store(one)?,
        _ => None,
    };
    let focused_store = match (&store, &a.focus) {
        (Some(db), Some(f)) => Some(render::store_focus(db, f, a.depth)?),
        (Some(db), None) if a.max_claims.is_none() && a.hide_kinds.is_empty() => {
            render::drawable(db.node_count()?)?;
            None
        }
        _ => None,
    };
    let mut focus = a.focus;
    let (g, bad) = if let Some((id, part)) = focused_store {
        focus = Some(id);
        (part, 0)
    } else if graphs == a.input.inputs.len() {
        let gs = a
            .input
            .inputs
            .iter()
            .map(|p| load_graph(p))
            .collect::<Result<Vec<_>, _>>()?;
        let g = confident(KnowledgeGraph::merge_all(&gs), a.input.min_confidence);
        (g, 0)
    } else if graphs == 0 {
        build_graph(&a.input, None, ui)?
    } else {
        return Err(Failure::Usage(
            "give either graph JSON files or articles, not both".into(),
        ));
    };
    let opts = render::RenderOptions {
        engine: match a.engine {
            EngineArg::Auto => render::EngineChoice::Auto,
            EngineArg::Graphviz => render::EngineChoice::Graphviz,
            EngineArg::Builtin => render::EngineChoice::Builtin,
        },
        layout: match a.layout {
            LayoutArg::Dot => render::Layout::Dot,
            LayoutArg::Neato => render::Layout::Neato,
            LayoutArg::Fdp => render::Layout::Fdp,
            LayoutArg::Sfdp => render::Layout::Sfdp,
            LayoutArg::Circo => render::Layout::Circo,
        },
        focus,
        depth: a.depth,
        max_claims: a.max_claims,
        hide_kinds: a
            .hide_kinds
            .iter()
            .map(|k| match k {
                KindArg::Article => NodeKind::Article,
                KindArg::Claim => NodeKind::Claim,
                KindArg::Person => NodeKind::Person,
                KindArg::Organization => NodeKind::Organization,
                KindArg::Outlet => NodeKind::Outlet,
                KindArg::Anonymous => NodeKind::Anonymous,
            })
            .collect(),
        page: a.page,
        legend: !a.no_legend,
    };
    if let (Some(f), EngineArg::Builtin) = (format, a.engine) {
        return Err(Failure::Usage(format!(
            "--engine builtin draws SVG only, not {}",
            f.as_str()
        )));
    }
    // a graph too big for one page is drawn on several, whole articles to a page:
    // FILE-1.png, FILE-2.png, ...
    let parts = match opts.page {
        Some(_) => render::pages(&g, &opts)?,
        None => Vec::new(),
    };
    if let [_, _, ..] = parts.as_slice() {
        let part_opts = opts.for_part();
        for (k, part) in parts.iter().enumerate() {
            draw(part, &part_opts, format, &numbered(&a.output, k + 1), ui)?;
        }
        ui.info(format_args!(
            "the graph is too big for one page: drew {} pages of whole articles, as {}",
            parts.len(),
            numbered(&a.output, 0).display()
        ));
    } else {
        draw(&g, &opts, format, &a.output, ui)?;
    }
    done(bad, a.input.bad_records)
}

fn report_cmd(a: ReportArgs, ui: Ui) -> Result<(), Failure> {
    use whosaid::report;
    let ext = a
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("html" | "htm" | "md" | "pdf")) {
        return Err(Failure::Usage(format!(
            "{}: the report must end in .html, .md or .pdf",
            a.output.display()
        )));
    }
    let r = match open_store(&a.graph)? {
        Some(db) if a.min_confidence.is_none() => db.report(&a.query),
        _ => report::report(
            &confident(load_graph(&a.graph)?, a.min_confidence),
            &a.query,
        ),
    }
    .map_err(|e| match e {
        Error::Store { .. } => Failure::from(e),
        e => Failure::NoMatch(e.to_string()),
    })?;
    match ext.as_deref() {
        Some("pdf") => {
            let opts = report::figure_options(a.page);
            let bytes = render::pdf_with_caption(&r.figure, &opts, &report::caption(&r))?;
            emit(Some(&a.output), |w| {
                w.write_all(&bytes).map_err(|e| Error::io(&a.output, e))
            })?;
        }
        Some("md") => {
            let stem = a
                .output
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let name = format!("{stem}-figure.svg");
            let svg = report::figure_svg(&r, a.page)?;
            emit(Some(&a.output.with_file_name(&name)), write_str(&svg))?;
            emit(Some(&a.output), |w| report::write_markdown(&r, &name, w))?;
        }
        _ => {
            let svg = report::figure_svg(&r, a.page)?;
            emit(Some(&a.output), |w| report::write_html(&r, &svg, w))?;
        }
    }
    ui.info(format_args!(
        "wrote {} ({} of {} claims)",
        a.output.display(),
        r.entries.len(),
        r.matched
    ));
    Ok(())
}

/// Draws `g` to `path` as SVG (`format` none) or as PNG or PDF with Graphviz.
fn draw(
    g: &KnowledgeGraph,
    opts: &render::RenderOptions,
    format: Option<render::ImageFormat>,
    path: &Path,
    ui: Ui,
) -> Result<(), Failure> {
    let Some(f) = format else {
        return write_svg(g, opts, path, ui);
    };
    let bytes = render::image(g, opts, f)?;
    emit(Some(path), |w| {
        w.write_all(&bytes).map_err(|e| Error::io(path, e))
    })?;
    ui.info(format_args!(
        "drew {} with {}",
        path.display(),
        render::Engine::Graphviz(opts.layout)
    ));
    Ok(())
}

/// `fig.png` as page `k`: `fig-k.png` (`fig-N.png` for 0).
fn numbered(path: &Path, k: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(Default::default, |s| s.to_string_lossy().into_owned());
    let page = if k == 0 {
        "N".to_string()
    } else {
        k.to_string()
    };
    let name = match path.extension() {
        Some(e) => format!("{stem}-{page}.{}", e.to_string_lossy()),
        None => format!("{stem}-{page}"),
    };
    path.with_file_name(name)
}

fn train(a: TrainArgs, ui: Ui) -> Result<(), Failure> {
    let settings = TrainSettings {
        seed: a.seed,
        epochs: a.epochs,
        parser: !a.no_parser,
    };
    let (model, _) = whosaid::train(&a.dir, &settings, |msg| {
        ui.info(format_args!("train: {msg}"));
    })?;
    let bytes = model.write();
    emit(Some(&a.output), |w| {
        w.write_all(&bytes).map_err(|e| Error::io(&a.output, e))
    })?;
    let [pos, cue, role, ner, parser, tags, never] = model.sizes();
    ui.info(format_args!(
        "train: wrote {} ({} bytes; feature rows: pos {pos}, cue {cue}, role {role}, ner {ner}, \
         parser {parser}; \
         {tags} words in the tag dictionary, {never} never in a cue)",
        a.output.display(),
        bytes.len()
    ));
    if let Some(dev) = &a.dev {
        let s = whosaid::score_taggers(&model, dev)?;
        ui.info(format_args!(
            "train: on {}: POS accuracy {:.4} ({} tokens); named entities {:.4} of {} capitalised words",
            dev.display(),
            s.pos_accuracy,
            s.pos_tokens,
            s.ner_accuracy,
            s.ner_tokens
        ));
        ui.info(format_args!(
            "train: parser UAS {:.4}, LAS {:.4} ({} tokens, punctuation left out)",
            s.uas, s.las, s.parse_tokens
        ));
        ui.info(format_args!(
            "train: roles given the gold cues ({} cues): token accuracy {:.4}, source exact {:.4}, \
             content exact {:.4}",
            s.role_cues, s.role_accuracy, s.role_source_exact, s.role_content_exact
        ));
        for (label, p, r, f) in &s.ner_labels {
            ui.info(format_args!(
                "train:   {label:<5} P {p:.3} R {r:.3} F1 {f:.3}"
            ));
        }
    }
    Ok(())
}

fn eval_cmd(a: EvalArgs) -> Result<(), Failure> {
    let kind = match a.kind {
        EvalKind::Polnear => eval::GoldKind::Polnear,
        EvalKind::Claims => eval::GoldKind::Claims,
    };
    let scores = eval::evaluate(kind, &a.gold, &a.pred)?;
    if a.verbose && a.json {
        for m in &scores.misses {
            eprintln!("{}", m.line());
        }
    }
    emit(None, |w| {
        let io = |e| Error::io("-", e);
        if a.json {
            serde_json::to_writer_pretty(&mut *w, &scores).map_err(|e| Error::Write {
                what: "evaluation JSON".into(),
                source: e.into(),
            })?;
            return writeln!(w).map_err(io);
        }
        if a.verbose {
            for m in &scores.misses {
                writeln!(w, "{}", m.line()).map_err(io)?;
            }
        }
        for line in scores.table() {
            writeln!(w, "{line}").map_err(io)?;
        }
        writeln!(w, "{}", scores.summary()).map_err(io)
    })
}

fn synth_cmd(a: SynthArgs) -> Result<(), Failure> {
    let settings = whosaid::synth::SynthSettings {
        seed: a.seed,
        min_sentences: a.sentences.0,
        max_sentences: a.sentences.1,
    };
    let docs = whosaid::synth::Synth::new(a.articles, &settings);
    emit(a.output.as_deref(), |w| {
        whosaid::synth::write_jsonl(docs, w).map(|_| ())
    })
}

/// Writes to stdout (no path, or `-`), or atomically to `path`: a temporary file in the same directory that is
/// renamed over the target only once complete, so a crash never leaves half a file.
fn emit(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> whosaid::Result<()>,
) -> Result<(), Failure> {
    match path {
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            // a closed stdout (a reader that went away: EPIPE) is an error like any other:
            // the output is lost, and a pipeline with `set -o pipefail` must see it
            f(&mut lock)
                .and_then(|()| lock.flush().map_err(|e| Error::io("-", e)))
                .map_err(Failure::Fatal)
        }
        // `-o -`: stdout, as for a pipe
        Some(p) if p.as_os_str() == "-" => emit(None, f),
        Some(p) => whosaid::write_atomic(p, f).map_err(Failure::Fatal),
    }
}
