//! `make bench`: times the operations issues set targets for, in a release build, and
//! prints one table: task, time, peak memory, the floor it is compared with and the
//! ratio. Run one group with `cargo bench --bench bench -- NAME`.
//!
//! Each group runs in its own process (the harness re-executes itself) and sends its rows
//! back on stdout; the harness prints them together at the end. Times are medians of
//! several runs. A floor is what the task cannot beat, measured in the same run on the
//! same input (calamine alone parsing the .xlsx, encoding_rs + csv alone reading the
//! CSV), so the ratio holds however loaded the machine is. Peak memory is the process's
//! own high-water mark for the task (VmHWM, reset before it), or for tasks run through
//! the `rollcall` CLI as a child, that child's `ru_maxrss` from `wait4`.

/// The same allocator as the shipped binaries (see Cargo.toml), so the figures are theirs.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod backup_bench;
mod demo_bench;
mod export_bench;
mod plan_bench;
mod print_bench;
mod progress_bench;
mod roster_bench;
mod sync_bench;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Bench = (&'static str, fn());

const BENCHES: &[Bench] = &[
    ("demo", demo_bench::run),
    ("roster", roster_bench::run),
    ("progress", progress_bench::run),
    ("sync", sync_bench::run),
    ("export", export_bench::run),
    ("plan", plan_bench::run),
    ("print", print_bench::run),
    ("backup", backup_bench::run),
];

/// Marks a result line on a group's stdout.
const ROW: &str = "BENCHROW\t";

/// Times `f`, median of `runs`.
pub fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> Duration {
    let mut all: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    median(&mut all)
}

/// The median of some durations (the lower middle one for an even count).
pub fn median(all: &mut [Duration]) -> Duration {
    all.sort_unstable();
    all.get((all.len().max(1) - 1) / 2)
        .copied()
        .unwrap_or_default()
}

/// Peak resident memory of this process since the last [`reset_peak`], in MB (Linux; 0
/// elsewhere).
pub fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets this process's peak RSS so the next figure covers its task only.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// How a task's peak memory was measured.
pub enum Peak {
    /// This process's VmHWM since the last [`reset_peak`].
    Here,
    /// A peak measured apart, in MB: a child process's own, or a run of its own.
    Apart(f64),
}

/// One row of the table.
pub struct Figure<'a> {
    pub task: &'a str,
    pub took: Duration,
    pub peak: Peak,
    /// What the task is compared with, and its time.
    pub floor: Option<(&'a str, Duration)>,
    /// The goal, e.g. "≤ 1.3× floor", "≤ 800 ms", "≤ 100 MB".
    pub target: &'a str,
    pub ok: bool,
}

/// Sends one row to the harness.
pub fn row(f: Figure) {
    let mb = match f.peak {
        Peak::Here => peak_mb(),
        Peak::Apart(mb) => mb,
    };
    let (floor, floor_ms, ratio) = match f.floor {
        Some((name, d)) => (
            name.to_string(),
            format!("{:.1}", d.as_secs_f64() * 1000.0),
            format!("{:.2}", f.took.as_secs_f64() / d.as_secs_f64().max(1e-9)),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    println!(
        "{ROW}{}\t{:.1}\t{:.0}\t{floor}\t{floor_ms}\t{ratio}\t{}\t{}",
        f.task,
        f.took.as_secs_f64() * 1000.0,
        mb,
        f.target,
        match (f.ok, f.target.is_empty()) {
            (_, true) => "",
            (true, false) => "ok",
            (false, false) => "OVER",
        }
    );
}

/// A row against a time target only.
pub fn report(task: &str, took: Duration, target: Duration) {
    row(Figure {
        task,
        took,
        peak: Peak::Here,
        floor: None,
        target: &format!("≤ {} ms", target.as_millis()),
        ok: took <= target,
    });
}

/// A floor's own row (no target).
pub fn floor_row(task: &str, took: Duration, peak: Peak) {
    row(Figure {
        task,
        took,
        peak,
        floor: None,
        target: "",
        ok: true,
    });
}

/// A row against a floor: met when `took ≤ limit × floor`.
pub fn report_floor(task: &str, took: Duration, peak: Peak, floor: (&str, Duration), limit: f64) {
    row(Figure {
        task,
        took,
        peak,
        floor: Some(floor),
        target: &format!("≤ {limit}× floor"),
        ok: took.as_secs_f64() <= limit * floor.1.as_secs_f64(),
    });
}

/// Runs the `rollcall` CLI on `db` with `args`, stdout to `stdout` (or nowhere): how
/// long it took and its own peak memory in MB (wait4's `ru_maxrss`).
///
/// Started from a small runner process (this binary with `__cli`), not from here: a
/// child's `ru_maxrss` also counts the memory of the process it was forked from, which
/// here is the benchmark with its 50,000 students.
pub fn cli(db: &Path, args: &[&str], stdout: Option<&Path>) -> (Duration, f64) {
    let exe = std::env::current_exe().expect("bench binary path");
    let out = Command::new(exe)
        .arg("__cli")
        .arg(stdout.map_or("-".into(), |p| p.display().to_string()))
        .arg(db)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("run the runner");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text
        .split_whitespace()
        .map(|p| p.parse::<u64>().unwrap_or(0));
    let (nanos, kib) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    assert!(
        out.status.success() && nanos > 0,
        "rollcall {args:?} failed"
    );
    (Duration::from_nanos(nanos), kib as f64 / 1024.0)
}

/// The runner: `__cli STDOUT DB ARGS…` runs `rollcall --db DB ARGS…` and prints the
/// nanoseconds it took and its peak KiB. `ROLLCALL_BENCH_CLI` names another `rollcall`
/// binary to run instead (to compare with a build from before a change).
// The child is reaped by wait4 below, which std's `wait` cannot do with rusage.
#[allow(clippy::zombie_processes)]
fn cli_runner(args: &[String]) {
    let [stdout, db, rest @ ..] = args else {
        std::process::exit(2);
    };
    let out = match stdout.as_str() {
        "-" => Stdio::null(),
        p => Stdio::from(std::fs::File::create(p).expect("stdout file")),
    };
    // ROLLCALL_BENCH_CLI: another build's CLI, to compare with (e.g. before a change).
    let bin = std::env::var_os("ROLLCALL_BENCH_CLI")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_rollcall").into());
    let t = Instant::now();
    let child = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(rest)
        .env_remove("ROLLCALL_DB")
        .stdout(out)
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run rollcall");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; pid is our own child, not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = t.elapsed();
    let ok = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        std::process::exit(1);
    }
    println!("{} {}", took.as_nanos(), usage.ru_maxrss);
}

/// Runs one group, returns its rows; its other output goes to stderr.
fn run_group(exe: &Path, name: &str) -> Vec<Vec<String>> {
    let mut child = Command::new(exe)
        .arg(name)
        .stdout(Stdio::piped())
        .spawn()
        .expect("run benchmark");
    let mut rows = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            match line.strip_prefix(ROW) {
                Some(r) => rows.push(r.split('\t').map(str::to_string).collect()),
                None => eprintln!("{line}"),
            }
        }
    }
    let status = child.wait();
    if !matches!(status, Ok(s) if s.success()) {
        eprintln!("benchmark {name} failed: {status:?}");
        std::process::exit(1);
    }
    rows
}

/// Prints the rows as one table, columns padded by display width.
fn print_table(rows: &[Vec<String>]) {
    let header: Vec<String> = [
        "task", "time ms", "peak MB", "floor", "floor ms", "ratio", "target", "",
    ]
    .map(String::from)
    .to_vec();
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut widths = vec![0; header.len()];
    for r in std::iter::once(&header).chain(rows) {
        for (i, c) in r.iter().enumerate().take(widths.len()) {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |r: &Vec<String>| {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .take(widths.len())
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - width(c));
                // Numbers right-aligned, text left-aligned.
                if matches!(i, 1 | 2 | 4 | 5) {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    println!("{}", line(&header));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    println!("|-{}-|", rule.join("-|-"));
    for r in rows {
        println!("{}", line(r));
    }
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().is_some_and(|a| a == "__cli") {
        return cli_runner(&raw[1..]);
    }
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let exe = std::env::current_exe().expect("bench binary path");
    if let Some(name) = args.first() {
        if std::env::var_os("ROLLCALL_BENCH_CHILD").is_some() {
            match BENCHES.iter().find(|(n, _)| n == name) {
                Some((_, f)) => f(),
                None => eprintln!("unknown benchmark {name}"),
            }
            return;
        }
        std::env::set_var("ROLLCALL_BENCH_CHILD", "1");
        print_table(&run_group(&exe, name));
        return;
    }
    std::env::set_var("ROLLCALL_BENCH_CHILD", "1");
    let mut rows = Vec::new();
    for (name, _) in BENCHES {
        rows.extend(run_group(&exe, name));
    }
    print_table(&rows);
}
