//! The data a payment or payout is started with, gathered from `session/create` and `start`.

use serde_json::Value;

use crate::payment_instrument::{self, PaymentInstrument};
use crate::reply::ApiError;
use crate::validation::{Amount, CardUse, Object, amount, customer, optional_object};

/// Checked request data; every member is optional until a start needs it.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// What is charged (`payment_details`).
    pub payment_details: Option<PaymentInstrument>,
    /// Where a payout goes (`payment_method`).
    pub payment_method: Option<PaymentInstrument>,
    /// `amount_details`.
    pub amount: Option<Amount>,
    /// `customer`, as given.
    pub customer: Option<Value>,
    /// `participant_details`, as given.
    pub participant_details: Option<Value>,
    /// `payment_options`, as given.
    pub payment_options: Option<Value>,
    /// `metadata`: any JSON value, echoed back intact.
    pub metadata: Option<Value>,
}

impl Terms {
    /// Checks whichever of the members are present in `body`.
    pub fn parse(body: &Object) -> Result<Terms, ApiError> {
        let present = |key: &str| body.get(key).filter(|v| !v.is_null());
        Ok(Terms {
            payment_details: present("payment_details")
                .map(|v| payment_instrument::parse(v, "payment_details", CardUse::Charge))
                .transpose()?,
            payment_method: present("payment_method")
                .map(|v| payment_instrument::parse(v, "payment_method", CardUse::Payout))
                .transpose()?,
            amount: present("amount_details")
                .map(|v| amount(v, "amount_details"))
                .transpose()?,
            customer: present("customer")
                .map(|v| customer(v, "customer"))
                .transpose()?,
            participant_details: optional_object(body, "", "participant_details")?,
            payment_options: optional_object(body, "", "payment_options")?,
            metadata: present("metadata").cloned(),
        })
    }

    /// These terms with every member that `newer` has replaced by it.
    pub fn overridden_by(self, newer: Terms) -> Terms {
        Terms {
            payment_details: newer.payment_details.or(self.payment_details),
            payment_method: newer.payment_method.or(self.payment_method),
            amount: newer.amount.or(self.amount),
            customer: newer.customer.or(self.customer),
            participant_details: newer.participant_details.or(self.participant_details),
            payment_options: newer.payment_options.or(self.payment_options),
            metadata: newer.metadata.or(self.metadata),
        }
    }

    /// True when `payment_options.recurrent` asks for a recurrent token.
    pub fn wants_recurrent(&self) -> bool {
        self.payment_options
            .as_ref()
            .and_then(|o| o.get("recurrent"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `payment_options.return_url`, where the 3-D Secure page sends the customer back.
    pub fn return_url(&self) -> Option<&str> {
        self.payment_options
            .as_ref()
            .and_then(|o| o.get("return_url"))
            .and_then(Value::as_str)
    }
}
