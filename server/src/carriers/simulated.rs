//! A simulated carrier: every tracking number gets the same believable
//! journey whenever it is asked, derived from the number itself and the
//! clock, so the demo moves and tests can predict it. About one parcel in
//! ten from China gets stuck in customs; one in ten is returned to sender.

use fiido_protocol::tickets::{Checkpoint, ShipmentException, Tracking};

use super::{Carrier, CarrierError, ShipmentQuery};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// A parcel that has not moved for this long after entering customs is stuck.
pub const STUCK_AFTER: i64 = 4 * DAY;

/// The simulated carrier.
#[derive(Debug, Clone, Copy, Default)]
pub struct Simulated;

/// FNV-1a: a stable hash of the tracking number (std's hasher may change
/// between Rust releases, which would change every demo parcel's fate).
fn fingerprint(tracking_no: &str) -> u64 {
    tracking_no.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The fate a tracking number has, whatever the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Delivered,
    StuckInCustoms,
    Returned,
}

/// Whether a parcel ships from the CN warehouse (crossing customs), and its fate.
pub fn fate(tracking_no: &str) -> (bool, Fate) {
    let h = fingerprint(tracking_no);
    let cross_border = !h.is_multiple_of(3);
    let fate = match h % 10 {
        0 if cross_border => Fate::StuckInCustoms,
        1 => Fate::Returned,
        _ => Fate::Delivered,
    };
    (cross_border, fate)
}

/// The whole journey: each scan with its time, the planned delivery, and
/// when (and which) exception becomes known.
fn journey(q: &ShipmentQuery) -> (Vec<Checkpoint>, i64, Option<(i64, ShipmentException)>, bool) {
    let (cross_border, fate) = fate(&q.tracking_no);
    let origin = if cross_border {
        "Shenzhen, CN"
    } else {
        "Leipzig, DE"
    };
    let at = |offset: i64, location: &str, description: &str| Checkpoint {
        at: q.shipped_at + offset,
        location: location.to_owned(),
        description: description.to_owned(),
    };
    let destination = q.destination.as_str();
    let mut scans = vec![
        at(0, origin, "Label created"),
        at(8 * HOUR, origin, "Picked up by the carrier"),
        at(DAY, origin, "Departed the sorting hub"),
    ];
    let transit = if cross_border { 8 * DAY } else { 2 * DAY };
    if cross_border {
        scans.push(at(4 * DAY, destination, "Arrived at customs"));
    }
    let delivered_at = q.shipped_at + transit + 6 * HOUR;
    let exception = match fate {
        Fate::StuckInCustoms => Some((
            q.shipped_at + 4 * DAY + STUCK_AFTER,
            ShipmentException::Stuck,
        )),
        Fate::Returned => {
            scans.push(at(
                3 * DAY,
                destination,
                "Address not found: returning to sender",
            ));
            Some((q.shipped_at + 3 * DAY, ShipmentException::Returned))
        }
        Fate::Delivered => {
            if cross_border {
                scans.push(at(6 * DAY, destination, "Cleared customs"));
            }
            scans.push(at(transit, destination, "Out for delivery"));
            scans.push(at(transit + 6 * HOUR, destination, "Delivered"));
            None
        }
    };
    (scans, delivered_at, exception, cross_border)
}

impl Carrier for Simulated {
    async fn track(&self, q: &ShipmentQuery, now: i64) -> Result<Tracking, CarrierError> {
        if q.tracking_no.trim().is_empty() {
            return Err(CarrierError::Unknown(q.tracking_no.clone()));
        }
        let (scans, delivered_at, exception, cross_border) = journey(q);
        let exception = exception
            .filter(|(known_at, _)| *known_at <= now)
            .map(|(_, e)| e);
        let delivered = exception.is_none() && delivered_at <= now && journey_delivers(q);
        Ok(Tracking {
            carrier: q.carrier.clone(),
            tracking_no: q.tracking_no.clone(),
            checkpoints: scans.into_iter().filter(|c| c.at <= now).collect(),
            eta: (exception.is_none() && journey_delivers(q)).then_some(delivered_at),
            delivered_at: delivered.then_some(delivered_at),
            exception,
            cross_border,
        })
    }
}

fn journey_delivers(q: &ShipmentQuery) -> bool {
    fate(&q.tracking_no).1 == Fate::Delivered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(tracking_no: &str) -> ShipmentQuery {
        ShipmentQuery {
            carrier: "DHL".into(),
            tracking_no: tracking_no.into(),
            shipped_at: 1_000 * DAY,
            destination: "Berlin, DE".into(),
        }
    }

    /// The first tracking number of the form `JJD{n}` with `fate`.
    fn number_with(fate_wanted: Fate) -> String {
        (0..)
            .map(|n| format!("JJD{n:012}"))
            .find(|t| fate(t).1 == fate_wanted)
            .unwrap()
    }

    #[tokio::test]
    async fn a_parcel_moves_with_the_clock_and_arrives_with_customs_in_its_eta() {
        let q = query(&number_with(Fate::Delivered));
        let (cross_border, _) = fate(&q.tracking_no);
        let early = Simulated.track(&q, q.shipped_at + HOUR).await.unwrap();
        assert_eq!(early.checkpoints.len(), 1);
        assert_eq!(early.delivered_at, None);
        let eta = early.eta.unwrap();
        assert_eq!(
            eta - q.shipped_at,
            if cross_border { 8 * DAY } else { 2 * DAY } + 6 * HOUR
        );
        let later = Simulated.track(&q, eta).await.unwrap();
        assert_eq!(later.delivered_at, Some(eta));
        assert_eq!(later.checkpoints.last().unwrap().description, "Delivered");
        assert_eq!(later.exception, None);
    }

    #[tokio::test]
    async fn a_stuck_parcel_is_known_as_stuck_only_after_days_without_movement() {
        let q = query(&number_with(Fate::StuckInCustoms));
        let before = Simulated
            .track(&q, q.shipped_at + 4 * DAY + STUCK_AFTER - 1)
            .await
            .unwrap();
        assert_eq!(before.exception, None);
        let after = Simulated
            .track(&q, q.shipped_at + 4 * DAY + STUCK_AFTER)
            .await
            .unwrap();
        assert_eq!(after.exception, Some(ShipmentException::Stuck));
        assert_eq!(after.eta, None);
        assert_eq!(
            after.checkpoints.last().unwrap().description,
            "Arrived at customs"
        );
    }

    #[tokio::test]
    async fn the_same_number_always_has_the_same_fate_and_fates_are_mixed() {
        let fates: Vec<Fate> = (0..200).map(|n| fate(&format!("1Z{n:016}")).1).collect();
        let count = |f| fates.iter().filter(|x| **x == f).count();
        assert!(count(Fate::Delivered) > 140);
        assert!(count(Fate::Returned) > 5 && count(Fate::StuckInCustoms) > 2);
        assert_eq!(fate("1Z0000000000000007"), fate("1Z0000000000000007"));
    }
}
