//! The demo alive today: for a fixed today, the campaign's dates around it, its cohort,
//! no date slips, and the simulated progress counted (the same twice for one seed).

mod common;
use common::{json, ok, rollcall};

use std::path::Path;

use serde_json::Value;

const TODAY: &str = "2026-12-02";

fn make(db: &Path) {
    ok(&rollcall(db, &["demo", "--seed", "9", "--today", TODAY]));
}

fn kinds(db: &Path) -> std::collections::BTreeMap<String, usize> {
    let events = json(&rollcall(db, &["record", "list", "--json"]));
    let mut out = std::collections::BTreeMap::new();
    for e in events["events"].as_array().unwrap() {
        assert!(
            e["date"].as_str().unwrap() <= TODAY,
            "an event after today: {e}"
        );
        *out.entry(e["kind"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    out
}

fn milestone<'a>(show: &'a Value, kind: &str) -> &'a Value {
    show["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == kind)
        .unwrap()
}

#[test]
fn the_demo_for_a_fixed_today_is_placed_around_it_with_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    make(&db);
    let show = json(&rollcall(&db, &["campaign", "show", "--json"]));
    assert_eq!(show["campaign"]["grad_year"], 2027, "{show}");
    assert_eq!(show["campaign"]["name"], "2027届毕业生电子照片采集");
    let onsite = milestone(&show, "onsite");
    assert_eq!(onsite["start"], "2026-11-30");
    assert_eq!(onsite["end"], TODAY);
    assert_eq!(milestone(&show, "payment")["end"], "2026-11-29");
    // No date contradicts the cohort: an autumn campaign before graduation is normal.
    let check = json(&rollcall(&db, &["campaign", "check", "--json"]));
    assert_eq!(check["errors"].as_array().unwrap().len(), 0, "{check}");
    assert!(
        check["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "year_mismatch"),
        "{check}"
    );
    // The schedule is planned, sessions yesterday and today.
    let slots = json(&rollcall(&db, &["check-in", "slots", "--json"]));
    let days: std::collections::BTreeSet<&str> = slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert!(
        days.contains("2026-11-30") && days.contains(TODAY),
        "{days:?}"
    );

    // The simulated progress, counted for seed 9 and this today.
    let counted = kinds(&db);
    let n = |k: &str| counted.get(k).copied().unwrap_or(0);
    assert_eq!(
        (
            n("paid"),
            n("refund"),
            n("walk_in_done"),
            n("checked_in"),
            n("photographed")
        ),
        PINNED_EVENTS,
        "{counted:?}"
    );
    let status = json(&rollcall(&db, &["status", "--today", TODAY, "--json"]));
    let o = &status["counts"]["overall"];
    let got = (
        o["eligible"].as_i64().unwrap(),
        o["done"].as_i64().unwrap(),
        o["pending"].as_i64().unwrap(),
        o["at_risk"].as_i64().unwrap(),
        o["excluded"].as_i64().unwrap(),
    );
    assert_eq!(got, PINNED_STATES, "{o}");

    // Deterministic: a second database, the same students and states.
    let db2 = dir.path().join("again.db");
    make(&db2);
    let p = |db: &Path| {
        json(&rollcall(db, &["progress", "--today", TODAY, "--json"]))["students"].clone()
    };
    assert_eq!(p(&db), p(&db2));
    assert_eq!(kinds(&db2), counted);
}

/// (paid, refund, walk_in_done, checked_in, photographed) for seed 9, 2400 students.
const PINNED_EVENTS: (usize, usize, usize, usize, usize) = (1964, 33, 35, 1796, 991);
/// (eligible, done, pending, at risk, excluded).
const PINNED_STATES: (i64, i64, i64, i64, i64) = (2325, 1026, 1164, 135, 0);
