//! What an agent does with a customer (CUST-4): tags (VIP, risk, prospect,
//! custom) and blocking; the VIP level is the leads' and admins'. At once
//! in the cache, delivered through the outbox.

use fiido_protocol::api::CustomerPatch;
use fiido_protocol::model::{Agent, Customer, Role};
use fiido_protocol::{validate, ApiError, ErrorCode};

use super::apply::upsert_customer;
use super::outbox::queue;
use super::Store;
use crate::error::{storage, DeskResult};

/// A queued change of one customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomerUpdate {
    pub id: String,
    pub patch: CustomerPatch,
}

impl Store {
    /// Tags, blocks or unblocks a customer (and, for leads and admins, sets
    /// the VIP level).
    pub fn enqueue_customer_patch(
        &self,
        id: &str,
        patch: &CustomerPatch,
        agent: &Agent,
    ) -> DeskResult<Customer> {
        if patch.vip_level.is_some() && agent.role == Role::Agent {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "the VIP level is set by leads and admins",
            ));
        }
        let mut customer: Customer = self
            .json_row("SELECT json FROM customers WHERE id = ?1", id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that customer is not here"))?;
        let patch = CustomerPatch {
            tags: patch.tags.as_deref().map(validate::tags).transpose()?,
            ..patch.clone()
        };
        customer.tags = patch.tags.clone().unwrap_or(customer.tags);
        customer.blocked = patch.blocked.unwrap_or(customer.blocked);
        customer.vip_level = patch.vip_level.unwrap_or(customer.vip_level);
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_customer(&tx, &customer)?;
        queue(
            &tx,
            "patch_customer",
            None,
            &CustomerUpdate {
                id: id.to_owned(),
                patch,
            },
        )?;
        tx.commit().map_err(storage)?;
        Ok(customer)
    }

    /// The server's copy of a customer after a delivered change (unless
    /// another is still queued) and the row goes.
    pub fn complete_customer(&self, client_id: &str, customer: &Customer) -> DeskResult<()> {
        self.complete_change(client_id, "patch_customer", &customer.id, |tx| {
            upsert_customer(tx, customer)
        })
    }
}
