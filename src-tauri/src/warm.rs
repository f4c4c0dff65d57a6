//! The overview worked out while the window starts. The first page needs every student's
//! status (a quarter of a second with 50,000 students), and until now that work began
//! only once WebKit had loaded the page; started beside WebKit, it is ready when the page
//! asks. Used once, by the first overview the page asks for, and only when it is the
//! same campaign and day and nothing has changed the database since ([`StoreVersion`]).

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rollcall::campaign::CampaignId;
use rollcall::ops::{self, campaign::Overview, Clock};
use rollcall::store::{Store, StoreVersion};

/// The overview of the newest campaign as of the day the window opened, if still unused.
#[derive(Clone, Default)]
pub struct Warm(Arc<Mutex<Slot>>);

#[derive(Default)]
enum Slot {
    /// Nothing worked out (yet).
    #[default]
    Empty,
    Ready {
        version: StoreVersion,
        today: NaiveDate,
        overview: Box<Overview>,
    },
    /// The page has asked once: later answers are never taken from here.
    Used,
}

impl Warm {
    /// Works out the overview with `store` (already locked by the caller, off the main
    /// thread). A failure is left for the page's own request to meet and report.
    pub fn fill(&self, store: &Store, clock: &Clock) {
        // The page asked before this thread got the store: it has worked the overview
        // out itself, and doing it again would only hold the store up.
        if !self.0.lock().is_ok_and(|slot| matches!(*slot, Slot::Empty)) {
            return;
        }
        let Ok(version) = store.version() else {
            return;
        };
        let Ok(overview) = ops::campaign::overview(store, clock, None) else {
            return;
        };
        if let Ok(mut slot) = self.0.lock() {
            if matches!(*slot, Slot::Empty) {
                *slot = Slot::Ready {
                    version,
                    today: clock.today(),
                    overview: Box::new(overview),
                };
            }
        }
    }

    /// The overview worked out at start, when it answers this request: the first one,
    /// for the same campaign (`None`: the newest) and day, on unchanged data.
    pub fn take(
        &self,
        store: &Store,
        clock: &Clock,
        wanted: Option<CampaignId>,
    ) -> Option<Overview> {
        let mut slot = self.0.lock().ok()?;
        let Slot::Ready {
            version,
            today,
            overview,
        } = std::mem::replace(&mut *slot, Slot::Used)
        else {
            return None;
        };
        let same = store.version().ok() == Some(version)
            && clock.today() == today
            && wanted.is_none_or(|id| id == overview.status.campaign.id);
        same.then_some(*overview)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall::demo::DemoOptions;
    use rollcall::ops::campaign::DemoKind;

    fn clock(day: u32) -> Clock {
        let at = NaiveDate::from_ymd_opt(2025, 4, day).unwrap();
        Clock::at(at.and_hms_opt(9, 0, 0).unwrap())
    }

    fn demo_store() -> (Store, CampaignId) {
        let mut store = Store::open_in_memory().unwrap();
        let opts = DemoOptions {
            students: 200,
            ..DemoOptions::default()
        };
        let (id, _) =
            ops::campaign::demo(&mut store, &clock(1), opts, DemoKind::Reference, false).unwrap();
        (store, id)
    }

    #[test]
    fn the_first_request_gets_the_overview_worked_out_at_start_once() {
        let (store, id) = demo_store();
        let warm = Warm::default();
        warm.fill(&store, &clock(20));
        let fresh = ops::campaign::overview(&store, &clock(20), Some(id)).unwrap();
        let taken = warm
            .take(&store, &clock(20), Some(id))
            .expect("unchanged data");
        assert_eq!(taken.status.counts, fresh.status.counts);
        assert_eq!(taken.status.campaign.id, id);
        assert!(
            warm.take(&store, &clock(20), Some(id)).is_none(),
            "used once"
        );
    }

    #[test]
    fn a_write_another_day_or_another_campaign_means_working_it_out_again() {
        let (store, id) = demo_store();
        let other = CampaignId(id.0 + 1);
        // What happens between the fill and the request, the day and the campaign asked.
        type Case<'a> = (&'a dyn Fn(&Store), u32, Option<CampaignId>);
        let cases: [Case; 3] = [
            (
                &|s| {
                    s.conn()
                        .execute("UPDATE student SET class_name = 'x' WHERE id = 1", [])
                        .map(drop)
                        .unwrap()
                },
                20,
                Some(id),
            ),
            (&|_| {}, 21, None),
            (&|_| {}, 20, Some(other)),
        ];
        for (change, day, wanted) in cases {
            let warm = Warm::default();
            warm.fill(&store, &clock(20));
            change(&store);
            assert!(warm.take(&store, &clock(day), wanted).is_none());
        }
    }

    #[test]
    fn a_request_before_the_work_is_done_leaves_it_unused() {
        let (store, _) = demo_store();
        let warm = Warm::default();
        assert!(warm.take(&store, &clock(20), None).is_none());
        warm.fill(&store, &clock(20));
        assert!(warm.take(&store, &clock(20), None).is_none());
    }
}
