//! Creating a 50,000-student demo campaign (roster generation plus one insert transaction).

use std::time::Duration;

use rollcall::demo::{self, DemoOptions};
use rollcall::store::Store;

pub fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    let took = crate::time(3, || {
        n += 1;
        let mut store = Store::open(&dir.path().join(format!("demo{n}.sqlite3"))).expect("open");
        demo::create(
            store.conn_mut(),
            DemoOptions {
                students: 50_000,
                ..DemoOptions::default()
            },
            &rollcall::store::Clock::system(),
        )
        .expect("demo")
    });
    crate::report(
        "demo campaign, 50,000 students, to a new DB",
        took,
        Duration::from_millis(3000),
    );
}
