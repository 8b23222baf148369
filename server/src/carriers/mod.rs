//! Carriers' tracking behind one interface (COM-3). The simulated carrier is
//! deterministic, for the demo and tests; DHL, FedEx and UPS need account
//! keys the demo does not have (their adapters are not written yet).

pub mod simulated;

use fiido_protocol::tickets::Tracking;

/// What a carrier needs to find a parcel.
#[derive(Debug, Clone)]
pub struct ShipmentQuery {
    pub carrier: String,
    pub tracking_no: String,
    /// When the order was handed over (its `shipped` step).
    pub shipped_at: i64,
    /// ISO country the parcel goes to.
    pub destination: String,
}

/// Why a carrier gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum CarrierError {
    #[error("the carrier does not know tracking number {0}")]
    Unknown(String),
}

/// A carrier's tracking API.
pub trait Carrier: Send + Sync {
    /// The parcel's scans so far, its ETA and any exception, as of `now`.
    fn track(
        &self,
        query: &ShipmentQuery,
        now: i64,
    ) -> impl std::future::Future<Output = Result<Tracking, CarrierError>> + Send;
}
