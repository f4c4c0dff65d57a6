//! `make bench`: times the operations issues set targets for, in a release build, and
//! prints one line per figure. Run one with `cargo bench --bench bench -- NAME`.
//!
//! Each benchmark runs in its own process (the harness re-executes itself), so the peak
//! memory it reports (VmHWM) is its own.

mod backup_bench;
mod demo_bench;
mod export_bench;
mod plan_bench;
mod print_bench;
mod progress_bench;
mod roster_bench;
mod sync_bench;

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

/// Times `f`, best of `runs`.
pub fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
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

/// Prints one figure against its target.
pub fn report(name: &str, took: Duration, target: Duration) {
    let ok = if took <= target { "ok" } else { "OVER TARGET" };
    println!(
        "{name:<48} {:>9.1} ms  (target ≤ {} ms, {ok})  peak {:.0} MB",
        took.as_secs_f64() * 1000.0,
        target.as_millis(),
        peak_mb()
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let Some(name) = args.first() {
        match BENCHES.iter().find(|(n, _)| n == name) {
            Some((_, f)) => f(),
            None => eprintln!("unknown benchmark {name}"),
        }
        return;
    }
    let exe = std::env::current_exe().expect("bench binary path");
    for (name, _) in BENCHES {
        let status = std::process::Command::new(&exe).arg(name).status();
        if !matches!(status, Ok(s) if s.success()) {
            eprintln!("benchmark {name} failed: {status:?}");
            std::process::exit(1);
        }
    }
}
